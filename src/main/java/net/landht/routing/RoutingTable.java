package net.landht.routing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;

/**
 * The Kademlia routing table of one address family (the caller keeps one for IPv4 and one for IPv6; this class never
 * looks at the family). Buckets of {@link Bucket#TARGET_NODES} cover the id space as ranges
 * {@code [first, next.first)}, starting as one bucket and splitting around our own id, with OpenDHT's insert rule
 * (OpenDHT: src/routing_table.cpp, {@code onNewNode}).
 *
 * <p><b>Threading:</b> not thread-safe and holds no locks: it, its {@link Bucket}s and its {@link Node}s are touched
 * only from the DHT event-loop thread.
 *
 * <p><b>Learning:</b> the caller reports every parsed message with {@link #onMessage}: {@link Confirm#SENT_REQUEST}
 * for a request, {@link Confirm#REPLIED} for a reply to one of our requests, {@link Confirm#HEARD_OF} for each
 * {@code n4}/{@code n6} record. Senders that set the client flag ({@code s:true}) must never be reported: clients
 * are not DHT nodes (OpenDHT: src/network_engine.cpp, {@code process}).
 *
 * <p><b>Pings:</b> the table never sends anything. When it wants a node checked (a dubious node in a full bucket, the
 * cached candidate of a bucket being split, a known id seen at a new address) it queues the node; the caller drains
 * the queue with {@link #drainPingRequests()} after each call and pings them, reporting {@link #onRequestSent} and
 * then the reply ({@link #onMessage} with {@code REPLIED}) or each unanswered send ({@link #onRequestTimeout}).
 * A node is queued at most once and not while it has a request outstanding.
 *
 * <p><b>Address changes:</b> a message from a known id at a different address does not move the entry while the
 * entry is alive: it is ignored for the table ({@code onMessage} returns null), counted in {@link #addressConflicts()},
 * and the entry is queued for a ping at its old address. Only when the entry is expired or old (nothing heard from it
 * for {@link Node#EXPIRE_TIME}) does a message move it to the new address; the move forgets its reply time, so the
 * node is not good again (not handed out) until it answers us at the new address. OpenDHT moves a node on any direct
 * message, or on any record when the node is old (OpenDHT: src/node_cache.cpp, {@code getNode}); landht is stricter.
 *
 * <p><b>Bounds:</b> at most {@link Bucket#TARGET_NODES} nodes per bucket plus one cached candidate, at most
 * {@link InfoHash#BITS}{@code + 1} buckets; in addition at most {@code maxNodesPerIp} entries per IP address
 * (loopback exempt, 0 = off; refusals in {@link #refusedByIpCap()}).
 */
public final class RoutingTable {
    /** A bucket with no reply for this long is refreshed. OpenDHT: src/dht.cpp, {@code bucketMaintenance}. */
    public static final Duration BUCKET_REFRESH_AFTER = Duration.ofMinutes(10);

    /** Default cap of entries per (non-loopback) IP address. landht's own bound; OpenDHT has none. */
    public static final int DEFAULT_MAX_NODES_PER_IP = 2;

    private final InfoHash self;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final BucketList table;
    private final Set<Node> pingRequests = new LinkedHashSet<>();
    private Instant lastGrowth;
    private long refusedOwnId;
    private long addressConflicts;
    private long addressMoves;

    /** A table for node {@code self} with {@link #DEFAULT_MAX_NODES_PER_IP}. */
    public RoutingTable(InfoHash self, InstantSource clock, RandomGenerator random) {
        this(self, clock, random, DEFAULT_MAX_NODES_PER_IP);
    }

    /**
     * A table for node {@code self}.
     *
     * @param maxNodesPerIp entries allowed per non-loopback IP address; 0 = no cap
     */
    public RoutingTable(InfoHash self, InstantSource clock, RandomGenerator random, int maxNodesPerIp) {
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.table = new BucketList(new IpAdmission(maxNodesPerIp));
    }

    /** Our own node id. */
    public InfoHash self() {
        return self;
    }

    // ---------------------------------------------------------------- learning

