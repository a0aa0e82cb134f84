package net.landht.storage;

import java.util.Comparator;

import net.landht.value.Query;

/**
 * A remote listener of one key. Mutable, loop thread only; while in the registry's deadline set its
 * {@link #lastListenMillis} must not change.
 */
final class Listener {
    static final Comparator<Listener> BY_LAST_LISTEN = (a, b) -> a.lastListenMillis != b.lastListenMillis
            ? Long.compare(a.lastListenMillis, b.lastListenMillis) : Long.compare(a.serial, b.serial);

    final ListenerId id;
    final KeyEntry entry;
    final SourceKey source;
    final long serial;
    Query query;
    long lastListenMillis;

    Listener(ListenerId id, KeyEntry entry, SourceKey source, long serial, Query query, long lastListenMillis) {
        this.id = id;
        this.entry = entry;
        this.source = source;
        this.serial = serial;
        this.query = query;
        this.lastListenMillis = lastListenMillis;
    }
}
