package net.landht.names;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a secondary's forwarder ({@link NameForwarder}) did, for {@code /metrics} (read by {@code ops.NamesSection}):
 * requests sent to the primary by route and outcome, answers served from the {@link NameCache}, and cache evictions.
 * All zero on a landht without {@code names.primary}. Thread-safe.
 */
public final class ForwardCounters {
    /** Which request was forwarded. */
    public enum Route {
        /** {@code GET /name/<name>} and its extras. */
        NAME,
        /** {@code GET /addr/<id>}. */
        ADDR,
        /** {@code POST /name/<name>}. */
        REGISTER
    }

    /** How a forwarded request ended. */
    public enum Outcome {
        /** The primary answered 2xx: relayed. */
        OK,
        /** The primary answered 404: relayed. */
        NOT_FOUND,
        /** The primary answered another 4xx (400, 401, 403, 409...): relayed. */
        REFUSED,
        /** The primary answered 5xx (busy, rate-limited, its database down): relayed. */
        PRIMARY_ERROR,
        /** No answer: connection refused, connect or answer timed out. Answered 503. */
        UNREACHABLE,
        /** An answer that cannot be relayed: not JSON, too large, a redirect, a broken connection. Answered 502. */
        BAD_ANSWER,
        /** Not sent: too many requests already waiting for the primary. Answered 503. */
        BUSY,
        /** Not sent: the request came from another landht's forwarder, a forwarding loop. Answered 502. */
        LOOP
    }

    private final Map<Route, Map<Outcome, LongAdder>> forwarded = new EnumMap<>(Route.class);
    private final Map<NameCache.Endpoint, LongAdder> foundHits = NamesCounters.adders(NameCache.Endpoint.class);
    private final Map<NameCache.Endpoint, LongAdder> notFoundHits = NamesCounters.adders(NameCache.Endpoint.class);
    private final LongAdder evictions = new LongAdder();

    public ForwardCounters() {
        for (Route r : Route.values()) {
            forwarded.put(r, NamesCounters.adders(Outcome.class));
        }
    }

    void countForwarded(Route route, Outcome outcome) {
        forwarded.get(route).get(outcome).increment();
    }

    void countCacheHit(NameCache.Endpoint endpoint, boolean found) {
        (found ? foundHits : notFoundHits).get(endpoint).increment();
    }

    void countCacheEviction() {
        evictions.increment();
    }

    /** Requests forwarded (or refused before sending, {@link Outcome#BUSY}, {@link Outcome#LOOP}) by outcome. */
    public long forwarded(Route route, Outcome outcome) {
        return forwarded.get(route).get(outcome).sum();
    }

    /** Lookups answered from the cache: a found answer ({@code found}) or a recent 404. */
    public long cacheHits(NameCache.Endpoint endpoint, boolean found) {
        return (found ? foundHits : notFoundHits).get(endpoint).sum();
    }

    /** Entries dropped because their table was full. */
    public long cacheEvictions() {
        return evictions.sum();
    }
}
