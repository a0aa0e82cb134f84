package net.landht.storage;

import java.util.Objects;

/**
 * Who a listener is: the subscribing node as the caller identifies it (OpenDHT uses the node object, i.e. node id
 * and address family) and the socket id {@code sid} it chose. A repeated listen with an equal id refreshes the
 * listener instead of adding one. OpenDHT: src/storage.h, {@code listeners}.
 *
 * @param subscriber opaque, with value equality (e.g. a node id + address record); never null
 * @param sid        the listener's socket id (uint32 on the wire)
 */
public record ListenerId(Object subscriber, long sid) {
    public ListenerId {
        Objects.requireNonNull(subscriber, "subscriber");
    }
}
