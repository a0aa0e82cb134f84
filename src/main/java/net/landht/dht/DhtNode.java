package net.landht.dht;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.Cidr;
import net.landht.net.DatagramSender;
import net.landht.net.Martians;
import net.landht.net.ReceiveGuard;
import net.landht.net.RequestTracker;
import net.landht.net.Scheduler;
import net.landht.routing.Confirm;
import net.landht.routing.Node;
import net.landht.routing.RoutingTable;
import net.landht.wire.ErrorReply;
import net.landht.wire.Header;
import net.landht.wire.LegacyUpdate;
import net.landht.wire.Message;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.PartAssembler;
import net.landht.wire.ValueData;
import net.landht.wire.WireEncoder;

/**
 * One OpenDHT node: dispatch of received messages, our own requests, and the two routing tables. Datagrams reach
 * {@link #dispatch} through {@link ReceivePath} (filters, decoding, rate limits); incoming queries are answered by
 * {@link QueryResponder}; timers and searches live in {@link Maintenance}. Every answer to one of our requests
 * verifies its source address ({@link VerifiedSources}); with {@code limits.verify-sources-before-values}, a request
 * from an unverified source is answered within a {@link ReplyBudget} and its source is pinged.
 *
 * <p><b>Threading:</b> every method runs on the event loop that owns the DHT state; no locks.
 */
public final class DhtNode {
    /** Most of our own requests outstanding at once. */
    public static final int MAX_PENDING_REQUESTS = 4096;

    private final InfoHash self;
    private final long networkId;
    private final DatagramSender sender;
    private final InstantSource clock;
    private final RoutingTable table4;
    private final RoutingTable table6;
    private final RequestTracker<Message> tracker;
    private final DhtCounters counters = new DhtCounters();
    private final PartAssembler parts;
    private final ReceiveGuard guard;
    private final ReceivePath inbound;
    private final VerifiedSources sources = new VerifiedSources();
    /** {@code limits.verify-sources-before-values}: hold unverified sources to {@link ReplyBudget}s. */
    private final boolean verifySources;
    private final RequesterPings pings;
    private QueryResponder responder;

    /** A node that serves every source without limits (tests). */
    public DhtNode(InfoHash self, long networkId, DatagramSender sender, Scheduler scheduler, InstantSource clock,
                   RandomGenerator random) {
        this(self, networkId, sender, scheduler, clock, random, ReceiveGuard.open());
    }

    /**
     * @param guard the source filters and request rate limits of the receive path
     */
    public DhtNode(InfoHash self, long networkId, DatagramSender sender, Scheduler scheduler, InstantSource clock,
                   RandomGenerator random, ReceiveGuard guard) {
        this(self, networkId, sender, scheduler, clock, random, guard, RequesterPings.PING_BACK_MEMORY, false);
    }

    /**
     * @param pingBackMemory node ids whose last ping-back is remembered (tests use a small one)
     * @param verifySources  hold sources that never answered us to {@link VerifiedSources#MAX_AMPLIFICATION} times
     *                       their request ({@code limits.verify-sources-before-values})
     */
    DhtNode(InfoHash self, long networkId, DatagramSender sender, Scheduler scheduler, InstantSource clock,
            RandomGenerator random, ReceiveGuard guard, int pingBackMemory, boolean verifySources) {
        this.self = self;
        this.verifySources = verifySources;
        this.guard = guard;
        this.networkId = networkId;
        this.sender = sender;
        this.clock = clock;
        this.table4 = new RoutingTable(self, clock, random);
        this.table6 = new RoutingTable(self, clock, random);
        this.tracker = new RequestTracker<>(new CountingSender(), scheduler, random, MAX_PENDING_REQUESTS);
        this.parts = new PartAssembler(clock);
        this.inbound = new ReceivePath(this, guard);
        this.pings = new RequesterPings(this, sources, pingBackMemory);
    }

