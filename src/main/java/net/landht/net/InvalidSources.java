package net.landht.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sources ({@link SourcePrefix}) that keep sending datagrams that do not decode are ignored for a while: more than
 * {@link #THRESHOLD} invalid datagrams within {@link #WINDOW} → every datagram from that source is dropped before
 * decoding for {@link #IGNORE_FOR}. A real OpenDHT peer never sends a malformed datagram, so the threshold leaves
 * a wide margin (5 per second sustained) while cutting the decoding cost of a garbage flood. Not an OpenDHT rule.
 *
 * <p>Records are kept in a {@link BoundedLruMap} of {@link #MAX_SOURCES}; an ignored source that keeps sending stays
 * recent and so is not evicted by one-off sources.
 *
 * <p>Not thread-safe: event loop only; counters may be read from any thread.
 */
public final class InvalidSources {
    /** Invalid datagrams tolerated per window; one more and the source is ignored. */
    public static final int THRESHOLD = 50;
    /** Length of the counting window, started by a source's first invalid datagram. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    /** How long an offending source is ignored. */
    public static final Duration IGNORE_FOR = Duration.ofSeconds(60);
    /** Sources remembered at most. */
    public static final int MAX_SOURCES = 4096;

    private static final long WINDOW_NANOS = WINDOW.toNanos();
    private static final long IGNORE_NANOS = IGNORE_FOR.toNanos();

    private final BoundedLruMap<SourcePrefix, Entry> entries;
    private final LongAdder ignoredEvents = new LongAdder();

    public InvalidSources() {
        this(MAX_SOURCES);
    }

    public InvalidSources(int maxSources) {
        this.entries = new BoundedLruMap<>(maxSources);
    }

    /** True while {@code source} is being ignored. */
    public boolean isIgnored(InetAddress source, long nowNanos) {
        Entry e = entries.get(SourcePrefix.of(source));
        return e != null && e.ignoring && nowNanos - e.ignoredUntil < 0;
    }

    /**
     * Records one invalid datagram from {@code source}.
     *
     * @return true when this one made the source ignored (the caller logs it)
     */
    public boolean onInvalid(InetAddress source, long nowNanos) {
        SourcePrefix key = SourcePrefix.of(source);
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry();
            e.windowStart = nowNanos;
            entries.put(key, e);
        }
        if (e.ignoring && nowNanos - e.ignoredUntil < 0) {
            return false;
        }
        if (e.ignoring || nowNanos - e.windowStart > WINDOW_NANOS) {
            e.ignoring = false;
            e.windowStart = nowNanos;
            e.count = 0;
        }
        e.count++;
        if (e.count > THRESHOLD) {
            e.ignoring = true;
            e.ignoredUntil = nowNanos + IGNORE_NANOS;
            ignoredEvents.increment();
            return true;
        }
        return false;
    }

    /** Sources remembered now. */
    public int size() {
        return entries.size();
    }

    /** Records forgotten because the table was full. */
    public long evictions() {
        return entries.evictions();
    }

    /** Times a source started being ignored. */
    public long ignoredEvents() {
        return ignoredEvents.sum();
    }

    private static final class Entry {
        long windowStart;
        int count;
        boolean ignoring;
        long ignoredUntil;
    }
}