    /**
     * Learns from a message (or a node record). Updates a known entry, or inserts an unknown id by OpenDHT's rule:
     * into its bucket if it has room; else in place of an expired node; else a dubious node without a pending request
     * is queued for a ping, and the bucket is split if it contains our id and holds no dubious node (or is the only
     * bucket); else the node becomes the bucket's cached candidate (a directly heard one replaces the previous one).
     *
     * @return the entry in the table, or null if the id is not in the table after this call: our own or the zero id,
     *     a known id at a conflicting address, a node that was only cached, or an IP over its cap
     */
    public Node onMessage(InfoHash id, InetSocketAddress from, Confirm how) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(how, "how");
        if (id.isZero() || id.equals(self)) {
            refusedOwnId++;
            return null;
        }
        Instant now = clock.instant();
        Node known = table.find(id);
        if (known != null) {
            return updateKnown(known, from, how, now);
        }
        Node cached = bucketFor(id).cachedOrNull();
        Node node = cached != null && cached.id().equals(id) && cached.address().equals(from)
                ? cached : new Node(id, from);
        node.received(now, how);
        return insert(node, how, now);
    }

    /** Re-inserts a persisted node as if another node had told us about it ({@link Confirm#HEARD_OF}). */
    public Node restore(NodeInfo info) {
        return onMessage(info.id(), info.address(), Confirm.HEARD_OF);
    }

    /** A request (not a retransmission) was sent to {@code node}. */
    public void onRequestSent(Node node) {
        node.requestSent();
        pingRequests.remove(node);
    }

    /** One send of a request to {@code node} went unanswered; the {@link Node#MAX_TIMEOUTS}th in a row expires it. */
    public void onRequestTimeout(Node node) {
        node.requestTimedOut();
    }

    /** A request to {@code node} ended without an answer and without expiring it (cancelled, given up early). */
    public void onRequestAbandoned(Node node) {
        node.requestAbandoned();
    }

    /** {@code node} refused our write token or signature; more than {@link Node#MAX_AUTH_ERRORS} expire it. */
    public void onAuthError(Node node) {
        node.authError();
    }

    /** {@code node} accepted an authenticated request: its auth error count starts again. */
    public void onAuthSuccess(Node node) {
        node.authSuccess();
    }

    /** Our connectivity changed (new address, network back): nothing heard before proves anything any more. */
    public void onConnectivityChanged() {
        lastGrowth = clock.instant();
        for (Bucket b : table.all()) {
            b.setLastReply(null);
            b.mutableNodes().forEach(Node::forgetTimes);
            if (b.cachedOrNull() != null) {
                b.cachedOrNull().forgetTimes();
            }
        }
    }

    /** The nodes the table wants pinged since the last call, oldest request first; the queue is emptied. */
    public List<Node> drainPingRequests() {
        if (pingRequests.isEmpty()) {
            return List.of(); // the common case: called after every request
        }
        List<Node> out = new ArrayList<>(pingRequests);
        pingRequests.clear();
        return out;
    }

    /**
     * Removes expired nodes; in each bucket that lost one, the cached candidate takes a freed slot
     * (OpenDHT: src/dht.cpp, {@code expireBuckets}, which pings it). Meant to run every 2–6 minutes.
     */
    public ExpirySweep expire() {
        List<Node> removed = new ArrayList<>();
        List<Node> promoted = new ArrayList<>();
        for (Bucket b : table.all()) {
            boolean changed = false;
            for (Iterator<Node> it = b.mutableNodes().iterator(); it.hasNext(); ) {
                Node n = it.next();
                if (n.isExpired()) {
                    it.remove();
                    table.removed(n);
                    pingRequests.remove(n);
                    removed.add(n);
                    changed = true;
                }
            }
            Node c = b.cachedOrNull();
            if (changed && c != null) {
                b.setCached(null);
                if (table.find(c.id()) == null && table.admission().admits(c.address(), null)) {
                    table.add(b, c);
                    promoted.add(c);
                    pingRequests.remove(c);
                }
            }
        }
        return new ExpirySweep(removed, promoted);
    }

    // ---------------------------------------------------------------- queries

    /** The entry for {@code id}, or null (cached candidates are not entries). */
    public Node find(InfoHash id) {
        return table.find(id);
    }

    /** Up to {@code count} good nodes closest to {@code target}, closest first: what we hand out to others. */
    public List<Node> closestGood(InfoHash target, int count) {
        Instant now = clock.instant();
        return ClosestNodes.select(table.all(), table.indexOf(target), target, count, n -> n.isGood(now));
    }

    /** Up to {@code count} non-expired nodes closest to {@code target}, closest first: seeds for our own searches. */
    public List<Node> closest(InfoHash target, int count) {
        return ClosestNodes.select(table.all(), table.indexOf(target), target, count, n -> !n.isExpired());
    }

    /** Node counts per state, now. */
    public RoutingCounts counts() {
        Instant now = clock.instant();
        int good = 0;
        int dubious = 0;
        int expired = 0;
        int cached = 0;
        for (Bucket b : table.all()) {
            for (Node n : b.nodes()) {
                switch (n.state(now)) {
                    case GOOD -> good++;
                    case DUBIOUS -> dubious++;
                    case EXPIRED -> expired++;
                }
            }
            cached += b.cachedOrNull() != null ? 1 : 0;
        }
        return new RoutingCounts(good, dubious, expired, table.bucketCount(), cached);
    }

    /** Number of entries (cached candidates excluded). */
    public int size() {
        return table.nodeCount();
    }

    /** True when no bucket holds a node. */
    public boolean isEmpty() {
        return table.nodeCount() == 0;
    }

    /** Every entry, bucket by bucket: for snapshots and persistence ({@link Node#info()}). */
    public List<Node> allNodes() {
        return table.allNodes();
    }

    /** The buckets in id order (a copy of the list; the buckets themselves are live, read-only). */
    public List<Bucket> buckets() {
        return List.copyOf(table.all());
    }

    /** The bucket whose range holds {@code id}. */
    public Bucket bucketFor(InfoHash id) {
        return table.bucketFor(id);
    }

    /** A uniformly random id in {@code bucket}'s range: the target of a maintenance {@code find}. */
    public InfoHash randomIdInBucket(Bucket bucket) {
        return InfoHash.randomWithPrefix(bucket.first(), bucket.depth(), random);
    }

    /** The buckets that are empty or had no reply for {@code staleAfter} (normally {@link #BUCKET_REFRESH_AFTER}). */
    public List<Bucket> bucketsNeedingRefresh(Duration staleAfter) {
        Instant limit = clock.instant().minus(staleAfter);
        List<Bucket> out = new ArrayList<>();
        for (Bucket b : table.all()) {
            Optional<Instant> t = b.lastReply();
            if (b.nodes().isEmpty() || t.isEmpty() || t.get().isBefore(limit)) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * The node to send a maintenance {@code find} for {@code bucket} to, chosen like OpenDHT: a random node of the
     * bucket, or of a neighbour when the bucket is empty (and 1 time in 8 anyway), non-expired nodes first; null when
     * there is none or it already has a request outstanding (OpenDHT: src/dht.cpp, {@code bucketMaintenance}).
     */
    public Node refreshPeer(Bucket bucket) {
        List<Bucket> buckets = table.all();
        int i = buckets.indexOf(bucket);
        if (i < 0) {
            return null;
        }
        Bucket q = bucket;
        if (i + 1 < buckets.size() && (q.nodes().isEmpty() || random.nextInt(8) == 0)) {
            q = buckets.get(i + 1);
        }
        if (i > 0 && (q.nodes().isEmpty() || random.nextInt(8) == 0) && !buckets.get(i - 1).nodes().isEmpty()) {
            q = buckets.get(i - 1);
        }
        Node n = q.randomNode(random);
        return n != null && !n.hasPendingRequest() ? n : null;
    }

    /** Last time an unknown node fell into the bucket holding our own id (OpenDHT's {@code grow_time}). */
    public Optional<Instant> lastGrowth() {
        return Optional.ofNullable(lastGrowth);
    }

    /** Messages refused because they carried our own id or the zero id. */
    public long refusedOwnId() {
        return refusedOwnId;
    }

    /** Entries refused because their IP address was at the per-IP cap. */
    public long refusedByIpCap() {
        return table.admission().refused();
    }

    /** Messages from a known, live id at another address (ignored for the table, old address re-pinged). */
    public long addressConflicts() {
        return addressConflicts;
    }

    /** Entries moved to a new address because the old one was expired or old. */
    public long addressMoves() {
        return addressMoves;
    }

    // ---------------------------------------------------------------- internals

    private Node updateKnown(Node known, InetSocketAddress from, Confirm how, Instant now) {
        if (!known.address().equals(from)) {
            if (!known.isExpired() && !known.isOld(now)) {
                addressConflicts++;
                requestPing(known);
                return null;
            }
            if (!table.admission().admits(from, known)) {
                return null;
            }
            table.move(known, from);
            addressMoves++;
            if (how != Confirm.REPLIED) {
                requestPing(known);
            }
        }
        known.received(now, how);
        if (how == Confirm.REPLIED) {
            bucketFor(known.id()).setLastReply(now);
        }
        return known;
    }

    private Node insert(Node node, Confirm how, Instant now) {
        while (true) {
            int i = table.indexOf(node.id());
            Bucket b = table.all().get(i);
            if (how == Confirm.REPLIED) {
                b.setLastReply(now);
            }
            boolean mine = b.contains(self);
            if (mine) {
                lastGrowth = now;
            }
            List<Node> nodes = b.mutableNodes();
            if (!b.isFull()) {
                return table.admission().admits(node.address(), null) ? table.add(b, node) : null;
            }
            for (int k = 0; k < nodes.size(); k++) {
                Node old = nodes.get(k);
                if (old.isExpired()) {
                    if (!table.admission().admits(node.address(), old)) {
                        return null;
                    }
                    nodes.remove(k);
                    table.removed(old);
                    pingRequests.remove(old);
                    return table.add(b, node);
                }
            }
            boolean dubious = false;
            for (Node n : nodes) {
                if (!n.isGood(now)) {
                    dubious = true;
                    if (!n.hasPendingRequest() && !pingRequests.contains(n)) {
                        pingRequests.add(n);
                        break;
                    }
                }
            }
            if (mine && (!dubious || table.bucketCount() == 1) && b.depth() < InfoHash.BITS) {
                Node c = b.cachedOrNull();
                if (c != null && c != node) {
                    requestPing(c);
                }
                table.split(i);
                continue;
            }
            if (how != Confirm.HEARD_OF || b.cachedOrNull() == null) {
                b.setCached(node);
            }
            return null;
        }
    }

    private void requestPing(Node node) {
        if (!node.hasPendingRequest()) {
            pingRequests.add(node);
        }
    }

}
