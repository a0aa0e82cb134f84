package net.landht.routing;

/** The state of a routing table entry at a given instant (OpenDHT: src/node.cpp, {@code isGood}). */
public enum NodeState {
    /** Not expired, replied to one of our requests within {@link Node#GOOD_TIME} and heard from within
     *  {@link Node#EXPIRE_TIME}: the only nodes handed out to others. */
    GOOD,
    /** Neither good nor expired: kept, used for our own searches, pinged when its bucket is full. */
    DUBIOUS,
    /** Unanswered {@link Node#MAX_TIMEOUTS} times in a row or too many auth errors: replaced first, removed by
     *  {@link RoutingTable#expire()}. */
    EXPIRED
}
