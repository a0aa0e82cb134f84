package net.landht.ops;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.landht.routing.Node;
import net.landht.routing.NodeState;
import net.landht.routing.RoutingTable;

/**
 * The first {@link #MAX_ROWS} routing-table entries (IPv4 table first, then IPv6; each bucket by bucket, in id
 * order), copied on the event loop for the status page, and how many entries there were in all.
 *
 * @param rows  at most {@link #MAX_ROWS} entries
 * @param total entries in both tables (cached candidates excluded), at least {@code rows.size()}
 */
record KnownNodes(List<Row> rows, int total) {
    /** Bound of the copy: a routing table is ~8 nodes per bucket and a LAN's has a few buckets; a big one is cut. */
    static final int MAX_ROWS = 200;

    static final KnownNodes NONE = new KnownNodes(List.of(), 0);

    KnownNodes {
        rows = List.copyOf(rows);
        if (rows.size() > MAX_ROWS || total < rows.size()) {
            throw new IllegalArgumentException(rows.size() + " rows of " + total + " nodes (at most " + MAX_ROWS + ")");
        }
    }

    /**
     * One entry.
     *
     * @param id        the node id, 40 hex digits
     * @param address   its UDP address
     * @param state     its state at the copy's instant
     * @param lastHeard when it last sent us anything, null if never (a node only heard of)
     */
    record Row(String id, InetSocketAddress address, NodeState state, Instant lastHeard) {
    }

    /** Copies both tables. Call on the event loop that owns them. */
    static KnownNodes take(RoutingTable v4, RoutingTable v6, Instant now) {
        List<Row> rows = new ArrayList<>();
        int total = 0;
        for (RoutingTable t : List.of(v4, v6)) {
            List<Node> nodes = t.allNodes();
            total += nodes.size();
            for (Node n : nodes) {
                if (rows.size() == MAX_ROWS) {
                    break;
                }
                rows.add(new Row(n.id().toString(), n.address(), n.state(now), n.lastHeard().orElse(null)));
            }
        }
        return new KnownNodes(rows, total);
    }
}
