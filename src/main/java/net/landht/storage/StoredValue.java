package net.landht.storage;

import java.util.Comparator;

import net.landht.value.Value;

/**
 * One stored value with its bookkeeping. Mutable, loop thread only; while it sits in a sorted set its
 * {@link #expiresAtMillis} and {@link #value} must not change (take it out, change, put back).
 */
final class StoredValue {
    /** Expiry order, ties broken by arrival: eviction and expiry both take the first. */
    static final Comparator<StoredValue> BY_EXPIRY = (a, b) -> a.expiresAtMillis != b.expiresAtMillis
            ? Long.compare(a.expiresAtMillis, b.expiresAtMillis) : Long.compare(a.serial, b.serial);

    final KeyEntry entry;
    final long serial;
    Value value;
    long expiresAtMillis;
    SourceBucket bucket;

    StoredValue(KeyEntry entry, long serial, Value value, long expiresAtMillis, SourceBucket bucket) {
        this.entry = entry;
        this.serial = serial;
        this.value = value;
        this.expiresAtMillis = expiresAtMillis;
        this.bucket = bucket;
    }
}
