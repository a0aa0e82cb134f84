package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import net.landht.config.InetLiterals;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetAddress A = InetLiterals.parse("192.168.1.10");
    private static final InetAddress B = InetLiterals.parse("192.168.1.11");

    private static int allowed(RateLimiter l, InetAddress from, int tries, long now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (l.acquire(from, 1, now) == RateLimiter.Verdict.ALLOWED) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aSourceGetsItsRatePerSecondThenIsRefusedUntilTheBucketRefills() {
        RateLimiter l = new RateLimiter(8192, 1024, 100);
        assertThat(allowed(l, A, 5000, 0)).isEqualTo(1024);
        assertThat(l.sourceLimited()).isEqualTo(5000 - 1024);
        assertThat(allowed(l, A, 5000, SECOND / 2)).isEqualTo(512);
        assertThat(allowed(l, A, 5000, 10 * SECOND)).isEqualTo(1024);
    }

    @Test
    void oneSourceOverItsLimitDoesNotUseUpTheOthers() {
        RateLimiter l = new RateLimiter(8192, 1024, 100);
        allowed(l, A, 100_000, 0);
        assertThat(allowed(l, B, 1000, 0)).isEqualTo(1000);
    }

    @Test
    void theGlobalLimitHoldsAcrossSources() {
        RateLimiter l = new RateLimiter(2048, 1024, 100);
        int total = 0;
        for (int i = 1; i <= 10; i++) {
            total += allowed(l, InetLiterals.parse("10.0.0." + i), 1024, 0);
        }
        assertThat(total).isEqualTo(2048);
        assertThat(l.globalLimited()).isEqualTo(10 * 1024 - 2048);
    }

    @Test
    void ipv6SourcesShareOneBucketPer64() {
        RateLimiter l = new RateLimiter(0, 10, 100);
        assertThat(allowed(l, InetLiterals.parse("2001:db8:1:2::1"), 8, 0)).isEqualTo(8);
        assertThat(allowed(l, InetLiterals.parse("2001:db8:1:2:ffff::9"), 8, 0)).isEqualTo(2);
        assertThat(allowed(l, InetLiterals.parse("2001:db8:1:3::1"), 8, 0)).isEqualTo(8);
    }

    @Test
    void zeroMeansUnlimited() {
        RateLimiter l = new RateLimiter(0, 0, 100);
        assertThat(l.isUnlimited()).isTrue();
        assertThat(allowed(l, A, 100_000, 0)).isEqualTo(100_000);
        assertThat(l.trackedSources()).isZero();
    }

    @Test
    void thePerSourceTableIsBoundedAndEvictionsAreCounted() {
        RateLimiter l = new RateLimiter(0, 5, 64);
        for (int i = 0; i < 200; i++) {
            l.acquire(InetLiterals.parse("10.1." + (i / 256) + "." + (i % 256)), 1, 0);
        }
        assertThat(l.trackedSources()).isEqualTo(64);
        assertThat(l.evictions()).isEqualTo(200 - 64);
    }

    @Test
    void unitsCanBeBytes() {
        RateLimiter l = new RateLimiter(1 << 20, 1 << 20, 1000, 100, 10, 0);
        assertThat(l.acquire(A, 800, 0)).isEqualTo(RateLimiter.Verdict.ALLOWED);
        assertThat(l.acquire(A, 300, 0)).isEqualTo(RateLimiter.Verdict.SOURCE_LIMITED);
        assertThat(l.acquire(A, 300, 1 * SECOND)).isEqualTo(RateLimiter.Verdict.ALLOWED);
    }
}
