package net.landht.dht;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.wire.Header;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.Want;

/**
 * An iterative Kademlia lookup of the nodes closest to a target in one address family: ask up to
 * {@link #CONCURRENCY} of the closest unasked candidates at a time, add the nodes they return, stop when the
 * {@link #TARGET_NODES} closest have all answered or failed. Used for bootstrap (our own id) and for neighbourhood
 * maintenance; every reply also teaches the routing table (via {@link DhtNode#request}).
 * OpenDHT: include/opendht/dht.h SEARCH_NODES (14), SEARCH_MAX_REQUESTS... (4), TARGET_NODES (8).
 *
 * <p>Event loop only.
 */
final class Search {
    /** Candidates kept. OpenDHT: SEARCH_NODES. */
    static final int SEARCH_NODES = 14;
    /** Requests in flight at once. OpenDHT: MAX_REQUESTED_SEARCH_NODES. */
    static final int CONCURRENCY = 4;
    /** The search is done when this many closest candidates are settled. OpenDHT: TARGET_NODES. */
    static final int TARGET_NODES = 8;

    private enum State { NEW, ASKED, ANSWERED, FAILED }

    private static final class Candidate {
        final NodeInfo info;
        State state = State.NEW;

        Candidate(NodeInfo info) {
            this.info = info;
        }
    }

    private final DhtNode node;
    private final InfoHash target;
    private final boolean ipv6;
    private final Consumer<Search> onDone;
    private final List<Candidate> candidates = new ArrayList<>();
    private int inFlight;
    private boolean done;

    Search(DhtNode node, InfoHash target, boolean ipv6, List<NodeInfo> seeds, Consumer<Search> onDone) {
        this.node = node;
        this.target = target;
        this.ipv6 = ipv6;
        this.onDone = onDone;
        seeds.forEach(this::offer);
    }

    InfoHash target() {
        return target;
    }

    boolean isDone() {
        return done;
    }

    /** Nodes that answered, closest first. */
    List<NodeInfo> answered() {
        List<NodeInfo> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.state == State.ANSWERED) {
                out.add(c.info);
            }
        }
        return out;
    }

    void start() {
        step();
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
        while (i < candidates.size() && target.xorCompare(candidates.get(i).info.id(), n.id()) < 0) {
            i++;
        }
        if (i >= SEARCH_NODES) {
            return;
        }
        candidates.add(i, new Candidate(n));
        if (candidates.size() > SEARCH_NODES) {
            Candidate dropped = candidates.remove(candidates.size() - 1);
            if (dropped.state == State.ASKED) {
                candidates.add(dropped); // keep what is in flight until it settles
            }
        }
    }

    private void step() {
        if (done) {
            return;
        }
        int settled = 0;
        for (int i = 0; i < candidates.size() && inFlight < CONCURRENCY; i++) {
            Candidate c = candidates.get(i);
            if (c.state == State.NEW) {
                ask(c);
            }
        }
        for (int i = 0; i < Math.min(TARGET_NODES, candidates.size()); i++) {
            State s = candidates.get(i).state;
            if (s == State.ANSWERED || s == State.FAILED) {
                settled++;
            }
        }
        if (inFlight == 0 && (settled >= Math.min(TARGET_NODES, candidates.size()))) {
            done = true;
            onDone.accept(this);
        }
    }

    private void ask(Candidate c) {
        c.state = State.ASKED;
        Want want = node.transport().hasIpv4() && node.transport().hasIpv6() ? Want.BOTH : null;
        boolean sent = node.request(c.info.address(), c.info.id(),
                tid -> new Request.Find(Header.ours(tid, node.networkId()), node.id(), target, want),
                reply -> answered(c, reply), () -> failed(c));
        if (sent) {
            inFlight++;
        } else {
            c.state = State.FAILED;
        }
    }

    private void answered(Candidate c, Reply r) {
        inFlight--;
        c.state = State.ANSWERED;
        (ipv6 ? r.nodes6() : r.nodes4()).forEach(this::offer);
        step();
    }

    private void failed(Candidate c) {
        inFlight--;
        c.state = State.FAILED;
        step();
    }
}
