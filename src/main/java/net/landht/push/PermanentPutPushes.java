package net.landht.push;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;

/**
 * The push requests of permanent puts (a POST whose {@code permanent} is a push object): 22 h after the last POST the
 * phone gets a "re-post" push ({@code timeout}, {@code vid}); the proxy's own expiry ends the put at 24 h, and the
 * entry goes then too. OpenDHT: src/dht_proxy_server.cpp {@code put} ({@code expireNotifyJob}). Bounded (the
 * oldest entry makes room); thread-safe (synchronized).
 */
final class PermanentPutPushes {
    /** A permanent put with a push request. */
    record Entry(InfoHash key, long valueId, PushRequest request, long postedMillis) {
    }

    private record Id(InfoHash key, long valueId) {
    }

    private final int max;
    private final Map<Id, Entry> entries = new LinkedHashMap<>();
    private final java.util.Set<Id> notified = new java.util.HashSet<>();

    PermanentPutPushes(int max) {
        this.max = max;
    }

    /** (Re)starts the time of the put of {@code valueId} under {@code key}; returns false when an old one made room. */
    synchronized boolean posted(InfoHash key, long valueId, PushRequest r, long nowMillis) {
        Id id = new Id(key, valueId);
        entries.remove(id);
        notified.remove(id);
        boolean evicted = false;
        if (entries.size() >= max) {
            Id oldest = entries.keySet().iterator().next();
            entries.remove(oldest);
            notified.remove(oldest);
            evicted = true;
        }
        entries.put(id, new Entry(key, valueId, r, nowMillis));
        return !evicted;
    }

    /** Drops the entries of {@code token} (gone at its gateway). */
    synchronized void removeToken(String token) {
        entries.values().removeIf(e -> e.request().token().equals(token));
        notified.retainAll(entries.keySet());
    }

    /** The entries due their re-post push now (each once); entries past {@code endAfterMillis} are dropped. */
    synchronized List<Entry> sweep(long nowMillis, long timeoutAfterMillis, long endAfterMillis) {
        List<Entry> due = new ArrayList<>();
        for (Entry e : List.copyOf(entries.values())) {
            Id id = new Id(e.key(), e.valueId());
            long age = nowMillis - e.postedMillis();
            if (age >= endAfterMillis) {
                entries.remove(id);
                notified.remove(id);
            } else if (age >= timeoutAfterMillis && notified.add(id)) {
                due.add(e);
            }
        }
        return due;
    }

    synchronized int size() {
        return entries.size();
    }
}
