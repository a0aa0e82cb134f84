package net.landht.discovery;

import java.util.function.LongSupplier;

import net.landht.net.TokenBucket;

/**
 * {@link TokenBucket} on a clock of its own: {@code perSecond} events a second on average, bursts of {@code burst}.
 * Single-threaded (the discovery thread).
 */
final class RateLimit {
    private final TokenBucket bucket;
    private final LongSupplier nanoTime;

    RateLimit(int perSecond, int burst, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.bucket = new TokenBucket(burst, perSecond, nanoTime.getAsLong());
    }

    /** Takes one token; false when the bucket is empty. */
    boolean tryAcquire() {
        return bucket.tryTake(1, nanoTime.getAsLong());
    }
}
