package net.landht.storage;

import net.landht.value.Value;

/** What a stored value counts against the byte caps ({@code storage.max-total-bytes}, {@code max-bytes-per-source}). */
public enum Accounting {
    /**
     * landht's rule: the heap the value costs, i.e. its packed bytes (kept as received, owner key included) plus
     * {@link #BOOKKEEPING_BYTES}. The caps then bound memory even for a flood of tiny values under distinct keys.
     */
    HEAP,
    /**
     * OpenDHT's rule ({@code Value::size}: data, signature, user type; src/value.cpp). landht does not use it: a
     * flood of 1-byte values would hold ~20 times the cap in heap. Kept for tests whose eviction arithmetic reads in
     * value sizes.
     */
    OPENDHT_SIZE;

    /**
     * Heap a stored value costs beyond its packed bytes: key index and key entry, value entry, expiry and quota
     * indexes. Measured (StorageMemoryBenchmark, 100,000 values): 590-592 B with each value under its own key (the
     * worst case), 375 B with 100 values per key; rounded up with room for hash-table growth.
     */
    public static final int BOOKKEEPING_BYTES = 640;

    /** Bytes {@code v} counts against the caps under this rule. */
    public long charge(Value v) {
        return this == HEAP ? (long) v.packedLength() + BOOKKEEPING_BYTES : v.size();
    }
}
