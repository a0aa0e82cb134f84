package net.landht.storage;

import java.util.LinkedHashMap;

import net.landht.id.InfoHash;

/**
 * Everything held under one key: its values in arrival order (an edit keeps its place) and its listeners. Exists
 * while it has either. OpenDHT: src/storage.h, {@code Storage}. Loop thread only.
 */
final class KeyEntry {
    final InfoHash key;
    final LinkedHashMap<Long, StoredValue> values = new LinkedHashMap<>(4);
    /** Null until the first listen, to keep keys without listeners small. */
    LinkedHashMap<ListenerId, Listener> listeners;

    KeyEntry(InfoHash key) {
        this.key = key;
    }

    boolean hasListeners() {
        return listeners != null && !listeners.isEmpty();
    }

    boolean isEmpty() {
        return values.isEmpty() && !hasListeners();
    }
}
