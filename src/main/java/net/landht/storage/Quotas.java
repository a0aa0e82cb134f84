package net.landht.storage;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import net.landht.value.Value;

/**
 * Byte accounting per source and in total, and the choice of what to evict: when the store is over its total cap,
 * the source holding the most bytes loses its oldest-expiring value, repeatedly (OpenDHT: src/dht.cpp
 * {@code expireStore}); when a source is over its own cap, it loses its oldest-expiring values. What a value
 * counts is set by the {@link Accounting} rule. Loop thread only.
 */
final class Quotas {
    private final Map<SourceKey, SourceBucket> buckets = new HashMap<>();
    private final long maxTotalBytes;
    private final long maxBytesPerSource;
    private final Accounting accounting;
    private long totalBytes;

    /**
     * @param maxTotalBytes     cap on all stored bytes
     * @param maxBytesPerSource cap per source, 0 for none
     * @param accounting        what each value counts
     */
    Quotas(long maxTotalBytes, long maxBytesPerSource, Accounting accounting) {
        this.maxTotalBytes = maxTotalBytes;
        this.maxBytesPerSource = maxBytesPerSource;
        this.accounting = accounting;
    }

    /** Bytes {@code sv} is charged. */
    private long charge(StoredValue sv) {
        return accounting.charge(sv.value);
    }

    /**
     * False when {@code v} alone is charged more than the total cap or the per-source cap: storing it would evict
     * other values and then itself, so it is refused before anything is touched.
     */
    boolean canEverHold(Value v) {
        long c = accounting.charge(v);
        return c <= maxTotalBytes && (maxBytesPerSource == 0 || c <= maxBytesPerSource);
    }

    /** The bucket of {@code source}: the registered one, or a new one that {@link #add} registers. */
    SourceBucket bucket(InetAddress source) {
        SourceKey k = SourceKey.of(source);
        SourceBucket b = buckets.get(k);
        return b != null ? b : new SourceBucket(k, source);
    }

    /** Counts a value that was just stored or changed; (re)registers its bucket, which empty buckets leave. */
    void add(StoredValue sv) {
        SourceBucket b = buckets.get(sv.bucket.key);
        if (b == null) {
            b = sv.bucket;
            buckets.put(b.key, b);
        } else {
            sv.bucket = b;
        }
        long c = charge(sv);
        b.bytes += c;
        b.byExpiry.add(sv);
        totalBytes += c;
    }

    /** Uncounts a value (before it changes or leaves). */
    void remove(StoredValue sv) {
        SourceBucket b = sv.bucket;
        long c = charge(sv);
        b.bytes -= c;
        b.byExpiry.remove(sv);
        totalBytes -= c;
        if (b.byExpiry.isEmpty()) {
            buckets.remove(b.key);
        }
    }

    /** The value to evict for {@code bucket}'s own cap, or null when it is within it. */
    StoredValue overSourceCap(SourceBucket bucket) {
        return maxBytesPerSource > 0 && bucket.bytes > maxBytesPerSource && !bucket.byExpiry.isEmpty()
                ? bucket.byExpiry.first() : null;
    }

    /** The value to evict for the total cap (oldest-expiring of the heaviest source), or null when within it. */
    StoredValue overTotalCap() {
        if (totalBytes <= maxTotalBytes) {
            return null;
        }
        SourceBucket heaviest = null;
        for (SourceBucket b : buckets.values()) {
            if (heaviest == null || b.bytes > heaviest.bytes
                    || (b.bytes == heaviest.bytes && orderedBefore(b.key, heaviest.key))) {
                heaviest = b;
            }
        }
        return heaviest == null || heaviest.byExpiry.isEmpty() ? null : heaviest.byExpiry.first();
    }

    /** OpenDHT's source order on ties: IPv4 before IPv6, then by address bytes. */
    private static boolean orderedBefore(SourceKey a, SourceKey b) {
        return a.family() != b.family() ? a.family() < b.family() : Long.compareUnsigned(a.prefix(), b.prefix()) < 0;
    }

    long totalBytes() {
        return totalBytes;
    }

    int sourceCount() {
        return buckets.size();
    }
}
