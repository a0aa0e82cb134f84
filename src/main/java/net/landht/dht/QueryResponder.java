package net.landht.dht;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.RateLimiter;
import net.landht.net.WriteTokens;
import net.landht.routing.Node;
import net.landht.wire.ErrorReply;
import net.landht.wire.Header;
import net.landht.wire.Message;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.Want;

/**
 * Answers incoming queries. Every query gets a reply or an error (Jami clients stall when a bootstrap silently drops
 * put, listen or refresh); find and get replies always carry a write token (a token-less reply gets us blacklisted,
 * fact sheet §21) and up to 8 good nodes per wanted family. Storage queries are delegated to
 * {@link StorageService}. Fact sheet §4, §5, §10.
 *
 * <p>Amplification: a source that never answered us may be someone else's spoofed address. Such a requester gets at
 * most {@link #UNVERIFIED_NODES} nodes per family (a reply ≈ 5 times a single-family request), and replies that
 * carry values (a get reply can hold many KiB) are charged to a byte budget per destination
 * ({@link #UNVERIFIED_VALUE_BURST_BYTES}, refilled at {@link #UNVERIFIED_VALUE_BYTES_PER_SECOND}) and for everyone
 * ({@link #UNVERIFIED_VALUE_GLOBAL_BYTES_PER_SECOND}); over it the request is not answered (counted as
 * {@link DhtCounters.Drop#AMPLIFICATION}). A real peer's first get, which may come before it answered our ping-back,
 * fits easily; a verified requester is never charged. Put, listen and refresh need a write token bound to the
 * requester's address, so a spoofer cannot use them.
 *
 * <p>With {@code limits.verify-sources-before-values} (on by default), every message a request from an unverified
 * source makes us send is first fitted into that request's {@link ReplyBudget} (at most
 * {@link VerifiedSources#MAX_AMPLIFICATION} times its bytes): node lists are trimmed, replies with values that do not
 * fit are withheld, and listens are neither registered nor answered until the source answered our ping
 * ({@link DhtNode} sends it); the source's retransmission then gets the full answer.
 *
 * <p>Event loop only.
 */
final class QueryResponder {
    /** Nodes per family in a find/get reply. OpenDHT: src/network_engine.cpp, SEND_NODES. */
    static final int SEND_NODES = 8;
    /**
     * IPv4 nodes sent to a requester we have verified (it answered us): more than {@link #SEND_NODES} so that the
     * handful of phones on a LAN learn each other from the bootstrap in one round. OpenDHT receivers accept any
     * number of whole records. 24 IPv4 + 16 IPv6 records keep a reply under 1,400 bytes (no IP fragmentation on
     * Ethernet).
     */
    static final int VERIFIED_NODES4 = 24;
    /** IPv6 counterpart of {@link #VERIFIED_NODES4}. */
    static final int VERIFIED_NODES6 = 16;
    /**
     * Nodes per family sent to a requester that has not answered us yet (typically a newcomer's first find, which
     * arrives before the answer to our ping-back): twice {@link #SEND_NODES}, so the reply (≈ 520 bytes for IPv4)
     * stays a small multiple of the ≈ 100-byte request that a spoofed source could send.
     */
    static final int UNVERIFIED_NODES = 16;
    /** Value-carrying reply bytes one unverified destination may get at once. landht's bound. */
    static final int UNVERIFIED_VALUE_BURST_BYTES = 256 * 1024;
    /** ... and per second after that. */
    static final int UNVERIFIED_VALUE_BYTES_PER_SECOND = 64 * 1024;
    /** Value-carrying reply bytes all unverified destinations together may get per second (and at once). */
    static final int UNVERIFIED_VALUE_GLOBAL_BYTES_PER_SECOND = 1024 * 1024;
    /** Destinations whose budget is remembered (LRU; evictions counted by the limiter). */
    static final int MAX_BUDGET_DESTINATIONS = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(QueryResponder.class);

