package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void bareHostGetsDefaultPort() {
        assertThat(Seeds.parseOne("10.0.0.5")).isEqualTo(new Seed("10.0.0.5", 4222));
        assertThat(Seeds.parseOne("bootstrap.lan")).isEqualTo(new Seed("bootstrap.lan", 4222));
    }

    @Test
    void hostWithPort() {
        assertThat(Seeds.parseOne("10.0.0.5:4300")).isEqualTo(new Seed("10.0.0.5", 4300));
        assertThat(Seeds.parseOne("Seed-1.example.org:5000")).isEqualTo(new Seed("seed-1.example.org", 5000));
    }

    @Test
    void bracketedIpv6WithAndWithoutPort() {
        assertThat(Seeds.parseOne("[fd00::5]:4300")).isEqualTo(new Seed("fd00::5", 4300));
        assertThat(Seeds.parseOne("[::1]")).isEqualTo(new Seed("::1", 4222));
    }

    @Test
    void bareIpv6IsAllHostAsInOpenDht() {
        assertThat(Seeds.parseOne("::1")).isEqualTo(new Seed("::1", 4222));
        assertThat(Seeds.parseOne("2001:db8::4222")).isEqualTo(new Seed("2001:db8::4222", 4222));
        assertThat(Seeds.parseOne("fe80::1%eth0").host()).isEqualTo("fe80::1%eth0");
    }

    @Test
    void emptyPortMeansDefaultAsInOpenDht() {
        assertThat(Seeds.parseOne("seed.lan:")).isEqualTo(new Seed("seed.lan", 4222));
    }

    @Test
    void jamiSemicolonListAndOtherSeparators() {
        assertThat(Seeds.parse("10.0.0.5;[fd00::5]:4300; seed.lan:4223 ,other.lan"))
                .containsExactly(new Seed("10.0.0.5", 4222), new Seed("fd00::5", 4300), new Seed("seed.lan", 4223),
                        new Seed("other.lan", 4222));
    }

    @Test
    void blankTextAndEmptyEntriesGiveNothing() {
        assertThat(Seeds.parse("")).isEmpty();
        assertThat(Seeds.parse(" ;; ")).isEmpty();
        assertThat(Seeds.parse(null)).isEmpty();
    }

    @Test
    void duplicatesAreDroppedInOrder() {
        assertThat(Seeds.parseAll(List.of("b.lan;a.lan", "b.lan:4222", "[::1]", "::1")))
                .containsExactly(new Seed("b.lan", 4222), new Seed("a.lan", 4222), new Seed("::1", 4222));
    }

    @Test
    void toStringGivesTheFormJamiReadsBack() {
        assertThat(new Seed("fd00::5", 4300)).hasToString("[fd00::5]:4300");
        assertThat(new Seed("seed.lan", 4222)).hasToString("seed.lan:4222");
    }

    @Test
    void badPortsAreRefused() {
        assertThatThrownBy(() -> Seeds.parseOne("seed.lan:0")).hasMessage(
                "bad bootstrap entry 'seed.lan:0': port 0 is not in 1..65535");
        assertThatThrownBy(() -> Seeds.parseOne("seed.lan:65536")).hasMessageContaining("65536 is not in 1..65535");
        assertThatThrownBy(() -> Seeds.parseOne("seed.lan:http")).hasMessage(
                "bad bootstrap entry 'seed.lan:http': port 'http' is not a number 1..65535");
        assertThatThrownBy(() -> Seeds.parseOne("[::1]:x")).hasMessageContaining("port 'x'");
    }

    @Test
    void badHostsAreRefused() {
        assertThatThrownBy(() -> Seeds.parseOne("[::1")).hasMessageContaining("missing ']'");
        assertThatThrownBy(() -> Seeds.parseOne("[seed.lan]:4222")).hasMessageContaining("not an IPv6 address");
        assertThatThrownBy(() -> Seeds.parseOne("[::1]4222")).hasMessageContaining("expected ':port' after ']'");
        assertThatThrownBy(() -> Seeds.parseOne(":4222")).hasMessageContaining("no host before ':'");
        assertThatThrownBy(() -> Seeds.parseOne("10.0.0.300")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Seeds.parseOne("seed_lan/x")).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> Seeds.parseOne("a:b:c")).hasMessageContaining("not an IPv6 address");
    }
}