    /** The receive guard configured by {@code limits}: allow-list, exemptions, request rate limits. */
    static ReceiveGuard guardFor(NodeConfig.Limits limits, InstantSource clock) {
        return new ReceiveGuard(Cidr.parseAll(limits.allow()), Cidr.parseAll(limits.exempt()),
                limits.globalRequestsPerSecond(), limits.perSourceRequestsPerSecond(),
                ReceivePath.nanos(clock.instant()));
    }

    /** Connects the handler of incoming queries (done once, before traffic). */
    void setResponder(QueryResponder responder) {
        this.responder = responder;
    }

    public InfoHash id() {
        return self;
    }

    public long networkId() {
        return networkId;
    }

    public DhtCounters counters() {
        return counters;
    }

    public RoutingTable table4() {
        return table4;
    }

    public RoutingTable table6() {
        return table6;
    }

    /** The table for {@code address}'s family. */
    public RoutingTable tableFor(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? table6 : table4;
    }

    /** True when either routing table holds a good node (we are connected to the DHT). */
    public boolean hasGoodNode() {
        return table4.counts().good() > 0 || table6.counts().good() > 0;
    }

    DatagramSender transport() {
        return sender;
    }

    InstantSource clock() {
        return clock;
    }

    RequestTracker<Message> tracker() {
        return tracker;
    }

    PartAssembler parts() {
        return parts;
    }

    /** The addresses that answered our requests, and what was withheld from the others (counters: any thread). */
    public VerifiedSources sources() {
        return sources;
    }

    /**
     * True when a listener push may go to {@code to}: the rule is off or {@code to} is verified; else the push is
     * counted as withheld.
     */
    boolean mayPushTo(InetSocketAddress to) {
        if (!verifySources || sources.isVerified(to, clock.instant())) {
            return true;
        }
        sources.countWithheld(VerifiedSources.Withheld.UPDATE);
        return false;
    }

    /** The source filters and rate limits (read their counters from any thread). */
    public ReceiveGuard guard() {
        return guard;
    }

    /** Our requests waiting for an answer now (bounded by {@link #MAX_PENDING_REQUESTS}). Event loop only. */
    public int pendingRequests() {
        return tracker.pendingCount();
    }

    /** Messages waiting for value parts now, and their buffered bytes (bounded by {@link PartAssembler}). */
    public int partMessages() {
        return parts.pendingCount();
    }

    public long partBytes() {
        return parts.bufferedBytes();
    }

    /** Node ids in the ping-back memory now (bounded by {@link RequesterPings#PING_BACK_MEMORY}). Event loop only. */
    public int pingBackMemorySize() {
        return pings.pingBackMemorySize();
    }

    /** Entry point for every datagram received (event loop thread). Never throws. */
    public void onDatagram(byte[] data, InetSocketAddress from) {
        inbound.onDatagram(data, from);
    }

    /**
     * A decoded message that passed the receive path: reassembly, then requests, replies and errors.
     *
     * @param bytes size of the datagram that brought it; a message completed by value parts counts that datagram and
     *              its values' bytes (a lower bound of what its sender sent)
     */
    void dispatch(Message m, InetSocketAddress from, int bytes) {
        if (m instanceof ValueData vd) {
            counters.countIn(DhtCounters.Kind.PART);
            Message done = parts.onParts(from, vd);
            if (done != null) {
                dispatch(done, from, bytes + ReplyBudget.packedValueBytes(done));
            } else if (parts.lastPartRejected()) {
                counters.drop(DhtCounters.Drop.BAD_PART);
            }
            return;
        }
        if (PartAssembler.awaitsParts(m)) {
            Message done = parts.onHeader(from, m);
            if (done == null) {
                return;
            }
            m = done;
            bytes += ReplyBudget.packedValueBytes(done);
        }
        if (m instanceof Request q) {
            onRequest(q, from, bytes);
        } else if (m instanceof Reply r) {
            counters.countIn(DhtCounters.Kind.REPLY);
            if (r.id().equals(self)) {
                counters.drop(DhtCounters.Drop.SELF);
            } else if (!tracker.onAnswer(r.header().tid(), from, r)) {
                counters.drop(DhtCounters.Drop.UNSOLICITED_REPLY);
            }
        } else if (m instanceof ErrorReply e) {
            counters.countIn(DhtCounters.Kind.ERROR);
            if (e.id() == null || !tracker.onAnswer(e.header().tid(), from, e)) {
                counters.drop(DhtCounters.Drop.UNSOLICITED_REPLY);
            }
        } else if (m instanceof LegacyUpdate) {
            counters.drop(DhtCounters.Drop.UNSOLICITED_REPLY);
        }
    }

