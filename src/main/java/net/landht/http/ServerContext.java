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
 */
record ServerContext(HttpRouter router, HttpLimits limits, HttpCounters counters, AtomicLong queuedTotal) {
}
