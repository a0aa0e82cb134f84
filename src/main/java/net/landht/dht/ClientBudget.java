package net.landht.dht;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import net.landht.net.SourcePrefix;

/**
 * Admission of client operations against {@link ClientLimits}, callable from any thread (the check happens in the
 * caller's thread, before anything is posted to the DHT loop). One counter per kind in total and one per kind and
 * requester (its IPv4 address, or the /64 of its IPv6 address: {@link SourcePrefix}, as the HTTP connection gate
 * and the storage quotas count a source); a requester's entry disappears when its count drops to 0, so the map is
 * bounded by the total limit.
 */
final class ClientBudget {
    /** What an admitted operation holds until it ends. */
    enum Kind { SEARCH, LISTEN, PERMANENT }

    private record SourceKind(SourcePrefix source, Kind kind) {
    }

    private final ClientLimits limits;
    private final ClientCounters counters;
    private final AtomicInteger[] totals = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    private final ConcurrentHashMap<SourceKind, Integer> perSource = new ConcurrentHashMap<>();

    ClientBudget(ClientLimits limits, ClientCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    /**
     * Takes one slot of {@code kind} for {@code source} (null = landht itself, not bounded per source).
     *
     * @throws DhtClient.Refused over the per-source or the total bound (counted)
     */
    void acquire(Kind kind, InetAddress source) {
        AtomicInteger total = totals[kind.ordinal()];
        if (total.incrementAndGet() > totalLimit(kind)) {
            total.decrementAndGet();
            throw refuse(totalRefusal(kind), "too many " + name(kind) + " in total (" + totalLimit(kind) + ")");
        }
        if (source == null) {
            return;
        }
        boolean[] over = {false};
        perSource.compute(new SourceKind(SourcePrefix.of(source), kind), (k, n) -> {
            int c = n == null ? 0 : n;
            if (c >= perSourceLimit(kind)) {
                over[0] = true;
                return n;
            }
            return c + 1;
        });
        if (over[0]) {
            total.decrementAndGet();
            throw refuse(perSourceRefusal(kind), "too many " + name(kind) + " for " + source.getHostAddress() + " ("
                    + perSourceLimit(kind) + ")");
        }
    }

    /** Gives back a slot taken by {@link #acquire}. */
    void release(Kind kind, InetAddress source) {
        totals[kind.ordinal()].decrementAndGet();
        if (source != null) {
            perSource.computeIfPresent(new SourceKind(SourcePrefix.of(source), kind), (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Slots of {@code kind} held now. */
    int inUse(Kind kind) {
        return totals[kind.ordinal()].get();
    }

    /** Requester entries held now (bounded by the totals). */
    int sources() {
        return perSource.size();
    }

    private DhtClient.Refused refuse(DhtClient.Limit limit, String message) {
        counters.refused(limit);
        return new DhtClient.Refused(limit, message);
    }

    private int totalLimit(Kind kind) {
        return switch (kind) {
            case SEARCH -> limits.searchesTotal();
            case LISTEN -> limits.listensTotal();
            case PERMANENT -> limits.permanentTotal();
        };
    }

    private int perSourceLimit(Kind kind) {
        return switch (kind) {
            case SEARCH -> limits.searchesPerSource();
            case LISTEN -> limits.listensPerSource();
            case PERMANENT -> limits.permanentPerSource();
        };
    }

    private static DhtClient.Limit totalRefusal(Kind kind) {
        return switch (kind) {
            case SEARCH -> DhtClient.Limit.SEARCHES_TOTAL;
            case LISTEN -> DhtClient.Limit.LISTENS_TOTAL;
            case PERMANENT -> DhtClient.Limit.PERMANENT_TOTAL;
        };
    }

    private static DhtClient.Limit perSourceRefusal(Kind kind) {
        return switch (kind) {
            case SEARCH -> DhtClient.Limit.SEARCHES_PER_SOURCE;
            case LISTEN -> DhtClient.Limit.LISTENS_PER_SOURCE;
            case PERMANENT -> DhtClient.Limit.PERMANENT_PER_SOURCE;
        };
    }

    private static String name(Kind kind) {
        return switch (kind) {
            case SEARCH -> "gets and puts in flight";
            case LISTEN -> "listens";
            case PERMANENT -> "permanent puts";
        };
    }
}
