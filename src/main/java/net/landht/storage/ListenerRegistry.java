package net.landht.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

import net.landht.value.Query;
import net.landht.value.Value;

/**
 * The remote listeners of all keys: bounds per key and per source, expiry 10 minutes after the last listen, and
 * delivery of events to them. Fact sheet §9; OpenDHT: src/dht.cpp {@code storageAddListener},
 * {@code storageChanged}, {@code storageRefresh}, {@code storageRemoved}; src/storage.h {@code expire}.
 * Loop thread only.
 */
final class ListenerRegistry {
    /** How long a listener is kept after its last listen. OpenDHT: include/opendht/node.h, NODE_EXPIRE_TIME. */
    static final long LISTENER_TTL_MILLIS = Duration.ofMinutes(10).toMillis();

    private final TreeSet<Listener> byLastListen = new TreeSet<>(Listener.BY_LAST_LISTEN);
    private final Map<SourceKey, Integer> perSource = new HashMap<>();
    private final int maxPerKey;
    private final int maxPerSource;
    private final StorageCounters counters;
    private final StorageEvents events;
    private long serial;

    ListenerRegistry(int maxPerKey, int maxPerSource, StorageCounters counters, StorageEvents events) {
        this.maxPerKey = maxPerKey;
        this.maxPerSource = maxPerSource;
        this.counters = counters;
        this.events = events;
    }

    /** The existing listener {@code id} of {@code entry}, or null. */
    Listener find(KeyEntry entry, ListenerId id) {
        return entry == null || entry.listeners == null ? null : entry.listeners.get(id);
    }

    /** Renews an existing listener's timestamp and query. */
    void renew(Listener l, Query query, long now) {
        byLastListen.remove(l);
        l.lastListenMillis = now;
        l.query = query;
        byLastListen.add(l);
    }

    /** Whether a new listener from {@code source} may be added to {@code entry} (null = new key); counts refusals. */
    ListenOutcome admit(KeyEntry entry, SourceKey source) {
        if (entry != null && entry.listeners != null && entry.listeners.size() >= maxPerKey) {
            counters.countListenerRefusedPerKey();
            return ListenOutcome.REFUSED_KEY_LIMIT;
        }
        if (perSource.getOrDefault(source, 0) >= maxPerSource) {
            counters.countListenerRefusedPerSource();
            return ListenOutcome.REFUSED_SOURCE_LIMIT;
        }
        return ListenOutcome.ADDED;
    }

    /** Adds a listener (already admitted) and sends it the values of its key matching its query. */
    void add(KeyEntry entry, ListenerId id, Query query, SourceKey source, long now) {
        if (entry.listeners == null) {
            entry.listeners = new LinkedHashMap<>(4);
        }
        Listener l = new Listener(id, entry, source, serial++, query, now);
        entry.listeners.put(id, l);
        byLastListen.add(l);
        perSource.merge(source, 1, Integer::sum);
        counters.countListenerAdded();
        List<Value> current = new ArrayList<>();
        for (StoredValue sv : entry.values.values()) {
            if (query.matches(sv.value)) {
                current.add(sv.value);
            }
        }
        if (!current.isEmpty()) {
            events.onValues(id, entry.key, List.copyOf(current));
        }
    }

    /**
     * Forgets the listeners whose last listen is more than 10 minutes before {@code now}.
     *
     * @return the entries that lost listeners (the caller drops those left empty)
     */
    List<KeyEntry> expire(long now) {
        List<KeyEntry> touched = new ArrayList<>();
        while (!byLastListen.isEmpty() && byLastListen.first().lastListenMillis + LISTENER_TTL_MILLIS < now) {
            Listener l = byLastListen.pollFirst();
            l.entry.listeners.remove(l.id);
            perSource.computeIfPresent(l.source, (k, n) -> n > 1 ? n - 1 : null);
            touched.add(l.entry);
        }
        counters.countListenersExpired(touched.size());
        return touched;
    }

    /** When the next listener will be forgotten, if any. */
    OptionalLong nextDeadline() {
        return byLastListen.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(byLastListen.first().lastListenMillis + LISTENER_TTL_MILLIS + 1);
    }

    /** Number of listeners. */
    int size() {
        return byLastListen.size();
    }

    /** Sends a new or edited value to every listener of its key whose query matches it. */
    void notifyValue(KeyEntry entry, Value value) {
        List<Value> one = List.of(value);
        for (Listener l : snapshot(entry)) {
            if (l.query.matches(value)) {
                events.onValues(l.id, entry.key, one);
            }
        }
    }

    /** Sends {@code re} for {@code valueId} to every listener of the key. */
    void notifyRefreshed(KeyEntry entry, long valueId) {
        List<Long> ids = List.of(valueId);
        for (Listener l : snapshot(entry)) {
            events.onRefreshed(l.id, entry.key, ids);
        }
    }

    /** Sends {@code exp} for {@code valueIds} to every listener of the key. */
    void notifyExpired(KeyEntry entry, List<Long> valueIds) {
        List<Long> ids = List.copyOf(valueIds);
        for (Listener l : snapshot(entry)) {
            events.onExpired(l.id, entry.key, ids);
        }
    }

    private static List<Listener> snapshot(KeyEntry entry) {
        return entry.hasListeners() ? List.copyOf(entry.listeners.values()) : List.of();
    }
}
