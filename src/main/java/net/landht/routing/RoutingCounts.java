package net.landht.routing;

/**
 * How many entries a routing table holds per state, at one instant. Cached candidates are not counted.
 *
 * @param good    nodes in state {@link NodeState#GOOD}
 * @param dubious nodes in state {@link NodeState#DUBIOUS}
 * @param expired nodes in state {@link NodeState#EXPIRED}, not yet swept
 * @param buckets number of buckets
 * @param cached  buckets that hold a cached candidate
 */
public record RoutingCounts(int good, int dubious, int expired, int buckets, int cached) {
    /** All nodes in the buckets. */
    public int total() {
        return good + dubious + expired;
    }
}
