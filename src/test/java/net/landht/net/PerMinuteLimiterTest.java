package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PerMinuteLimiterTest {
    private final AtomicLong nanos = new AtomicLong();

    private static InetAddress v4(int n) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
    }

    @Test
    void aSourceGetsItsPerMinuteAllowanceAtOnceThenOneEverySixtiethOfAMinuteTimesTheRate() throws Exception {
        PerMinuteLimiter limiter = new PerMinuteLimiter(3, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(v4(1))).isTrue();
        }
        assertThat(limiter.tryAcquire(v4(1))).isFalse();
        nanos.addAndGet(19_000_000_000L);
        assertThat(limiter.tryAcquire(v4(1))).isFalse();
        nanos.addAndGet(1_000_000_000L);  // 20 s: one of 3 per minute
        assertThat(limiter.tryAcquire(v4(1))).isTrue();
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        PerMinuteLimiter limiter = new PerMinuteLimiter(0, nanos::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire(v4(1))).isTrue();
        }
    }

    @Test
    void theSourceTableIsBoundedAndCountsWhatItForgets() throws Exception {
        PerMinuteLimiter limiter = new PerMinuteLimiter(1, nanos::get);
        assertThat(limiter.tryAcquire(v4(0))).isTrue();
        assertThat(limiter.tryAcquire(v4(0))).isFalse();
        for (int i = 1; i <= PerMinuteLimiter.MAX_SOURCES; i++) {
            limiter.tryAcquire(v4(i));
        }
        assertThat(limiter.evictions()).isEqualTo(1);
        assertThat(limiter.tryAcquire(v4(0))).as("forgotten, so full again").isTrue();
    }
}
