package net.landht.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The last hour of request and reply rates for the status page's chart: a ring of at most {@link #capacity()}
 * samples, each the average rate since the previous one. Fed from two monotonic counters (requests received, replies
 * sent) every {@link #INTERVAL} by the ops thread; memory stays bounded whatever the uptime. Thread-safe.
 */
final class RateHistory {
    /** Time between two samples. */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Samples kept: one hour at {@link #INTERVAL}. */
    static final int CAPACITY = 360;

    /**
     * One point of the chart.
     *
     * @param atMillis          end of the interval, epoch milliseconds
     * @param requestsPerSecond DHT requests received per second over the interval
     * @param repliesPerSecond  DHT replies sent per second over the interval
     */
    record Sample(long atMillis, double requestsPerSecond, double repliesPerSecond) {
    }

    private final Sample[] ring;
    private int next;       // where the next sample goes
    private int size;
    private long lastMillis = Long.MIN_VALUE;  // MIN_VALUE: no baseline yet
    private long lastRequests;
    private long lastReplies;

    /** @param capacity samples kept, at least 1 */
    RateHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.ring = new Sample[capacity];
    }

    /**
     * Reads the counters at {@code atMillis}. The first call only sets the baseline; each later one adds a sample
     * (dropping the oldest when full). A call whose time is not after the previous one is ignored; a counter that
     * went down (it never should) counts as 0 for that interval.
     *
     * @param requests total DHT requests received so far
     * @param replies  total DHT replies sent so far
     */
    synchronized void record(long atMillis, long requests, long replies) {
        if (lastMillis != Long.MIN_VALUE) {
            long elapsed = atMillis - lastMillis;
            if (elapsed <= 0) {
                return;
            }
            double seconds = elapsed / 1000.0;
            ring[next] = new Sample(atMillis, Math.max(0, requests - lastRequests) / seconds,
                    Math.max(0, replies - lastReplies) / seconds);
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        }
        lastMillis = atMillis;
        lastRequests = requests;
        lastReplies = replies;
    }

    /** The samples, oldest first; a copy. */
    synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>(size);
        int first = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(first + i) % ring.length]);
        }
        return out;
    }

    int capacity() {
        return ring.length;
    }
}
