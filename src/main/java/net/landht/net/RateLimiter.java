package net.landht.net;

import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * Token buckets per source ({@link SourcePrefix}: IPv4 address or IPv6 /64) and one for everyone, in units of the
 * caller's choice (requests, bytes). The source's bucket is asked first, then the global one, as OpenDHT does, so a
 * source over its own limit does not use up the global budget. A rate of 0 means no limit at that level.
 *
 * <p>Each bucket holds one second's worth ({@code burst}), refilled continuously: at most {@code burst + rate × t}
 * units pass in {@code t} seconds. OpenDHT uses a sliding one-second window instead (src/rate_limiter.h); the
 * sustained rate is the same and the state is two numbers instead of a queue of timestamps.
 *
 * <p>Per-source buckets are kept in a {@link BoundedLruMap}: a flood of spoofed sources evicts the least recently
 * seen ones (counted), which then start again with a full bucket; the global bucket still holds.
 *
 * <p>Not thread-safe: event loop only; counters may be read from any thread.
 */
public final class RateLimiter {
    /** What {@link #acquire} decided. */
    public enum Verdict {
        ALLOWED, SOURCE_LIMITED, GLOBAL_LIMITED
    }

    private final long perSourceBurst;
    private final long perSourcePerSecond;
    private final TokenBucket global;
    private final BoundedLruMap<SourcePrefix, TokenBucket> sources;
    private final LongAdder sourceLimited = new LongAdder();
    private final LongAdder globalLimited = new LongAdder();

    /**
     * @param globalPerSecond    units per second for everyone together; 0 = unlimited
     * @param perSourcePerSecond units per second per source; 0 = unlimited
     * @param maxSources         per-source buckets kept at most
     */
    public RateLimiter(long globalPerSecond, long perSourcePerSecond, int maxSources) {
        this(globalPerSecond, globalPerSecond, perSourcePerSecond, perSourcePerSecond, maxSources, 0);
    }

    /**
     * @param globalBurst        units the global bucket holds when full
     * @param globalPerSecond    its refill rate; 0 = no global limit
     * @param perSourceBurst     units a source's bucket holds when full
     * @param perSourcePerSecond its refill rate; 0 = no per-source limit
     * @param maxSources         per-source buckets kept at most
     * @param nowNanos           the current time of the clock later passed to {@link #acquire}
     */
    public RateLimiter(long globalBurst, long globalPerSecond, long perSourceBurst, long perSourcePerSecond,
                       int maxSources, long nowNanos) {
        if (globalPerSecond < 0 || perSourcePerSecond < 0 || globalBurst < 0 || perSourceBurst < 0) {
            throw new IllegalArgumentException("rates and bursts must be >= 0");
        }
        this.global = globalPerSecond == 0 ? null : new TokenBucket(globalBurst, globalPerSecond, nowNanos);
        this.perSourceBurst = perSourceBurst;
        this.perSourcePerSecond = perSourcePerSecond;
        this.sources = new BoundedLruMap<>(maxSources);
    }

    /** True when neither limit is set. */
    public boolean isUnlimited() {
        return global == null && perSourcePerSecond == 0;
    }

    /** Takes {@code units} from {@code source}'s bucket, then from the global one; counts a refusal. */
    public Verdict acquire(InetAddress source, long units, long nowNanos) {
        if (perSourcePerSecond > 0) {
            SourcePrefix key = SourcePrefix.of(source);
            TokenBucket b = sources.get(key);
            if (b == null) {
                b = new TokenBucket(perSourceBurst, perSourcePerSecond, nowNanos);
                sources.put(key, b);
            }
            if (!b.tryTake(units, nowNanos)) {
                sourceLimited.increment();
                return Verdict.SOURCE_LIMITED;
            }
        }
        if (global != null && !global.tryTake(units, nowNanos)) {
            globalLimited.increment();
            return Verdict.GLOBAL_LIMITED;
        }
        return Verdict.ALLOWED;
    }

    /** Sources with a bucket now. */
    public int trackedSources() {
        return sources.size();
    }

    /** Per-source buckets kept at most; past this, the least recently seen source's bucket is evicted. */
    public int maxSources() {
        return sources.maxEntries();
    }

    /** Per-source buckets forgotten because the table was full. */
    public long evictions() {
        return sources.evictions();
    }

    public long sourceLimited() {
        return sourceLimited.sum();
    }

    public long globalLimited() {
        return globalLimited.sum();
    }
}
