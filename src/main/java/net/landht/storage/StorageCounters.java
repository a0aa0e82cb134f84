package net.landht.storage;

import java.util.EnumMap;
import java.util.Map;

import net.landht.value.Refusal;

/**
 * Counts of what the storage refused, evicted and expired, one per bound and policy rule. Written on the loop thread
 * only; a reader on another thread (metrics) may see slightly stale values, never torn ones on 64-bit JVMs.
 */
public final class StorageCounters {
    private final long[] refused = new long[Refusal.values().length];
    private long storedNew;
    private long edited;
    private long refreshedByPut;
    private long refreshed;
    private long refreshUnknownId;
    private long refreshNoStorage;
    private long expired;
    private long evictedTotalBytes;
    private long evictedSourceBytes;
    private long listenersAdded;
    private long listenersExpired;
    private long listenersRefusedPerKey;
    private long listenersRefusedPerSource;

    void countRefused(Refusal r) {
        refused[r.ordinal()]++;
    }

    void countStoredNew() {
        storedNew++;
    }

    void countEdited() {
        edited++;
    }

    void countRefreshedByPut() {
        refreshedByPut++;
    }

    void countRefreshed() {
        refreshed++;
    }

    void countRefreshUnknownId() {
        refreshUnknownId++;
    }

    void countRefreshNoStorage() {
        refreshNoStorage++;
    }

    void countExpired(int n) {
        expired += n;
    }

    void countEvictedTotalBytes() {
        evictedTotalBytes++;
    }

    void countEvictedSourceBytes() {
        evictedSourceBytes++;
    }

    void countListenerAdded() {
        listenersAdded++;
    }

    void countListenersExpired(int n) {
        listenersExpired += n;
    }

    void countListenerRefusedPerKey() {
        listenersRefusedPerKey++;
    }

    void countListenerRefusedPerSource() {
        listenersRefusedPerSource++;
    }

    /** Puts refused for {@code reason} (policy rules, {@code EXPIRED}, {@code KEY_FULL}, {@code STORAGE_FULL}). */
    public long refused(Refusal reason) {
        return refused[reason.ordinal()];
    }

    /** All refusal counts, by reason. */
    public Map<Refusal, Long> refusals() {
        Map<Refusal, Long> m = new EnumMap<>(Refusal.class);
        for (Refusal r : Refusal.values()) {
            m.put(r, refused[r.ordinal()]);
        }
        return m;
    }

    /** Puts that stored a value with a new id. */
    public long storedNew() {
        return storedNew;
    }

    /** Puts that replaced a stored value (edits). */
    public long edited() {
        return edited;
    }

    /** Puts of content already stored, handled as refreshes. */
    public long refreshedByPut() {
        return refreshedByPut;
    }

    /** Refresh requests that extended a stored value. */
    public long refreshed() {
        return refreshed;
    }

    /** Refresh requests for an id the key does not hold (acked). */
    public long refreshUnknownId() {
        return refreshUnknownId;
    }

    /** Refresh requests for a key without storage (404). */
    public long refreshNoStorage() {
        return refreshNoStorage;
    }

    /** Values removed because they expired. */
    public long expired() {
        return expired;
    }

    /** Values evicted to keep the total under {@code storage.max-total-bytes}. */
    public long evictedTotalBytes() {
        return evictedTotalBytes;
    }

    /** Values evicted to keep a source under {@code storage.max-bytes-per-source}. */
    public long evictedSourceBytes() {
        return evictedSourceBytes;
    }

    /** Listeners added. */
    public long listenersAdded() {
        return listenersAdded;
    }

    /** Listeners forgotten 10 minutes after their last listen. */
    public long listenersExpired() {
        return listenersExpired;
    }

    /** Listens refused by {@code storage.max-listeners-per-key}. */
    public long listenersRefusedPerKey() {
        return listenersRefusedPerKey;
    }

    /** Listens refused by {@code storage.max-listeners-per-source}. */
    public long listenersRefusedPerSource() {
        return listenersRefusedPerSource;
    }
}
