package net.landht.names;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A secondary's cache of its primary's answers, kept as jamid 13.7 keeps its own (jami-daemon
 * src/jamidht/namedirectory.cpp; shared/protocol/name-server.md §6): a found name or ID (200) is kept until landht
 * stops or the entry is pushed out, a name or ID the primary did not know (404) only for {@link #NOT_FOUND_TTL}, so
 * a name registered on the primary by another route shows up soon. A registration the primary accepted
 * ({@link #prime}) puts both lookups in at once. Errors (5xx, an unreachable primary) are never cached.
 *
 * <p>Bounds: {@link #MAX_FOUND} found answers and {@link #MAX_NOT_FOUND} 404s, each table dropping its least
 * recently used entry first (counted: {@link ForwardCounters#cacheEvictions()}), so a client looking up random names
 * cannot push the real ones out. Time comes from {@code nanoTime}. Thread-safe (one lock; every call is a map
 * operation).
 */
public final class NameCache {
    /** Which lookup an entry answers. */
    public enum Endpoint {
        /** {@code GET /name/<name>}, keyed by the lower-case name. */
        NAME,
        /** {@code GET /addr/<id>}, keyed by the 40 lower-case hex digits. */
        ADDR
    }

    /** Found answers kept at most. */
    public static final int MAX_FOUND = 10_000;
    /** 404 answers kept at most. */
    public static final int MAX_NOT_FOUND = 1_000;
    /** How long a 404 is kept. */
    public static final Duration NOT_FOUND_TTL = Duration.ofSeconds(30);

    private record Key(Endpoint endpoint, String key) {
    }

    private record Miss(NameResponse response, long expiresNanos) {
    }

    private final Map<Key, NameResponse> found;
    private final Map<Key, Miss> notFound;
    private final LongSupplier nanoTime;
    private final long ttlNanos;
    private final ForwardCounters counters;

    /**
     * @param nanoTime monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param counters where hits and evictions are counted
     */
    public NameCache(LongSupplier nanoTime, ForwardCounters counters) {
        this(MAX_FOUND, MAX_NOT_FOUND, NOT_FOUND_TTL, nanoTime, counters);
    }

    /** With other bounds (tests). */
    NameCache(int maxFound, int maxNotFound, Duration notFoundTtl, LongSupplier nanoTime, ForwardCounters counters) {
        this.found = lru(maxFound, counters);
        this.notFound = lru(maxNotFound, counters);
        this.nanoTime = nanoTime;
        this.ttlNanos = notFoundTtl.toNanos();
        this.counters = counters;
    }

    private static <V> Map<Key, V> lru(int max, ForwardCounters counters) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
                if (size() > max) {
                    counters.countCacheEviction();
                    return true;
                }
                return false;
            }
        };
    }

    /** The cached answer for a lookup (a hit is counted), or null: ask the primary. */
    public synchronized NameResponse get(Endpoint endpoint, String key) {
        Key k = new Key(endpoint, key);
        NameResponse hit = found.get(k);
        if (hit != null) {
            counters.countCacheHit(endpoint, true);
            return hit;
        }
        Miss miss = notFound.get(k);
        if (miss == null) {
            return null;
        }
        if (miss.expiresNanos() - nanoTime.getAsLong() <= 0) {
            notFound.remove(k);
            return null;
        }
        counters.countCacheHit(endpoint, false);
        return miss.response();
    }

    /**
     * Keeps the primary's answer to a lookup: a 200 for good, a 404 for {@link #NOT_FOUND_TTL}; any other status is
     * not kept.
     */
    public synchronized void put(Endpoint endpoint, String key, NameResponse answer) {
        Key k = new Key(endpoint, key);
        if (answer.status() == 200) {
            notFound.remove(k);
            found.put(k, answer);
        } else if (answer.status() == 404 && !found.containsKey(k)) {
            notFound.put(k, new Miss(answer, nanoTime.getAsLong() + ttlNanos));
        }
    }

    /** A registration the primary accepted: both of its lookups, answered as the primary answers them. */
    public synchronized void prime(Registration r) {
        put(Endpoint.NAME, r.name(), NameService.nameFound(r));
        put(Endpoint.ADDR, r.addr(), NameService.addrFound(r));
    }

    /** Entries kept now, found and 404 (expired 404s included until they are next asked for). */
    public synchronized int size() {
        return found.size() + notFound.size();
    }
}
