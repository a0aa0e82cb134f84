package net.landht.proxy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import net.landht.dht.DhtClient;
import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * The proxy's permanent puts: ends each {@link #LIFETIME} after its last POST, as OpenDHT's proxy does
 * ({@code OP_TIMEOUT}, include/opendht/proxy.h; src/dht_proxy_server.cpp {@code handleCancelPermamentPut}): the
 * client re-posts every 22 h, which starts the time again; a phone gone for good stops costing re-announcements a
 * day later. Each put keeps the value as posted, its push token and client id, so that a re-POST with id 0 of the
 * same content finds it ({@link #extendSame}) instead of making one more permanent put (OpenDHT: {@code put}, the
 * {@code contentEquals} search over the hash's puts). One timer per permanent put; they are as many as
 * {@link DhtClient} accepts, which it bounds. Thread-safe (one lock; the work under it is a map lookup).
 */
final class PermanentPutExpiry {
    /** OpenDHT: include/opendht/proxy.h, {@code OP_TIMEOUT}. */
    static final Duration LIFETIME = Duration.ofHours(24);

    /** A permanent put as posted; {@code pushToken} and {@code clientId} are "" without a push request. */
    record Posted(Value value, String pushToken, String clientId) {
    }

    private static final class Entry {
        final Posted posted;
        ScheduledFuture<?> timer;

        Entry(Posted posted) {
            this.posted = posted;
        }
    }

    private final DhtClient client;
    private final ScheduledExecutorService timers;
    private final Duration lifetime;
    private final Map<InfoHash, Map<Long, Entry>> byKey = new HashMap<>();
    private int count;

    PermanentPutExpiry(DhtClient client, ScheduledExecutorService timers, Duration lifetime) {
        this.client = client;
        this.timers = timers;
        this.lifetime = lifetime;
    }

    /**
     * (Re)starts the time of the permanent put of {@code valueId} under {@code key}, remembering {@code posted} as
     * what it holds.
     */
    synchronized void posted(InfoHash key, long valueId, Posted posted) {
        Entry e = new Entry(posted);
        Entry previous = byKey.computeIfAbsent(key, k -> new HashMap<>()).put(valueId, e);
        if (previous != null) {
            previous.timer.cancel(false);
        } else {
            count++;
        }
        schedule(key, valueId, e);
    }

    /**
     * Finds a permanent put under {@code key} with the same push token, client id and content
     * ({@link Value#contentEquals}) as {@code posted}, restarts its time and returns its value id; null when there
     * is none.
     */
    synchronized Long extendSame(InfoHash key, Posted posted) {
        Map<Long, Entry> puts = byKey.get(key);
        if (puts == null) {
            return null;
        }
        for (Map.Entry<Long, Entry> m : puts.entrySet()) {
            Posted p = m.getValue().posted;
            if (p.pushToken().equals(posted.pushToken()) && p.clientId().equals(posted.clientId())
                    && p.value().contentEquals(posted.value())) {
                m.getValue().timer.cancel(false);
                schedule(key, m.getKey(), m.getValue());
                return m.getKey();
            }
        }
        return null;
    }

    /** Permanent puts whose end is scheduled. */
    synchronized int count() {
        return count;
    }

    /** Drops the timers (at shutdown: the permanent puts stop with the DHT client). */
    synchronized void close() {
        byKey.values().forEach(m -> m.values().forEach(e -> e.timer.cancel(false)));
        byKey.clear();
        count = 0;
    }

    private void schedule(InfoHash key, long valueId, Entry e) {
        e.timer = timers.schedule(() -> expire(key, valueId, e), lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire(InfoHash key, long valueId, Entry e) {
        synchronized (this) {
            Map<Long, Entry> puts = byKey.get(key);
            if (puts == null || puts.get(valueId) != e) {
                return;
            }
            ScheduledFuture<?> current = e.timer;
            if (current.getDelay(TimeUnit.MILLISECONDS) > 0) {
                return; // extended after this run was due
            }
            puts.remove(valueId);
            if (puts.isEmpty()) {
                byKey.remove(key);
            }
            count--;
        }
        client.cancelPut(key, valueId);
    }
}
