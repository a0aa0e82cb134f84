package net.landht.net;

import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} requests per source (IPv4 address or IPv6 /64), in bursts of up to {@code perMinute},
 * refilled evenly over the minute; 0 = no limit. For requests a client makes rarely and that cost landht or a third
 * party much (name registrations, push pings). Sources are kept in the bounded table of {@link RateLimiter}
 * ({@link #MAX_SOURCES}, least recently seen forgotten first). Thread-safe.
 */
public final class PerMinuteLimiter {
    /** Sources remembered at most. */
    public static final int MAX_SOURCES = 4096;
    /** {@link RateLimiter} counts per second: one request is 60 units and a source earns {@code perMinute} a second. */
    private static final long UNITS_PER_REQUEST = 60;

    private final RateLimiter limiter;
    private final LongSupplier nanoTime;

    /**
     * @param perMinute requests per minute per source, 0 = unlimited
     * @param nanoTime  monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public PerMinuteLimiter(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must be >= 0, got " + perMinute);
        }
        this.nanoTime = nanoTime;
        this.limiter = new RateLimiter(0, 0, perMinute * UNITS_PER_REQUEST, perMinute, MAX_SOURCES,
                nanoTime.getAsLong());
    }

    /** Takes one request from {@code source}'s allowance; false when it has none left. */
    public synchronized boolean tryAcquire(InetAddress source) {
        return limiter.acquire(source, UNITS_PER_REQUEST, nanoTime.getAsLong()) == RateLimiter.Verdict.ALLOWED;
    }

    /** Sources forgotten because the table was full. */
    public synchronized long evictions() {
        return limiter.evictions();
    }
}