    private final DhtNode node;
    private final WriteTokens tokens;
    private final StorageService storage;
    private final RateLimiter valueBudget;
    /** The routing-table entry of the sender of the query being answered, or null. */
    private Node currentRequester;
    /** Where {@code update} requests go (landht's own listens); acknowledged here either way. */
    private java.util.function.Consumer<Request.Update> updates = u -> { };
    /** What the query being answered may still make us send. */
    private ReplyBudget budget = ReplyBudget.unlimited();
    /** Counts a reply trimmed to fit its budget; made once instead of a method reference per reply sent. */
    private final Runnable countTrimmed;

    QueryResponder(DhtNode node, WriteTokens tokens, StorageService storage) {
        this.node = node;
        this.tokens = tokens;
        this.storage = storage;
        this.countTrimmed = () -> node.sources().trimmed();
        this.valueBudget = new RateLimiter(UNVERIFIED_VALUE_GLOBAL_BYTES_PER_SECOND,
                UNVERIFIED_VALUE_GLOBAL_BYTES_PER_SECOND, UNVERIFIED_VALUE_BURST_BYTES,
                UNVERIFIED_VALUE_BYTES_PER_SECOND, MAX_BUDGET_DESTINATIONS, ReceivePath.nanos(node.clock().instant()));
    }

    /** Connects landht's own listens, which receive the {@code update} requests (done once, before traffic). */
    void setUpdateSink(java.util.function.Consumer<Request.Update> sink) {
        this.updates = sink;
    }

    /** The byte budget of value-carrying replies to unverified requesters (for its counters). */
    RateLimiter valueBudget() {
        return valueBudget;
    }

    /** Answers {@code q} without limits (a verified source, or the rule is off). */
    void handle(Request q, InetSocketAddress from) {
        handle(q, from, ReplyBudget.unlimited());
    }

    /**
     * Answers {@code q}, sending only what fits {@code budget}.
     *
     * @param budget {@link ReplyBudget#unlimited()} for a verified source or when the rule is off
     */
    void handle(Request q, InetSocketAddress from, ReplyBudget budget) {
        node.counters().countIn(DhtCounters.Kind.of(q));
        currentRequester = q.header().client() ? null : node.tableFor(from).find(q.id());
        this.budget = budget;
        try {
            answer(q, from);
        } finally {
            this.budget = ReplyBudget.unlimited();
        }
    }

    private void answer(Request q, InetSocketAddress from) {
        if (q instanceof Request.Ping) {
            send(from, Reply.simple(header(q), node.id(), sa(from)));
        } else if (q instanceof Request.Find f) {
            send(from, new Reply(header(q), node.id(), sa(from), nodes4(f.target(), f.want(), from),
                    nodes6(f.target(), f.want(), from), tokens.make(from), List.of(), null, 0));
        } else if (q instanceof Request.Get g) {
            if (g.key() == null) {
                error(q, from, ErrorReply.NON_AUTHORITATIVE, "Get_values with no info_hash");
                return;
            }
            storage.get(g, from, nodes4(g.key(), g.want(), from), nodes6(g.key(), g.want(), from),
                    tokens.make(from));
        } else if (q instanceof Request.Listen l) {
            if (l.key() == null) {
                error(q, from, ErrorReply.NON_AUTHORITATIVE, "Listen with no info_hash");
            } else if (!tokens.check(l.token(), from)) {
                error(q, from, ErrorReply.UNAUTHORIZED, "Listen with wrong token");
            } else if (budget.isLimited()) {
                node.sources().countWithheld(VerifiedSources.Withheld.LISTEN);
                LOG.debug("listen from {} withheld until it answers our ping", from);
            } else {
                storage.listen(l, from, tokens.make(from));
            }
        } else if (q instanceof Request.Put p) {
            if (p.key() == null) {
                error(q, from, ErrorReply.NON_AUTHORITATIVE, "Put with no info_hash");
            } else if (!tokens.check(p.token(), from)) {
                error(q, from, ErrorReply.UNAUTHORIZED, "Put with wrong token");
            } else if (!node.guard().admitPut(from.getAddress(), ReceivePath.nanos(node.clock().instant()))) {
                node.counters().drop(DhtCounters.Drop.PUT_RATE_LIMITED);
            } else {
                storage.put(p, from);
            }
        } else if (q instanceof Request.Refresh r) {
            if (r.key() == null) {
                error(q, from, ErrorReply.NON_AUTHORITATIVE, "Refresh with no info_hash");
            } else if (!tokens.check(r.token(), from)) {
                error(q, from, ErrorReply.UNAUTHORIZED, "Put with wrong token");
            } else {
                storage.refresh(r, from);
            }
        } else if (q instanceof Request.Update u) {
            // for one of landht's own listens, or a cancelled one: confirm receipt so the sender stops retransmitting
            updates.accept(u);
            send(from, Reply.simple(header(q), node.id(), sa(from)));
        }
    }

