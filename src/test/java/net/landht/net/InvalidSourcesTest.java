package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import net.landht.config.InetLiterals;

class InvalidSourcesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetAddress A = InetLiterals.parse("192.168.1.10");
    private static final InetAddress B = InetLiterals.parse("192.168.1.11");
    private final InvalidSources table = new InvalidSources();

    @Test
    void moreThanFiftyInvalidDatagramsInTenSecondsIgnoreTheSourceForSixtySeconds() {
        for (int i = 0; i < InvalidSources.THRESHOLD; i++) {
            assertThat(table.onInvalid(A, i * 100_000_000L)).isFalse();
        }
        assertThat(table.isIgnored(A, 5 * SECOND)).isFalse();
        assertThat(table.onInvalid(A, 5 * SECOND)).isTrue();
        assertThat(table.ignoredEvents()).isEqualTo(1);
        assertThat(table.isIgnored(A, 5 * SECOND)).isTrue();
        assertThat(table.isIgnored(B, 5 * SECOND)).isFalse();
        assertThat(table.isIgnored(A, 64 * SECOND)).isTrue();
        assertThat(table.isIgnored(A, 66 * SECOND)).isFalse();
    }

    @Test
    void aSlowTrickleOfInvalidDatagramsIsTolerated() {
        for (int i = 0; i < 1000; i++) {
            assertThat(table.onInvalid(A, i * SECOND / 4)).isFalse();
        }
        assertThat(table.isIgnored(A, 250 * SECOND)).isFalse();
    }

    @Test
    void afterTheIgnoreEndsTheCountStartsAgain() {
        for (int i = 0; i <= InvalidSources.THRESHOLD; i++) {
            table.onInvalid(A, 0);
        }
        assertThat(table.isIgnored(A, 61 * SECOND)).isFalse();
        assertThat(table.onInvalid(A, 61 * SECOND)).isFalse();
        assertThat(table.isIgnored(A, 61 * SECOND)).isFalse();
    }

    @Test
    void theTableIsBoundedAndEvictionsAreCounted() {
        InvalidSources small = new InvalidSources(16);
        for (int i = 0; i < 40; i++) {
            small.onInvalid(InetLiterals.parse("10.0.0." + i), 0);
        }
        assertThat(small.size()).isEqualTo(16);
        assertThat(small.evictions()).isEqualTo(24);
    }

    @Test
    void anIgnoredSourceThatKeepsSendingIsNotEvictedByOneOffSources() {
        InvalidSources small = new InvalidSources(16);
        for (int i = 0; i <= InvalidSources.THRESHOLD; i++) {
            small.onInvalid(A, 0);
        }
        for (int i = 0; i < 100; i++) {
            small.onInvalid(InetLiterals.parse("10.0.0." + i), 0);
            assertThat(small.isIgnored(A, 1)).isTrue(); // each datagram from A looks it up
        }
        assertThat(small.isIgnored(A, 2)).isTrue();
    }
}
