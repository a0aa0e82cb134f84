package net.landht.routing;

/**
 * How we learned about a node, in rising order of trust. OpenDHT passes the same thing as the integer {@code confirm}
 * (0, 1, 2) to {@code Dht::onNewNode} (OpenDHT: src/network_engine.cpp, {@code process} and
 * {@code deserializeNodes}).
 */
public enum Confirm {
    /** Another node told us about it in an {@code n4}/{@code n6} record; nothing was heard from the node itself. */
    HEARD_OF,
    /** It sent us a request: it is alive at that address, but has not proven it answers requests. */
    SENT_REQUEST,
    /** It answered one of our requests: the only proof that makes a node good. */
    REPLIED
}
