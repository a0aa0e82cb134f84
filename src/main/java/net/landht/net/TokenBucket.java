package net.landht.net;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code perSecond}; taking more than
 * it holds fails and takes nothing. Refills lazily from the caller's clock, so an idle bucket costs nothing.
 * Not thread-safe.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    /** A full bucket at {@code nowNanos}. */
    public TokenBucket(long capacity, long perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code n} tokens if the bucket holds them. */
    public boolean tryTake(long n, long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

}