    /** Our reply header for request {@code q}: same tid, our network id. */
    Header header(Request q) {
        return Header.ours(q.header().tid(), node.networkId());
    }

    /** The requester's address as we see it ({@code sa}): 4 or 16 raw bytes. */
    static byte[] sa(InetSocketAddress from) {
        return from.getAddress().getAddress();
    }

    void error(Request q, InetSocketAddress from, int code, String message) {
        send(from, new ErrorReply(header(q), code, message, node.id()));
    }

    /**
     * Sends a reply (and its value parts, if any) to the requester being answered. A reply carrying values to a
     * requester that never answered us is sent only within the byte budget.
     */
    void send(InetSocketAddress to, Message m) {
        List<byte[]> datagrams = budget.fit(m, countTrimmed);
        if (datagrams == null) {
            boolean values = m instanceof Reply r && (!r.values().isEmpty() || r.fields() != null);
            node.sources().countWithheld(values ? VerifiedSources.Withheld.VALUE_REPLY
                    : VerifiedSources.Withheld.OTHER);
            LOG.debug("not answering {} yet: its reply is over {} bytes and it never answered us", to,
                    budget.remaining());
            return;
        }
        if (m instanceof Reply r && (!r.values().isEmpty() || r.fields() != null) && !isGoodRequester(to)) {
            long bytes = ReplyBudget.total(datagrams);
            RateLimiter.Verdict v = valueBudget.acquire(to.getAddress(), bytes,
                    ReceivePath.nanos(node.clock().instant()));
            if (v != RateLimiter.Verdict.ALLOWED) {
                node.counters().drop(DhtCounters.Drop.AMPLIFICATION);
                LOG.debug("not answering {} with {} value bytes: it never answered us and is over its budget ({})",
                        to, bytes, v);
                return;
            }
        }
        for (byte[] d : datagrams) {
            node.sendCounted(to, d);
        }
        node.countSent(m instanceof ErrorReply ? DhtCounters.Kind.ERROR : DhtCounters.Kind.REPLY);
    }

    List<NodeInfo> nodes4(InfoHash target, Want want, InetSocketAddress from) {
        boolean wanted = want == null ? !(from.getAddress() instanceof Inet6Address) : want.ipv4();
        int count = isGoodRequester(from) ? VERIFIED_NODES4 : UNVERIFIED_NODES;
        return wanted ? closest(node.table4().closestGood(target, count), from) : List.of();
    }

    List<NodeInfo> nodes6(InfoHash target, Want want, InetSocketAddress from) {
        boolean wanted = want == null ? from.getAddress() instanceof Inet6Address : want.ipv6();
        int count = isGoodRequester(from) ? VERIFIED_NODES6 : UNVERIFIED_NODES;
        return wanted ? closest(node.table6().closestGood(target, count), from) : List.of();
    }

    /** True when the requester at {@code from} is a good node of ours: it answered one of our requests there. */
    private boolean isGoodRequester(InetSocketAddress from) {
        return currentRequester != null && currentRequester.address().equals(from)
                && currentRequester.isGood(node.clock().instant());
    }

    private static List<NodeInfo> closest(List<Node> nodes, InetSocketAddress requester) {
        List<NodeInfo> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(n.info());
        }
        return out;
    }
}
