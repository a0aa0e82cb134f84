package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small text forms: durations, IP literals, CIDR blocks, nearest names. */
class ValueFormsTest {
    @Test
    void durationsInUnitsAndIso8601() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("0")).isZero();
    }

    @Test
    void durationsWithoutUnitOrNegativeAreRefused() {
        assertThatThrownBy(() -> Durations.parse("30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("PT-5S")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("5 m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsFormatToTheShortestReadableForm() {
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
        assertThat(Durations.parse(Durations.format(Duration.ofHours(3)))).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void byteSizesTakeBinaryAndDecimalUnitsOrPlainBytes() {
        assertThat(ByteSizes.parse("65536")).isEqualTo(java.math.BigInteger.valueOf(65_536));
        assertThat(ByteSizes.parse("64KiB")).isEqualTo(java.math.BigInteger.valueOf(65_536));
        assertThat(ByteSizes.parse("128MiB")).isEqualTo(java.math.BigInteger.valueOf(134_217_728));
        assertThat(ByteSizes.parse("128 mib")).isEqualTo(java.math.BigInteger.valueOf(134_217_728));
        assertThat(ByteSizes.parse("2GiB")).isEqualTo(java.math.BigInteger.valueOf(2L << 30));
        assertThat(ByteSizes.parse("1GB")).isEqualTo(java.math.BigInteger.valueOf(1_000_000_000));
        assertThat(ByteSizes.parse("64kB")).isEqualTo(java.math.BigInteger.valueOf(64_000));
        assertThat(ByteSizes.parse("100B")).isEqualTo(java.math.BigInteger.valueOf(100));
        assertThat(ByteSizes.parse("0")).isEqualTo(java.math.BigInteger.ZERO);
    }

    @Test
    void byteSizesWithAnUnknownUnitOrAFractionAreRefused() {
        for (String bad : List.of("64K", "1.5MiB", "-1MiB", "MiB", "", "12 34", "64KiBB", "1e6")) {
            assertThatThrownBy(() -> ByteSizes.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ipLiteralsAreRecognisedWithoutDns() {
        assertThat(InetLiterals.isIpv4("192.168.1.10")).isTrue();
        assertThat(InetLiterals.isIpv4("192.168.1")).isFalse();
        assertThat(InetLiterals.isIpv4("256.1.1.1")).isFalse();
        assertThat(InetLiterals.isIpv4("localhost")).isFalse();
        assertThat(InetLiterals.isIpv6("::")).isTrue();
        assertThat(InetLiterals.isIpv6("fd00::5")).isTrue();
        assertThat(InetLiterals.isIpv6("fd00::5::1")).isFalse();
        assertThat(InetLiterals.isIpv6("zz::1")).isFalse();
        assertThat(InetLiterals.isIpv6("example.org")).isFalse();
    }

    @Test
    void literalsParseToAddressesOfTheirFamily() {
        assertThat(InetLiterals.parse("127.0.0.1")).isInstanceOf(java.net.Inet4Address.class);
        assertThat(InetLiterals.parse("::1")).isInstanceOf(java.net.Inet6Address.class);
        assertThatThrownBy(() -> InetLiterals.parse("localhost")).hasMessageContaining("not an IPv4 or IPv6");
    }

    @Test
    void cidrBlocks() {
        assertThat(InetLiterals.checkCidr("10.0.0.0/8")).isEqualTo(8);
        assertThat(InetLiterals.checkCidr("fd00::/8")).isEqualTo(8);
        assertThat(InetLiterals.checkCidr("10.0.0.1")).isEqualTo(32);
        assertThat(InetLiterals.checkCidr("::1")).isEqualTo(128);
        assertThatThrownBy(() -> InetLiterals.checkCidr("10.0.0.0/33")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> InetLiterals.checkCidr("fd00::/129")).hasMessageContaining("0..128");
        assertThatThrownBy(() -> InetLiterals.checkCidr("10.0.0.0/")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> InetLiterals.checkCidr("10.0.0/8")).hasMessageContaining("not an IPv4 or IPv6");
    }

    @Test
    void nearestNameFindsTyposAndMisplacedKeys() {
        var keys = ConfigKeys.TYPES.keySet();
        assertThat(KeyNames.nearest("dht.prot", keys)).isEqualTo("dht.port");
        assertThat(KeyNames.nearest("dht.network_id", keys)).isEqualTo("dht.network-id");
        assertThat(KeyNames.nearest("dht.bootstraps", keys)).isEqualTo("dht.bootstrap");
        assertThat(KeyNames.nearest("ops.max-listeners-per-key", keys)).isEqualTo("storage.max-listeners-per-key");
        assertThat(KeyNames.nearest("dht.colour", keys)).isNull();
    }
}