    /**
     * A request: learn its sender, answer it, and ping the sender when it should prove its address. With the rule
     * on, a source that never answered us gets a {@link ReplyBudget} of 5× the request, less the verification ping
     * sent once per {@link VerifiedSources#PING_INTERVAL} (sent once, not retransmitted: the source's own
     * retransmission brings the next one).
     */
    private void onRequest(Request q, InetSocketAddress from, int bytes) {
        if (q.id().equals(self)) {
            counters.drop(DhtCounters.Drop.SELF);
            return;
        }
        Node n = q.header().client() ? null : tableFor(from).onMessage(q.id(), from, Confirm.SENT_REQUEST);
        if (!verifySources) {
            responder.handle(q, from);
            if (n != null) {
                pings.pingBackIfUnproven(n);
            }
        } else {
            Instant now = clock.instant();
            boolean verified = sources.isVerified(from, now);
            // the ping goes first: a client handles it (and answers) before our reply, which may make it send its
            // next request at once (OpenDHT's paginated get sends the per-id gets from the reply's callback). A ping's
            // own answer comes first instead: it carries nothing to withhold, and a prober waits for that pong.
            boolean ping = q instanceof Request.Ping;
            int pingBytes = ping ? 0 : pings.verifyIfDue(from, q.id(), now);
            responder.handle(q, from, verified ? ReplyBudget.unlimited() : ReplyBudget.forUnverified(bytes, pingBytes));
            if (ping) {
                pingBytes = pings.verifyIfDue(from, q.id(), now);
            }
            if (pingBytes == 0 && n != null && verified) {
                pings.pingBackIfUnproven(n);
            }
        }
        servicePings();
    }

    /** Pings the nodes the routing tables asked to have checked. */
    void servicePings() {
        servicePings(table4);
        servicePings(table6);
    }

    private void servicePings(RoutingTable t) {
        for (Node n : t.drainPingRequests()) {
            ping(n.info(), null);
        }
    }

    /** Sends a ping; {@code onReply} (may be null) runs when it is answered. */
    void ping(NodeInfo to, Consumer<Reply> onReply) {
        request(to.address(), to.id(), tid -> new Request.Ping(Header.ours(tid, networkId), self), onReply, null);
    }

    /** Pings an address whose node id we do not know yet (bootstrap). */
    void pingAddress(InetSocketAddress to, Consumer<Reply> onReply, Runnable onTimeout) {
        request(to, null, tid -> new Request.Ping(Header.ours(tid, networkId), self), onReply, onTimeout);
    }

    /**
     * Sends one of our requests and learns from its answer: the replier becomes a {@code REPLIED} node, the nodes of
     * its {@code n4}/{@code n6} are {@code HEARD_OF}; each unanswered send counts against the node.
     *
     * @param expectedId the node id we believe is at {@code to}, or null (bootstrap)
     * @param build      makes the request for a transaction id
     * @param onReply    runs with a reply (may be null)
     * @param onFailure  runs on timeout or error reply (may be null)
     * @return false when not sent (too many requests pending)
     */
    boolean request(InetSocketAddress to, InfoHash expectedId, LongFunction<Request> build, Consumer<Reply> onReply,
                    Runnable onFailure) {
        return request(to, expectedId, build, onReply, onFailure, RequestTracker.MAX_ATTEMPTS);
    }

