package net.landht.dht;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.Scheduler;
import net.landht.routing.Node;
import net.landht.wire.Reply;
import net.landht.wire.Request;

/**
 * An iterative Kademlia search of the nodes closest to a key in one address family: ask up to {@link #CONCURRENCY}
 * of the closest unasked candidates at a time (seeded from the routing table), add the nodes they return, keep
 * {@link #SEARCH_NODES} candidates, settle when the {@link #TARGET_NODES} closest have answered, failed or are slow
 * and nothing is in flight. The request is the caller's ({@code find} for bootstrap and neighbourhood maintenance
 * and for put and listen, {@code get} with a query for a get); each answering node's write token is kept, and every
 * reply is handed to the caller (the values of a get) and teaches the routing table (via {@link DhtNode#request}).
 * OpenDHT: src/search.h ({@code Search}, {@code SearchNode}, {@code isSynced}), src/dht.cpp
 * {@code searchStep}, {@code searchSendGetValues}; fact sheet §7 (a node is usable for put/listen only after a
 * reply that carried a token).
 *
 * <p>landht's choice: a node that has not answered {@link #SLOW_AFTER} after the first send (the tracker has resent
 * once by then) counts as settled and frees its slot, so one dead node costs a get 1.5 s rather than the tracker's
 * 7–10 s; a late answer is still used while the search runs.
 *
 * <p>Event loop only.
 */
final class Search {
    /** A settled candidate that answered with a write token: usable for put and listen. */
    record Synced(NodeInfo node, byte[] token) {
    }

    /** What the owner of a search hears. */
    @FunctionalInterface
    interface Listener {
        /** A candidate answered (before the search settled). */
        default void onReply(NodeInfo from, Reply reply) {
        }

        /** The search settled (called once, maybe from {@link #start()} itself when there is no candidate). */
        void onSettled(Search search);
    }

    /** Candidates kept. OpenDHT: include/opendht/dht.h SEARCH_NODES. */
    static final int SEARCH_NODES = 14;
    /** Requests in flight at once. OpenDHT: include/opendht/dht.h MAX_REQUESTED_SEARCH_NODES. */
    static final int CONCURRENCY = 4;
    /** The search settles when this many closest candidates are settled. OpenDHT: TARGET_NODES. */
    static final int TARGET_NODES = 8;
    /** A candidate without an answer this long after the first send counts as settled. landht's bound. */
    static final Duration SLOW_AFTER = Duration.ofMillis(1500);

    private enum State { NEW, ASKED, SLOW, ANSWERED, FAILED }

    private static final class Candidate {
        final NodeInfo info;
        State state = State.NEW;
        byte[] token;
        Scheduler.Cancellable slowTimer;

        Candidate(NodeInfo info) {
            this.info = info;
        }
    }

    private final DhtNode node;
    private final Scheduler scheduler;
    private final InfoHash key;
    private final boolean ipv6;
    private final LongFunction<Request> request;
    private final Listener listener;
    private final List<Candidate> candidates = new ArrayList<>();
    private int inFlight;
    private boolean settled;
    private boolean cancelled;

    /**
     * @param request makes the request to send for a transaction id ({@code get} or {@code find} for {@code key})
     */
    Search(DhtNode node, Scheduler scheduler, InfoHash key, boolean ipv6, LongFunction<Request> request,
              Listener listener) {
        this.node = node;
        this.scheduler = scheduler;
        this.key = key;
        this.ipv6 = ipv6;
        this.request = request;
        this.listener = listener;
        for (Node n : (ipv6 ? node.table6() : node.table4()).closest(key, SEARCH_NODES)) {
            offer(n.info());
        }
    }

    /**
     * One search per address family the node has a socket for, not started yet (none without a socket).
     *
     * @param request makes the request to send for a transaction id
     */
    static List<Search> perFamily(ClientContext ctx, InfoHash key, LongFunction<Request> request, Listener listener) {
        DhtNode node = ctx.node();
        List<Search> out = new ArrayList<>(2);
        if (node.transport().hasIpv4()) {
            out.add(new Search(node, ctx.scheduler(), key, false, request, listener));
        }
        if (node.transport().hasIpv6()) {
            out.add(new Search(node, ctx.scheduler(), key, true, request, listener));
        }
        return out;
    }

