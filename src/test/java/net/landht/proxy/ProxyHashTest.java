package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;

/** Path segments read as keys the way OpenDHT's proxy reads them. */
class ProxyHashTest {
    private static final String HEX = "1d569cbddd393b077901d2467b0a7d023949fee4";

    @Test
    void fortyHexDigitsAreTheKeyInEitherCase() {
        assertThat(ProxyHash.parse(HEX)).isEqualTo(InfoHash.fromHex(HEX));
        assertThat(ProxyHash.parse(HEX.toUpperCase())).isEqualTo(InfoHash.fromHex(HEX));
    }

    @Test
    void charactersAfterTheFortiethAreIgnored() {
        assertThat(ProxyHash.parse(HEX + "zz-anything")).isEqualTo(InfoHash.fromHex(HEX));
    }

    @Test
    void shortOrNonHexSegmentsAreHashedWithSha1() {
        assertThat(ProxyHash.parse("not-a-hash")).isEqualTo(sha1("not-a-hash"));
        assertThat(ProxyHash.parse("abcdef")).isEqualTo(sha1("abcdef"));
        String unicodeDigits = "\u0661".repeat(40);
        assertThat(ProxyHash.parse(unicodeDigits)).isEqualTo(sha1(unicodeDigits));
    }

    @Test
    void theZeroHashIsHashedLikeAnyInvalidOne() {
        String zeros = "0".repeat(40);
        assertThat(ProxyHash.parse(zeros)).isEqualTo(sha1(zeros));
    }

    private static InfoHash sha1(String s) {
        return InfoHash.sha1Of(s.getBytes(StandardCharsets.UTF_8));
    }
}