    /** As above, sent at most {@code attempts} times. */
    boolean request(InetSocketAddress to, InfoHash expectedId, LongFunction<Request> build,
                            Consumer<Reply> onReply, Runnable onFailure, int attempts) {
        if (!tracker.hasRoom()) {
            counters.overflow(DhtCounters.Overflow.PENDING_REQUESTS);
            return false;
        }
        long tid = tracker.newTid();
        Request req = build.apply(tid);
        RoutingTable table = tableFor(to);
        Node target = expectedId == null ? null : table.find(expectedId);
        if (target != null && !target.address().equals(to)) {
            target = null;
        }
        final Node node = target;
        boolean sent = tracker.send(tid, to, WireEncoder.encodeDatagrams(req), new RequestTracker.Outcome<>() {
            @Override
            public void answered(Message answer) {
                sources.onAnswer(to, clock.instant());
                if (answer instanceof Reply r) {
                    learnFromReply(r, to);
                    if (onReply != null) {
                        onReply.accept(r);
                    }
                } else {
                    if (answer instanceof ErrorReply e && !e.header().client()) {
                        // an error still proves the node answers (OpenDHT counts it as a reply)
                        Node n = table.onMessage(e.id(), to, Confirm.REPLIED);
                        if (n != null && e.code() == ErrorReply.UNAUTHORIZED) {
                            table.onAuthError(n);
                        }
                    }
                    if (onFailure != null) {
                        onFailure.run();
                    }
                }
            }

            @Override
            public void unansweredSend() {
                if (node != null && table.find(node.id()) == node) {
                    table.onRequestTimeout(node);
                }
            }

            @Override
            public void timedOut() {
                if (onFailure != null) {
                    onFailure.run();
                }
            }
        }, attempts);
        if (sent) {
            counters.countOut(DhtCounters.Kind.of(req));
            if (node != null) {
                table.onRequestSent(node);
            }
        }
        return sent;
    }

    private void learnFromReply(Reply r, InetSocketAddress from) {
        if (!r.header().client()) {
            tableFor(from).onMessage(r.id(), from, Confirm.REPLIED);
        }
        for (NodeInfo n : r.nodes4()) {
            learnRecord(n, from);
        }
        for (NodeInfo n : r.nodes6()) {
            learnRecord(n, from);
        }
        servicePings();
    }

    /**
     * A node record from a reply: our own id and martians are skipped; a loopback address is replaced by the
     * reply's source address with the record's port (OpenDHT: src/network_engine.cpp {@code deserializeNodes}).
     */
    private void learnRecord(NodeInfo n, InetSocketAddress replySource) {
        if (n.id().equals(self) || n.id().isZero()) {
            return;
        }
        InetSocketAddress a = n.address();
        if (a.getAddress().isLoopbackAddress() && !replySource.getAddress().isLoopbackAddress()
                && a.getAddress().getClass() == replySource.getAddress().getClass()) {
            a = new InetSocketAddress(replySource.getAddress(), a.getPort());
        }
        if (Martians.isMartian(a)) {
            return;
        }
        if (!sender.reaches(a)) {
            return;
        }
        tableFor(a).onMessage(n.id(), a, Confirm.HEARD_OF);
    }

    /** Sends an unsolicited datagram (replies, errors, value parts), counted. */
    void sendCounted(InetSocketAddress to, byte[] datagram) {
        counters.datagramOut();
        sender.send(to, datagram);
    }

    void countSent(DhtCounters.Kind kind) {
        counters.countOut(kind);
    }

    /** The transport, counting each datagram out. */
    private final class CountingSender implements DatagramSender {
        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            sendCounted(to, datagram);
        }

        @Override
        public boolean hasIpv4() {
            return sender.hasIpv4();
        }

        @Override
        public boolean hasIpv6() {
            return sender.hasIpv6();
        }
    }
}