    InfoHash key() {
        return key;
    }

    boolean ipv6() {
        return ipv6;
    }

    boolean isSettled() {
        return settled;
    }

    /** Starts asking; may settle at once (no candidate). */
    void start() {
        step();
    }

    /** Stops: no more requests, no more calls to the listener. */
    void cancel() {
        cancelled = true;
        for (Candidate c : candidates) {
            if (c.slowTimer != null) {
                c.slowTimer.cancel();
            }
        }
    }

    /** Up to {@code count} candidates that answered with a token, closest to the key first. */
    List<Synced> synced(int count) {
        List<Synced> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.state == State.ANSWERED && c.token != null && out.size() < count) {
                out.add(new Synced(c.info, c.token));
            }
        }
        return out;
    }

    /** Candidates that answered, closest first. */
    List<NodeInfo> answered() {
        List<NodeInfo> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.state == State.ANSWERED) {
                out.add(c.info);
            }
        }
        return out;
    }

    private void offer(NodeInfo n) {
        if (n.isIpv6() != ipv6 || n.id().equals(node.id())) {
            return;
        }
        for (Candidate c : candidates) {
            if (c.info.id().equals(n.id())) {
                return;
            }
        }
        int i = 0;
        while (i < candidates.size() && key.xorCompare(candidates.get(i).info.id(), n.id()) < 0) {
            i++;
        }
        if (i >= SEARCH_NODES) {
            return;
        }
        candidates.add(i, new Candidate(n));
        if (candidates.size() > SEARCH_NODES) {
            Candidate dropped = candidates.remove(candidates.size() - 1);
            if (dropped.state == State.ASKED || dropped.state == State.SLOW) {
                candidates.add(dropped); // kept until it settles, so its slot is given back
            }
        }
    }

    private void step() {
        if (settled || cancelled) {
            return;
        }
        for (int i = 0; i < candidates.size() && inFlight < CONCURRENCY; i++) {
            Candidate c = candidates.get(i);
            if (c.state == State.NEW) {
                ask(c);
            }
        }
        int target = Math.min(TARGET_NODES, candidates.size());
        int done = 0;
        for (int i = 0; i < target; i++) {
            State s = candidates.get(i).state;
            if (s == State.ANSWERED || s == State.FAILED || s == State.SLOW) {
                done++;
            }
        }
        if (inFlight == 0 && done >= target) {
            settled = true;
            listener.onSettled(this);
        }
    }

    private void ask(Candidate c) {
        c.state = State.ASKED;
        boolean sent = node.request(c.info.address(), c.info.id(), request, reply -> answered(c, reply),
                () -> failed(c));
        if (sent) {
            inFlight++;
            c.slowTimer = scheduler.schedule(SLOW_AFTER, () -> slow(c));
        } else {
            c.state = State.FAILED;
        }
    }

    private void slow(Candidate c) {
        if (c.state == State.ASKED && !cancelled) {
            c.state = State.SLOW;
            inFlight--;
            step();
        }
    }

    private void answered(Candidate c, Reply r) {
        if (!release(c)) {
            return;
        }
        c.state = State.ANSWERED;
        c.token = r.token();
        (ipv6 ? r.nodes6() : r.nodes4()).forEach(this::offer);
        listener.onReply(c.info, r);
        step();
    }

    private void failed(Candidate c) {
        if (!release(c)) {
            return;
        }
        c.state = State.FAILED;
        step();
    }

    /** Frees the slot of an answered or failed request; false when the search no longer cares. */
    private boolean release(Candidate c) {
        if (c.slowTimer != null) {
            c.slowTimer.cancel();
        }
        if (c.state == State.ASKED) {
            inFlight--;
        } else if (c.state != State.SLOW) {
            return false;
        }
        return !cancelled && !settled;
    }
}
