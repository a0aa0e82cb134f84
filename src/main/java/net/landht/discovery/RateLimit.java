package net.landht.discovery;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} events a second on average, bursts of {@code burst}. Single-threaded (the
 * discovery thread).
 */
final class RateLimit {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    RateLimit(double perSecond, int burst, LongSupplier nanoTime) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token; false when the bucket is empty. */
    boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
