package net.landht.ops;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import net.landht.dht.DhtService;
import net.landht.routing.RoutingCounts;
import net.landht.storage.Storage;
import net.landht.storage.StorageCounters;
import net.landht.value.Refusal;

/**
 * The loop-owned part of a node's state (routing tables, storage) copied at one instant on the event loop, so the
 * ops thread can read it without touching the DHT. The packet counters are not in here: they are
 * {@link java.util.concurrent.atomic.LongAdder}s, read directly.
 *
 * @param takenAt           when the copy was taken (the DHT's clock)
 * @param ipv4              IPv4 routing-table counts
 * @param ipv6              IPv6 routing-table counts
 * @param keys              keys with values or listeners
 * @param values            stored values
 * @param bytes             bytes of stored values, as the caps count them
 * @param sources           source IPs (IPv6: /64s) holding values
 * @param listeners         remote listeners
 * @param refusals          puts refused, by reason (policy rules and storage bounds)
 * @param storedNew         puts that stored a new value
 * @param edited            puts that replaced a stored value
 * @param refreshed         refreshes (by put or by refresh request) that extended a value
 * @param expired           values removed because they expired
 * @param evictedTotalBytes values evicted for {@code storage.max-total-bytes}
 * @param evictedSourceBytes values evicted for {@code storage.max-bytes-per-source}
 * @param listenersRefusedPerKey    listens refused by {@code storage.max-listeners-per-key}
 * @param listenersRefusedPerSource listens refused by {@code storage.max-listeners-per-source}
 * @param known             the first routing-table entries, for the status page
 */
record NodeSnapshot(Instant takenAt, RoutingCounts ipv4, RoutingCounts ipv6, int keys, int values, long bytes,
                    int sources, int listeners, Map<Refusal, Long> refusals, long storedNew, long edited,
                    long refreshed, long expired, long evictedTotalBytes, long evictedSourceBytes,
                    long listenersRefusedPerKey, long listenersRefusedPerSource, KnownNodes known) {

    /** What is reported before the first copy could be taken: all zero. */
    static final NodeSnapshot EMPTY = new NodeSnapshot(Instant.EPOCH, new RoutingCounts(0, 0, 0, 0, 0),
            new RoutingCounts(0, 0, 0, 0, 0), 0, 0, 0, 0, 0, zeroRefusals(), 0, 0, 0, 0, 0, 0, 0, 0,
            KnownNodes.NONE);

    NodeSnapshot {
        refusals = Map.copyOf(refusals);
    }

    /** Copies the state. Call on the event loop that owns {@code dht}. */
    static NodeSnapshot take(DhtService dht, Instant now) {
        Storage s = dht.storage();
        StorageCounters c = s.counters();
        return new NodeSnapshot(now, dht.counts4(), dht.counts6(), s.keyCount(), s.valueCount(), s.totalBytes(),
                s.sourceCount(), s.listenerCount(), c.refusals(), c.storedNew(), c.edited(),
                c.refreshedByPut() + c.refreshed(), c.expired(), c.evictedTotalBytes(), c.evictedSourceBytes(),
                c.listenersRefusedPerKey(), c.listenersRefusedPerSource(),
                KnownNodes.take(dht.node().table4(), dht.node().table6(), now));
    }

    /** Good nodes in both families. */
    int goodNodes() {
        return ipv4.good() + ipv6.good();
    }

    long refused(Refusal reason) {
        return refusals.getOrDefault(reason, 0L);
    }

    private static Map<Refusal, Long> zeroRefusals() {
        Map<Refusal, Long> m = new EnumMap<>(Refusal.class);
        for (Refusal r : Refusal.values()) {
            m.put(r, 0L);
        }
        return m;
    }
}
