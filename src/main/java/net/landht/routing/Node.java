package net.landht.routing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;

/**
 * One entry of a {@link RoutingTable}: a remote node's id and address and what we know of its liveness.
 *
 * <p>Mutable, and touched only from the DHT event-loop thread, like the table that owns it. Only the table changes
 * it (through {@link RoutingTable#onMessage}, {@link RoutingTable#onRequestSent}, {@link RoutingTable#onRequestTimeout}
 * and friends), so callers may keep references but see every change the table makes. Identity is the object: two
 * {@code Node} objects with the same id are different entries.
 *
 * <p>Timestamps: <em>last heard</em> moves on any message from the node itself ({@link Confirm#SENT_REQUEST} or
 * {@link Confirm#REPLIED}), never on {@link Confirm#HEARD_OF}; <em>last reply</em> moves only on
 * {@link Confirm#REPLIED}. Both are empty until the first such message.
 */
public final class Node {
    /** A node must have replied to one of our requests this recently to be good.
     *  OpenDHT: include/opendht/node.h, NODE_GOOD_TIME. */
    public static final Duration GOOD_TIME = Duration.ofMinutes(120);

    /** A node must have sent us something this recently to be good; silent longer, it is "old" and its address may be
     *  replaced. OpenDHT: include/opendht/node.h, NODE_EXPIRE_TIME (and {@code isOld}). */
    public static final Duration EXPIRE_TIME = Duration.ofMinutes(10);

    /** Unanswered sends in a row after which a node is expired: OpenDHT sends a request 3 times and expires the node
     *  when the last send goes unanswered. OpenDHT: src/request.h, MAX_ATTEMPT_COUNT; src/network_engine.cpp,
     *  {@code requestStep}. */
    public static final int MAX_TIMEOUTS = 3;

    /** Authentication errors tolerated; one more expires the node. OpenDHT: include/opendht/node.h, MAX_AUTH_ERRORS. */
    public static final int MAX_AUTH_ERRORS = 3;

    private final InfoHash id;
    private InetSocketAddress address;
    private NodeInfo info;
    private Instant lastHeard;
    private Instant lastReply;
    private int pendingRequests;
    private int consecutiveTimeouts;
    private int authErrors;
    private boolean expired;

    Node(InfoHash id, InetSocketAddress address) {
        this.id = Objects.requireNonNull(id, "id");
        this.address = Objects.requireNonNull(address, "address");
    }

    /** The node id. */
    public InfoHash id() {
        return id;
    }

    /** The UDP address we talk to it at. */
    public InetSocketAddress address() {
        return address;
    }

    /** Id and address as an immutable value, for replies ({@code n4}/{@code n6}) and snapshots. */
    public NodeInfo info() {
        NodeInfo i = info;
        if (i == null || i.address() != address) {
            i = new NodeInfo(id, address); // made again only after a move: find/get replies call this per node
            info = i;
        }
        return i;
    }

    /** When the node last sent us any message (request or reply); empty if never. */
    public Optional<Instant> lastHeard() {
        return Optional.ofNullable(lastHeard);
    }

    /** When the node last answered one of our requests; empty if never. */
    public Optional<Instant> lastReply() {
        return Optional.ofNullable(lastReply);
    }

    /** Requests sent to it and not yet answered, timed out for good or abandoned. */
    public int pendingRequests() {
        return pendingRequests;
    }

    /** True while a request to it is outstanding. OpenDHT: src/node.cpp, {@code isPendingMessage}. */
    public boolean hasPendingRequest() {
        return pendingRequests > 0;
    }

    /** Unanswered sends since its last message. */
    public int consecutiveTimeouts() {
        return consecutiveTimeouts;
    }

    /** Authentication errors since the last {@link RoutingTable#onAuthSuccess}. */
    public int authErrors() {
        return authErrors;
    }

    /** True once expired; a later message from the node clears it (OpenDHT: src/node.cpp, {@code received}). */
    public boolean isExpired() {
        return expired;
    }

    /** Good at {@code now}: not expired, replied within {@link #GOOD_TIME}, heard from within {@link #EXPIRE_TIME}. */
    public boolean isGood(Instant now) {
        return !expired
                && lastReply != null && within(lastReply, now, GOOD_TIME)
                && lastHeard != null && within(lastHeard, now, EXPIRE_TIME);
    }

    /**
     * {@code !t.isBefore(now.minus(d))} without allocating: this runs for every node a find or get reply looks at.
     */
    private static boolean within(Instant t, Instant now, Duration d) {
        long seconds = now.getEpochSecond() - t.getEpochSecond() - d.getSeconds();
        if (seconds > 2) {
            return false;
        }
        if (seconds < -2) {
            return true;
        }
        return seconds * 1_000_000_000L + ((long) now.getNano() - t.getNano() - d.getNano()) <= 0;
    }

    /** Not heard from within {@link #EXPIRE_TIME} (or never). OpenDHT: include/opendht/node.h, {@code isOld}. */
    public boolean isOld(Instant now) {
        return lastHeard == null || lastHeard.isBefore(now.minus(EXPIRE_TIME));
    }

    /** The state at {@code now}. */
    public NodeState state(Instant now) {
        if (expired) {
            return NodeState.EXPIRED;
        }
        return isGood(now) ? NodeState.GOOD : NodeState.DUBIOUS;
    }

    // ---- mutators, called by RoutingTable only ----

    /** A message from the node itself; a reply also answers one outstanding request. */
    void received(Instant now, Confirm how) {
        if (how == Confirm.HEARD_OF) {
            return;
        }
        lastHeard = now;
        expired = false;
        consecutiveTimeouts = 0;
        if (how == Confirm.REPLIED) {
            lastReply = now;
            if (pendingRequests > 0) {
                pendingRequests--;
            }
        }
    }

    void requestSent() {
        pendingRequests++;
    }

    void requestAbandoned() {
        if (pendingRequests > 0) {
            pendingRequests--;
        }
    }

    void requestTimedOut() {
        if (++consecutiveTimeouts >= MAX_TIMEOUTS) {
            setExpired();
        }
    }

    void authError() {
        if (++authErrors > MAX_AUTH_ERRORS) {
            setExpired();
        }
    }

    void authSuccess() {
        authErrors = 0;
    }

    /** Like OpenDHT's {@code setExpired}: outstanding requests are forgotten with it. */
    void setExpired() {
        expired = true;
        pendingRequests = 0;
    }

    /** Moves the entry to a new address: everything proven at the old address is forgotten. */
    void moveTo(InetSocketAddress newAddress) {
        address = Objects.requireNonNull(newAddress, "newAddress");
        lastReply = null;
        expired = false;
        consecutiveTimeouts = 0;
        pendingRequests = 0;
        authErrors = 0;
    }

    /** Network change: nothing heard before counts any more (OpenDHT: routing_table.h, {@code connectivityChanged}). */
    void forgetTimes() {
        lastHeard = null;
    }

    @Override
    public String toString() {
        return id.toHex() + " " + address;
    }
}
