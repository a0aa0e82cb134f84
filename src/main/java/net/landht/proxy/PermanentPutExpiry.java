package net.landht.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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
 * day later. One timer per permanent put, which also keeps what a restart needs to put it again
 * ({@link #snapshot}); they are as many as {@link DhtClient} accepts, which it bounds. Every start and end of a
 * put is reported to {@code changed} (the state is saved). Thread-safe.
 */
final class PermanentPutExpiry {
    /** OpenDHT: include/opendht/proxy.h, {@code OP_TIMEOUT}. */
    static final Duration LIFETIME = Duration.ofHours(24);

    /**
     * A running permanent put.
     *
     * @param body         the POST body as sent (JSON object; its {@code permanent} member may be a push request)
     * @param source       the client's address (the DHT client's per-source bound)
     * @param postedMillis the last POST, Unix milliseconds
     */
    record Kept(InfoHash key, long valueId, byte[] body, InetAddress source, long postedMillis) {
    }

    private record PutId(InfoHash key, long valueId) {
    }

    private record Timer(Kept put, ScheduledFuture<?> end) {
    }

    private final DhtClient client;
    private final ScheduledExecutorService timers;
    private final Duration lifetime;
    private final InstantSource clock;
    private final Map<PutId, Timer> pending = new ConcurrentHashMap<>();
    private volatile Runnable changed = () -> { };

    PermanentPutExpiry(DhtClient client, ScheduledExecutorService timers, Duration lifetime, InstantSource clock) {
        this.client = client;
        this.timers = timers;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Calls {@code r} after each start, restart or end of a permanent put. */
    void onChange(Runnable r) {
        this.changed = r;
    }

    /** (Re)starts the time of the permanent put of {@code valueId} under {@code key} now. */
    Kept posted(InfoHash key, long valueId, byte[] body, InetAddress source) {
        Kept k = new Kept(key, valueId, body, source, clock.millis());
        posted(k);
        return k;
    }

    /** Arms the end of {@code k} a lifetime after its {@code postedMillis} (a restored put: what is left of it). */
    void posted(Kept k) {
        PutId id = new PutId(k.key(), k.valueId());
        long left = Math.max(0, lifetime.toMillis() - (clock.millis() - k.postedMillis()));
        Timer[] self = new Timer[1];
        self[0] = new Timer(k, timers.schedule(() -> {
            if (pending.remove(id, self[0])) {
                client.cancelPut(k.key(), k.valueId());
                changed.run();
            }
        }, left, TimeUnit.MILLISECONDS));
        Timer previous = pending.put(id, self[0]);
        if (previous != null) {
            previous.end().cancel(false);
        }
        changed.run();
    }

    /** Whether a put made {@code postedMillis} has outlived its lifetime now. */
    boolean ended(long postedMillis) {
        return clock.millis() - postedMillis >= lifetime.toMillis();
    }

    /** Permanent puts whose end is scheduled. */
    int count() {
        return pending.size();
    }

    /** The running permanent puts. */
    List<Kept> snapshot() {
        return pending.values().stream().map(Timer::put).toList();
    }

    /** Drops the timers (at shutdown: the permanent puts stop with the DHT client). */
    void close() {
        pending.values().forEach(t -> t.end().cancel(false));
        pending.clear();
    }
}
