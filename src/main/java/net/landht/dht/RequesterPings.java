package net.landht.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import net.landht.id.InfoHash;
import net.landht.net.BoundedLruMap;
import net.landht.routing.Node;
import net.landht.wire.Header;
import net.landht.wire.Request;
import net.landht.wire.WireEncoder;

/**
 * The pings landht sends to the senders of requests, both bounded: <b>ping-backs</b>, so that a node that only sends
 * us requests can become good and be handed out (fact sheet §21; at most one per node id per
 * {@link #PING_BACK_INTERVAL}, ids remembered in an LRU table), and <b>verification pings</b>, so that a source that
 * never answered us can prove its address ({@link VerifiedSources}; sent once, not retransmitted, at most
 * {@link #MAX_VERIFICATION_PINGS} unanswered at once).
 *
 * <p>Event loop only.
 */
final class RequesterPings {
    /** A dubious node is pinged back at most this often, so a silent peer cannot make us send much. */
    private static final Duration PING_BACK_INTERVAL = Duration.ofMinutes(1);
    /** Node ids whose last ping-back time is remembered (LRU; evictions counted). */
    static final int PING_BACK_MEMORY = 4096;
    /** Most verification pings unanswered at once (each waits 1.0–1.25 s): a quarter of the pending requests. */
    static final int MAX_VERIFICATION_PINGS = DhtNode.MAX_PENDING_REQUESTS / 4;

    private final DhtNode node;
    private final VerifiedSources sources;
    private final BoundedLruMap<InfoHash, Instant> lastPingBack;
    /** The largest our ping can be (a 32-bit tid): what a verification ping takes from a request's budget. */
    private final int pingBytes;
    /** Verification pings sent and not yet answered or timed out. */
    private int verificationPings;

    /** @param pingBackMemory node ids whose last ping-back is remembered (tests use a small one) */
    RequesterPings(DhtNode node, VerifiedSources sources, int pingBackMemory) {
        this.node = node;
        this.sources = sources;
        this.lastPingBack = new BoundedLruMap<>(pingBackMemory,
                () -> node.counters().overflow(DhtCounters.Overflow.PING_BACK_MEMORY));
        this.pingBytes = WireEncoder.encode(new Request.Ping(Header.ours(0xFFFF_FFFFL, node.networkId()),
                node.id())).length;
    }

    /**
     * Sends a verification ping to {@code from} (claiming node id {@code id}) when {@link VerifiedSources#wantsPing}
     * and the cap allows it.
     *
     * @return the bytes it may take from the request's budget, 0 when none was sent
     */
    int verifyIfDue(InetSocketAddress from, InfoHash id, Instant now) {
        if (!sources.wantsPing(from, now)) {
            return 0;
        }
        if (verificationPings >= MAX_VERIFICATION_PINGS) {
            node.counters().overflow(DhtCounters.Overflow.VERIFICATION_PINGS);
            return 0;
        }
        if (!node.request(from, id, tid -> new Request.Ping(Header.ours(tid, node.networkId()), node.id()),
                r -> verificationPings--, () -> verificationPings--, 1)) {
            return 0;
        }
        verificationPings++;
        sources.pinged(from, now);
        return pingBytes;
    }

    /** Pings {@code n} back unless it is good, being asked already, or was pinged back lately. */
    void pingBackIfUnproven(Node n) {
        Instant now = node.clock().instant();
        if (n.isGood(now) || n.hasPendingRequest()) {
            return;
        }
        Instant last = lastPingBack.get(n.id());
        if (last != null && last.plus(PING_BACK_INTERVAL).isAfter(now)) {
            return;
        }
        lastPingBack.put(n.id(), now);
        node.ping(n.info(), null);
    }

    /** Node ids in the ping-back memory now (bounded by {@link #PING_BACK_MEMORY}). */
    int pingBackMemorySize() {
        return lastPingBack.size();
    }
}
