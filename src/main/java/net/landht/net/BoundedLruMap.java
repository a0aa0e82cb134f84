package net.landht.net;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A map that keeps at most {@code maxEntries} entries, forgetting the least recently used one when a new one would
 * exceed the bound; every such eviction is counted. The bound on every per-source table a remote peer can grow
 * (rate limiter buckets, invalid-source records, reply budgets, ping-back memory).
 *
 * <p>Not thread-safe: event loop only, except {@link #evictions()} which any thread may read.
 *
 * @param <K> key
 * @param <V> value
 */
public final class BoundedLruMap<K, V> {
    private final int maxEntries;
    private final LongAdder evictions = new LongAdder();
    private final LinkedHashMap<K, V> map;

    public BoundedLruMap(int maxEntries) {
        this(maxEntries, () -> { });
    }

    /** @param onEviction runs after each eviction (e.g. to count it elsewhere too) */
    public BoundedLruMap(int maxEntries, Runnable onEviction) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.map = new LinkedHashMap<>(Math.min(maxEntries, 256), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() > BoundedLruMap.this.maxEntries) {
                    evictions.increment();
                    onEviction.run();
                    return true;
                }
                return false;
            }
        };
    }

    /** The value for {@code key} (marking it recently used), or null. */
    public V get(K key) {
        return map.get(key);
    }

    /** Stores {@code value}, evicting the least recently used entry when the map is full. */
    public void put(K key, V value) {
        map.put(key, value);
    }

    public V remove(K key) {
        return map.remove(key);
    }

    public int size() {
        return map.size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Entries forgotten because the map was full, since construction. */
    public long evictions() {
        return evictions.sum();
    }
}
