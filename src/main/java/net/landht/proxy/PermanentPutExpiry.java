package net.landht.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * {@code contentEquals} search over the hash's puts). Each also keeps what a restart needs to put it again
 * ({@link Kept}, {@link #snapshot}); every start, restart and end is reported to {@link #onChange} (the state is
 * saved). One timer per permanent put; they are as many as {@link DhtClient} accepts, which it bounds. Thread-safe
 * (one lock; the work under it is a map lookup).
 */
final class PermanentPutExpiry {
    /** OpenDHT: include/opendht/proxy.h, {@code OP_TIMEOUT}. */
    static final Duration LIFETIME = Duration.ofHours(24);

    /** A permanent put as posted; {@code pushToken} and {@code clientId} are "" without a push request. */
    record Posted(Value value, String pushToken, String clientId) {
    }

    /**
     * A running permanent put as a restart needs it.
     *
     * @param body         the last POST body as sent (JSON object; its {@code permanent} member may be a push request)
     * @param source       the client's address (the DHT client's per-source bound)
     * @param postedMillis the last POST, Unix milliseconds
     */
    record Kept(InfoHash key, long valueId, byte[] body, InetAddress source, long postedMillis) {
    }

    private static final class Entry {
        final Posted posted;
        Kept kept;
        ScheduledFuture<?> timer;

        Entry(Posted posted, Kept kept) {
            this.posted = posted;
            this.kept = kept;
        }
    }

    private final DhtClient client;
    private final ScheduledExecutorService timers;
    private final Duration lifetime;
    private final Map<InfoHash, Map<Long, Entry>> byKey = new HashMap<>();
    private final InstantSource clock;
    private int count;
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

    /**
     * (Re)starts the time of the permanent put of {@code valueId} under {@code key} now, remembering {@code posted}
     * as what it holds and {@code body}, {@code source} for a restart.
     */
    Kept posted(InfoHash key, long valueId, Posted posted, byte[] body, InetAddress source) {
        Kept k = new Kept(key, valueId, body, source, clock.millis());
        posted(k, posted);
        return k;
    }

    /** Arms the end of {@code k} a lifetime after its {@code postedMillis} (a restored put: what is left of it). */
    void posted(Kept k, Posted posted) {
        synchronized (this) {
            Entry e = new Entry(posted, k);
            Entry previous = byKey.computeIfAbsent(k.key(), x -> new HashMap<>()).put(k.valueId(), e);
            if (previous != null) {
                previous.timer.cancel(false);
            } else {
                count++;
            }
            schedule(k.key(), k.valueId(), e);
        }
        changed.run();
    }

    /** Whether a put made {@code postedMillis} has outlived its lifetime now. */
    boolean ended(long postedMillis) {
        return clock.millis() - postedMillis >= lifetime.toMillis();
    }

    /** The running permanent puts. */
    synchronized List<Kept> snapshot() {
        List<Kept> out = new ArrayList<>(count);
        byKey.values().forEach(m -> m.values().forEach(e -> out.add(e.kept)));
        return out;
    }

    /**
     * Finds a permanent put under {@code key} with the same push token, client id and content
     * ({@link Value#contentEquals}) as {@code posted}, restarts its time (keeping {@code body} as its last POST) and
     * returns it; null when there is none.
     */
    Kept extendSame(InfoHash key, Posted posted, byte[] body) {
        Kept extended = null;
        synchronized (this) {
            Map<Long, Entry> puts = byKey.get(key);
            if (puts == null) {
                return null;
            }
            for (Map.Entry<Long, Entry> m : puts.entrySet()) {
                Entry e = m.getValue();
                Posted p = e.posted;
                if (p.pushToken().equals(posted.pushToken()) && p.clientId().equals(posted.clientId())
                        && p.value().contentEquals(posted.value())) {
                    e.timer.cancel(false);
                    e.kept = new Kept(key, m.getKey(), body, e.kept.source(), clock.millis());
                    schedule(key, m.getKey(), e);
                    extended = e.kept;
                    break;
                }
            }
        }
        if (extended != null) {
            changed.run();
        }
        return extended;
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
        long left = Math.max(0, lifetime.toMillis() - (clock.millis() - e.kept.postedMillis()));
        e.timer = timers.schedule(() -> expire(key, valueId, e), left, TimeUnit.MILLISECONDS);
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
        changed.run();
    }
}
