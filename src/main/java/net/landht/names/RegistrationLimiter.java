package net.landht.names;

import java.net.InetAddress;
import java.util.function.LongSupplier;

import net.landht.net.RateLimiter;

/**
 * At most {@code perMinute} registration POSTs per source (IPv4 address or IPv6 /64), in bursts of up to
 * {@code perMinute}, refilled evenly over the minute; 0 = no limit. Every POST counts, accepted or not, so guessing
 * at signatures or flooding names costs the same. Sources are kept in the bounded table of {@link RateLimiter}
 * ({@link #MAX_SOURCES}, least recently seen forgotten first). Thread-safe.
 */
final class RegistrationLimiter {
    /** Sources remembered at most. */
    static final int MAX_SOURCES = 4096;
    /** {@link RateLimiter} counts per second: one POST is 60 units and a source earns {@code perMinute} a second. */
    private static final long UNITS_PER_POST = 60;

    private final RateLimiter limiter;
    private final LongSupplier nanoTime;

    /**
     * @param perMinute POSTs per minute per source, 0 = unlimited
     * @param nanoTime  monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    RegistrationLimiter(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must be >= 0, got " + perMinute);
        }
        this.nanoTime = nanoTime;
        this.limiter = new RateLimiter(0, 0, perMinute * UNITS_PER_POST, perMinute, MAX_SOURCES,
                nanoTime.getAsLong());
    }

    /** Takes one POST from {@code source}'s allowance; false when it has none left. */
    synchronized boolean tryAcquire(InetAddress source) {
        return limiter.acquire(source, UNITS_PER_POST, nanoTime.getAsLong()) == RateLimiter.Verdict.ALLOWED;
    }

    /** Sources forgotten because the table was full. */
    synchronized long evictions() {
        return limiter.evictions();
    }
}
