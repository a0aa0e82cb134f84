package net.landht.dht;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;
import net.landht.storage.StorageChanges;
import net.landht.value.Value;

/**
 * landht's own listens on its local store: the storage's change feed ({@link StorageChanges}, which also feeds the
 * persistence journal, passed through unchanged) fanned out to the client listens of each key. Unlike remote
 * listeners, these take no storage listener slot and never expire; they end when their listen is cancelled.
 *
 * <p>Event loop only. The number of watchers is bounded by the client's listen budget.
 */
final class LocalWatches implements StorageChanges {
    /** A client listen watching one key of the local store. */
    interface Watcher {
        /** {@code value} was stored under the key (new, or replacing the value with its id). */
        void stored(Value value);

        /** The value {@code valueId} is gone from the local store (expired or evicted). */
        void removed(long valueId);
    }

    private final StorageChanges next;
    private final Map<InfoHash, List<Watcher>> byKey = new HashMap<>();

    /** @param next where every change goes too (the persistence journal, or {@link StorageChanges#NONE}) */
    LocalWatches(StorageChanges next) {
        this.next = next;
    }

    void add(InfoHash key, Watcher w) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>(2)).add(w);
    }

    void remove(InfoHash key, Watcher w) {
        List<Watcher> l = byKey.get(key);
        if (l != null && l.remove(w) && l.isEmpty()) {
            byKey.remove(key);
        }
    }

    /** Watchers registered now. */
    int size() {
        int n = 0;
        for (List<Watcher> l : byKey.values()) {
            n += l.size();
        }
        return n;
    }

    @Override
    public void stored(InfoHash key, Value value, long expiresAtMillis, InetAddress source) {
        next.stored(key, value, expiresAtMillis, source);
        List<Watcher> l = byKey.get(key);
        if (l != null) {
            for (Watcher w : List.copyOf(l)) {
                w.stored(value);
            }
        }
    }

    @Override
    public void refreshed(InfoHash key, long valueId, long expiresAtMillis) {
        next.refreshed(key, valueId, expiresAtMillis);
    }

    @Override
    public void removed(InfoHash key, long valueId) {
        next.removed(key, valueId);
        List<Watcher> l = byKey.get(key);
        if (l != null) {
            for (Watcher w : List.copyOf(l)) {
                w.removed(valueId);
            }
        }
    }
}
