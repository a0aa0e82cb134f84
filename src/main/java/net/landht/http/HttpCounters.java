package net.landht.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the LAN HTTP server, thread-safe, read by ops ({@code /metrics}, {@code /stats}) and the summary log.
 * Requests are counted by route and status; routes are names the services give (a fixed set per service, plus
 * {@link #UNMATCHED} and {@link #HTTP_LAYER}) and statuses are the few the server sends, so the map stays small;
 * it is bounded anyway at {@link #MAX_SERIES} pairs (later pairs counted under {@code other}).
 */
public final class HttpCounters {
    /** Route name of a request no service claimed. */
    public static final String UNMATCHED = "unmatched";
    /** Route name of a request refused by the HTTP layer itself (bad syntax, over a limit). */
    public static final String HTTP_LAYER = "http";
    /** Most (route, status) pairs kept apart. */
    static final int MAX_SERIES = 256;

    /** Why a connection or a request was refused or a connection closed by the server. */
    public enum Refusal {
        /** The source is outside {@code limits.allow}. */
        NOT_ALLOWED,
        /** Too many connections open in total. */
        TOO_MANY_CONNECTIONS,
        /** Too many connections open from this source. */
        TOO_MANY_FROM_SOURCE,
        /** Body larger than allowed (413). */
        BODY_TOO_LARGE,
        /** Request line too long (414). */
        URI_TOO_LONG,
        /** Header block too large (431). */
        HEADERS_TOO_LARGE,
        /** Not HTTP, or malformed HTTP (400). */
        BAD_REQUEST,
        /** A request did not arrive whole in time. */
        READ_TIMEOUT,
        /** Too many pipelined requests waiting. */
        PIPELINE_FULL,
        /** A reader that did not read: queue over its bound or not writable for too long. */
        SLOW_READER,
        /** A service threw (a bug; answered 500). */
        HANDLER_ERROR,
        /** The request bytes held on all connections are at their bound (503). */
        SERVER_BUSY
    }

    /** A (route, status) pair. */
    public record Series(String route, int status) implements Comparable<Series> {
        @Override
        public int compareTo(Series o) {
            int c = route.compareTo(o.route);
            return c != 0 ? c : Integer.compare(status, o.status);
        }
    }

    private final Map<Series, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();

    public HttpCounters() {
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    void request(String route, int status) {
        Series s = new Series(route, status);
        LongAdder a = requests.get(s);
        if (a == null) {
            a = requests.size() < MAX_SERIES ? requests.computeIfAbsent(s, k -> new LongAdder())
                    : requests.computeIfAbsent(new Series("other", 0), k -> new LongAdder());
        }
        a.increment();
    }

    void refuse(Refusal r) {
        refusals.get(r).increment();
    }

    void connectionOpened() {
        connectionsAccepted.increment();
        openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    void closedIdle() {
        idleClosed.increment();
    }

    /** Requests answered so far by (route, status), sorted. */
    public Map<Series, Long> requests() {
        Map<Series, Long> m = new TreeMap<>();
        requests.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Requests answered so far, all routes. */
    public long requestsTotal() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long refused(Refusal r) {
        return refusals.get(r).sum();
    }

    /** Connections open now (admitted ones). */
    public int openConnections() {
        return openConnections.get();
    }

    /** Streamed answers (gets running, listens) open now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Connections admitted since start. */
    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Keep-alive connections closed because they stayed idle. */
    public long idleClosed() {
        return idleClosed.sum();
    }
}
