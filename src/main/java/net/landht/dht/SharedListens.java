package net.landht.dht;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;
import net.landht.wire.Request;

/**
 * The client's listens by key and by socket id: the first subscriber of a key starts its {@link SharedListen} (one
 * remote listen per node and key, one copy of the values), later ones join it, the last one leaving stops it.
 * OpenDHT: src/dht.cpp {@code Dht::listen} (one search per key, its listeners in a map).
 *
 * <p>Event loop only. Bounded by the client's listen budget (every subscriber holds a slot, and a shared listen
 * exists only while it has a subscriber).
 */
final class SharedListens {
    private final ClientContext ctx;
    private final LocalWatches watches;
    private final Map<InfoHash, SharedListen> byKey = new HashMap<>();
    private final Map<Long, SharedListen> bySid = new HashMap<>();
    private volatile int keys;

    SharedListens(ClientContext ctx, LocalWatches watches) {
        this.ctx = ctx;
        this.watches = watches;
    }

    /** Adds {@code s} to the listen of {@code key}, starting it when it is the first. */
    void subscribe(InfoHash key, ListenSubscriber s) {
        SharedListen l = byKey.get(key);
        if (l == null) {
            long sid = newSid();
            SharedListen created = new SharedListen(ctx, key, sid, () -> {
                byKey.remove(key);
                bySid.remove(sid);
                keys = byKey.size();
            });
            byKey.put(key, created);
            bySid.put(sid, created);
            keys = byKey.size();
            created.start(watches);
            l = created;
        }
        l.add(s);
    }

    /** Removes {@code s} (no-op when it is not subscribed); the last one stops the key's listen. */
    void unsubscribe(InfoHash key, ListenSubscriber s) {
        SharedListen l = byKey.get(key);
        if (l != null) {
            l.remove(s, watches);
        }
    }

    /** Ends every subscriber and every listen. */
    void stopAll() {
        for (SharedListen l : List.copyOf(byKey.values())) {
            l.removeAll(watches);
        }
    }

    /** An {@code update}: handed to the listen with its sid; false when no listen took it. */
    boolean onUpdate(Request.Update u) {
        SharedListen l = bySid.get(u.sid());
        return l != null && l.onUpdate(u);
    }

    /** Keys listened on now (any thread). */
    int keys() {
        return keys;
    }

    /** The listen of {@code key}, or null. */
    SharedListen of(InfoHash key) {
        return byKey.get(key);
    }

    /** A socket id for a new listen: unsigned 32 bits, non-zero, not in use. */
    private long newSid() {
        long sid;
        do {
            sid = 1 + ctx.random().nextLong(0xFFFF_FFFFL);
        } while (bySid.containsKey(sid));
        return sid;
    }
}
