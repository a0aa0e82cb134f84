package net.landht.routing;

import java.util.List;

/**
 * What one {@link RoutingTable#expire()} sweep did.
 *
 * @param removed  the expired nodes taken out of their buckets
 * @param promoted cached candidates moved into the freed slots; the caller pings each of them (they stay dubious
 *                 until they answer, and expire if they do not)
 */
public record ExpirySweep(List<Node> removed, List<Node> promoted) {
    public ExpirySweep {
        removed = List.copyOf(removed);
        promoted = List.copyOf(promoted);
    }
}
