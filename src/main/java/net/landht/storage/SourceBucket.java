package net.landht.storage;

import java.net.InetAddress;
import java.util.TreeSet;

/**
 * The values one source (see {@link SourceKey}) has stored, oldest-expiring first, and their bytes: what eviction
 * picks from. OpenDHT: src/storage.h, {@code StorageBucket}. Loop thread only.
 */
final class SourceBucket {
    final SourceKey key;
    /** The first address seen from this source, reported to persistence. */
    final InetAddress address;
    final TreeSet<StoredValue> byExpiry = new TreeSet<>(StoredValue.BY_EXPIRY);
    long bytes;

    SourceBucket(SourceKey key, InetAddress address) {
        this.key = key;
        this.address = address;
    }
}
