package net.landht.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import net.landht.dht.DhtClient;
import net.landht.id.InfoHash;

/**
 * Ends the proxy's permanent puts {@link #LIFETIME} after their last POST, as OpenDHT's proxy does
 * ({@code OP_TIMEOUT}, include/opendht/proxy.h; src/dht_proxy_server.cpp {@code handleCancelPermamentPut}): the
 * client re-posts every 22 h, which starts the time again; a phone gone for good stops costing re-announcements a
 * day later. One timer per permanent put; they are as many as {@link DhtClient} accepts, which it bounds.
 * Thread-safe.
 */
final class PermanentPutExpiry {
    /** OpenDHT: include/opendht/proxy.h, {@code OP_TIMEOUT}. */
    static final Duration LIFETIME = Duration.ofHours(24);

    private record PutId(InfoHash key, long valueId) {
    }

    private final DhtClient client;
    private final ScheduledExecutorService timers;
    private final Duration lifetime;
    private final Map<PutId, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    PermanentPutExpiry(DhtClient client, ScheduledExecutorService timers, Duration lifetime) {
        this.client = client;
        this.timers = timers;
        this.lifetime = lifetime;
    }

    /** (Re)starts the time of the permanent put of {@code valueId} under {@code key}. */
    void posted(InfoHash key, long valueId) {
        PutId id = new PutId(key, valueId);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = timers.schedule(() -> {
            if (pending.remove(id, self[0])) {
                client.cancelPut(key, valueId);
            }
        }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = pending.put(id, self[0]);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Permanent puts whose end is scheduled. */
    int count() {
        return pending.size();
    }

    /** Drops the timers (at shutdown: the permanent puts stop with the DHT client). */
    void close() {
        pending.values().forEach(f -> f.cancel(false));
        pending.clear();
    }
}
