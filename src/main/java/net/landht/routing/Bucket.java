package net.landht.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import net.landht.id.InfoHash;

/**
 * One Kademlia bucket: the ids that share the first {@link #depth()} bits with {@link #first()}, which is the range
 * {@code [first, next bucket's first)} of OpenDHT's bucket list (OpenDHT: include/opendht/routing_table.h,
 * {@code Bucket}). Holds at most {@link #TARGET_NODES} nodes, newest first, and at most one cached candidate that is
 * tried when a slot frees up.
 *
 * <p>Owned by its {@link RoutingTable} and touched only from the DHT event-loop thread; callers get read-only views.
 */
public final class Bucket {
    /** Nodes per bucket (and per reply). OpenDHT: include/opendht/routing_table.h, TARGET_NODES. */
    public static final int TARGET_NODES = 8;

    private final InfoHash first;
    private final int depth;
    private final List<Node> nodes = new ArrayList<>(TARGET_NODES);
    private final List<Node> nodesView = Collections.unmodifiableList(nodes);
    private Instant lastReply;
    private Node cached;

    Bucket(InfoHash first, int depth, Instant lastReply) {
        this.first = first;
        this.depth = depth;
        this.lastReply = lastReply;
    }

    /** The lowest id of the range. */
    public InfoHash first() {
        return first;
    }

    /** Prefix length: the bucket holds the ids whose first {@code depth} bits equal those of {@link #first()}. */
    public int depth() {
        return depth;
    }

    /** True when {@code id} falls in this bucket's range. */
    public boolean contains(InfoHash id) {
        return first.commonPrefixBits(id) >= depth;
    }

    /** Last time one of its nodes answered one of our requests (bucket freshness); empty if never. */
    public Optional<Instant> lastReply() {
        return Optional.ofNullable(lastReply);
    }

    /** Its nodes, newest first (read-only view). */
    public List<Node> nodes() {
        return nodesView;
    }

    /** Number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** True when it holds {@link #TARGET_NODES} nodes. */
    public boolean isFull() {
        return nodes.size() >= TARGET_NODES;
    }

    /** The candidate kept for when a slot frees up, if any. Not part of the table: not found, not handed out. */
    public Optional<Node> cached() {
        return Optional.ofNullable(cached);
    }

    // ---- mutators, called by RoutingTable only ----

    List<Node> mutableNodes() {
        return nodes;
    }

    Node cachedOrNull() {
        return cached;
    }

    void setCached(Node node) {
        cached = node;
    }

    void setLastReply(Instant time) {
        lastReply = time;
    }

    /** A random node, non-expired ones preferred; null when empty (OpenDHT: src/routing_table.cpp,
     *  {@code randomNode}). */
    Node randomNode(RandomGenerator random) {
        List<Node> pool = nodes.stream().filter(n -> !n.isExpired()).toList();
        if (pool.isEmpty()) {
            pool = nodes;
        }
        return pool.isEmpty() ? null : pool.get(random.nextInt(pool.size()));
    }

    /**
     * The two halves of this bucket at bit {@link #depth()} (lower, upper), each with its share of the nodes in their
     * order and this bucket's freshness (OpenDHT: src/routing_table.cpp, {@code split}). The table replaces this
     * bucket with them; the cached candidate is not carried over (the table pings it instead).
     */
    Bucket[] split() {
        Bucket low = new Bucket(first, depth + 1, lastReply);
        Bucket high = new Bucket(withBit(first, depth), depth + 1, lastReply);
        for (Node n : nodes) {
            (n.id().bit(depth) ? high : low).nodes.add(n);
        }
        return new Bucket[] {low, high};
    }

    private static InfoHash withBit(InfoHash id, int bit) {
        byte[] b = id.toBytes();
        b[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
        return InfoHash.of(b);
    }

    @Override
    public String toString() {
        return first.toHex() + "/" + depth + " (" + nodes.size() + " nodes" + (cached != null ? ", 1 cached)" : ")");
    }
}
