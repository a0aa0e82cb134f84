package net.landht.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one {@link LanHttpServer} shares: its routes, limits and counters, and the stream bytes
 * waiting to be written on all its connections ({@link HttpLimits#maxQueuedBytesTotal}). Thread-safe.
 *
 * @param router      where requests go
 * @param limits      the bounds
 * @param counters    the server's counters
 * @param queuedTotal stream bytes written and not yet taken by the sockets, all connections together
 * @param heldTotal   request bytes held by all connections ({@link HttpLimits#maxHeldRequestBytes})
 */
record ServerContext(HttpRouter router, HttpLimits limits, HttpCounters counters, AtomicLong queuedTotal,
                     AtomicLong heldTotal) {

    /** Takes {@code bytes} of the held-request budget; false (nothing taken) when they do not fit. */
    boolean hold(long bytes) {
        if (heldTotal.addAndGet(bytes) > limits.maxHeldRequestBytes()) {
            heldTotal.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back {@code bytes} that {@link #hold} took. */
    void release(long bytes) {
        heldTotal.addAndGet(-bytes);
    }
}
