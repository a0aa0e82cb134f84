package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.landht.config.InetLiterals;

class CidrTest {
    private static InetAddress ip(String s) {
        return InetLiterals.parse(s);
    }

    @Test
    void ipv4BlockContainsItsAddressesOnly() {
        Cidr c = Cidr.parse("192.168.1.0/24");
        assertThat(c.contains(ip("192.168.1.0"))).isTrue();
        assertThat(c.contains(ip("192.168.1.255"))).isTrue();
        assertThat(c.contains(ip("192.168.2.1"))).isFalse();
        assertThat(c.contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void prefixesThatAreNotWholeBytesCompareTheRightBits() {
        Cidr c = Cidr.parse("10.64.0.0/10");
        assertThat(c.contains(ip("10.64.0.1"))).isTrue();
        assertThat(c.contains(ip("10.127.255.255"))).isTrue();
        assertThat(c.contains(ip("10.128.0.0"))).isFalse();
        assertThat(c.contains(ip("10.63.255.255"))).isFalse();
    }

    @Test
    void hostBitsOfTheBlockAreIgnored() {
        assertThat(Cidr.parse("192.168.1.77/24").contains(ip("192.168.1.3"))).isTrue();
    }

    @Test
    void aBareAddressIsASingleHost() {
        Cidr v4 = Cidr.parse("127.0.0.2");
        assertThat(v4.prefixLength()).isEqualTo(32);
        assertThat(v4.contains(ip("127.0.0.2"))).isTrue();
        assertThat(v4.contains(ip("127.0.0.1"))).isFalse();
        Cidr v6 = Cidr.parse("::1");
        assertThat(v6.prefixLength()).isEqualTo(128);
        assertThat(v6.contains(ip("::1"))).isTrue();
        assertThat(v6.contains(ip("::2"))).isFalse();
    }

    @Test
    void ipv6BlocksMatchIpv6AddressesOnly() {
        Cidr c = Cidr.parse("fd00::/8");
        assertThat(c.contains(ip("fd12:3456::1"))).isTrue();
        assertThat(c.contains(ip("fe80::1"))).isFalse();
        assertThat(c.contains(ip("10.0.0.1"))).isFalse();
        assertThat(Cidr.parse("2001:db8:1:2::/64").contains(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).isTrue();
        assertThat(Cidr.parse("2001:db8:1:2::/64").contains(ip("2001:db8:1:3::1"))).isFalse();
    }

    @Test
    void zeroPrefixMatchesTheWholeFamily() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void aV4MappedBlockIsTheIpv4BlockItMaps() {
        Cidr c = Cidr.parse("::ffff:10.1.0.0/112");
        assertThat(c.prefixLength()).isEqualTo(16);
        assertThat(c.contains(ip("10.1.200.3"))).isTrue();
        assertThat(c.contains(ip("10.2.0.1"))).isFalse();
    }

    @Test
    void listsMatchWhenAnyBlockMatches() {
        List<Cidr> blocks = Cidr.parseAll(List.of("10.0.0.0/8", "fd00::/8"));
        assertThat(Cidr.anyContains(blocks, ip("10.9.9.9"))).isTrue();
        assertThat(Cidr.anyContains(blocks, ip("fd00::9"))).isTrue();
        assertThat(Cidr.anyContains(blocks, ip("192.168.0.1"))).isFalse();
        assertThat(Cidr.anyContains(List.of(), ip("10.9.9.9"))).isFalse();
    }

    @Test
    void badBlocksAreRefusedWithTheConfigMessages() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..32");
        assertThatThrownBy(() -> Cidr.parse("example.org/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
