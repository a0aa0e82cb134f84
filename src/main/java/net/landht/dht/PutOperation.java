package net.landht.dht;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.Scheduler;
import net.landht.storage.PutOutcome;
import net.landht.value.Refusal;
import net.landht.value.Value;
import net.landht.wire.Reply;

/**
 * One announce of a value (a {@link DhtClient#put}, or a permanent put's re-announce): a {@code find} search per
 * address family, then a {@code put} with its write token to each of the {@link Search#TARGET_NODES} closest
 * nodes that answered with one, and the value in landht's own store when landht is among the closest of a family
 * (fewer than 8 nodes answered, or landht is closer than the 8th). When no remote node acknowledged, the value is
 * stored locally anyway: a put never fails while landht can hold the value (issue 11: jamid cannot announce its
 * device after a failed certificate put); when landht's store refuses it too and nobody acked, the result says why
 * ({@link DhtClient.PutResult#refusal()}). The outcome is known when every put was answered or timed out, or
 * {@link #ACK_WAIT} after the puts were sent once some node (landht or a remote one) holds the value, so a node that
 * died since the search does not hold the answer for the tracker's 7–10 s (later acks are not counted).
 * OpenDHT: src/dht.cpp {@code Dht::put}, {@code searchSendAnnounceValue}, {@code announce}; src/search.h
 * {@code TARGET_NODES}.
 *
 * <p>Event loop only.
 */
final class PutOperation implements Search.Listener {
    /** How long a put that some node holds waits for the remaining acks. landht's bound. */
    static final Duration ACK_WAIT = Duration.ofSeconds(3);

    private final ClientContext ctx;
    private final InfoHash key;
    private final Value value;
    private final InetAddress source;
    private final Consumer<DhtClient.PutResult> onDone;
    private final List<Search> searches = new ArrayList<>(2);
    private int running;
    private int pendingPuts;
    private int acks;
    private boolean storedLocally;
    private Refusal localRefusal;
    private boolean done;
    private Scheduler.Cancellable ackTimer;

    /**
     * @param source the requester (the local store's per-source quota), or null
     * @param onDone runs once on the loop with the outcome
     */
    PutOperation(ClientContext ctx, InfoHash key, Value value, InetAddress source,
                 Consumer<DhtClient.PutResult> onDone) {
        this.ctx = ctx;
        this.key = key;
        this.value = value;
        this.source = source;
        this.onDone = onDone;
    }

    void start() {
        searches.addAll(Search.perFamily(ctx, key, ClientRequests.find(ctx.node(), key), this));
        running = searches.size();
        if (running == 0) {
            announce();
            return;
        }
        for (Search s : List.copyOf(searches)) {
            s.start();
        }
    }

    @Override
    public void onSettled(Search search) {
        if (--running == 0) {
            announce();
        }
    }

    private void announce() {
        boolean local = searches.isEmpty();
        List<Search.Synced> targets = new ArrayList<>();
        for (Search s : searches) {
            List<NodeInfo> answered = s.answered();
            if (answered.size() < Search.TARGET_NODES
                    || key.xorCompare(ctx.node().id(), answered.get(Search.TARGET_NODES - 1).id()) < 0) {
                local = true;
            }
            targets.addAll(s.synced(Search.TARGET_NODES));
        }
        if (local) {
            storeLocally();
        }
        for (Search.Synced t : targets) {
            boolean sent = ctx.node().request(t.node().address(), t.node().id(),
                    ClientRequests.put(ctx.node(), key, value, t.token()), this::acked, this::failed);
            if (sent) {
                pendingPuts++;
            }
        }
        if (pendingPuts == 0) {
            finish();
        } else {
            ackTimer = ctx.scheduler().schedule(ACK_WAIT, () -> {
                if (acks > 0 || storedLocally) {
                    finish();
                }
            });
        }
    }

    private void acked(Reply r) {
        if (done) {
            return;
        }
        acks++;
        ctx.counters().count(ClientCounters.Event.PUT_REMOTE_ACK);
        failed();
    }

    private void failed() {
        if (--pendingPuts == 0) {
            finish();
        }
    }

    private void storeLocally() {
        if (storedLocally) {
            return;
        }
        PutOutcome outcome = ctx.storage().storage().put(key, value, source, -1);
        if (!outcome.stored()) {
            localRefusal = outcome.refusal();
        } else {
            storedLocally = true;
            ctx.counters().count(ClientCounters.Event.PUT_LOCAL);
            ctx.storage().scheduleExpiry();
        }
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (ackTimer != null) {
            ackTimer.cancel();
        }
        if (acks == 0) {
            storeLocally();
        }
        if (!storedLocally && acks == 0) {
            ctx.counters().count(ClientCounters.Event.PUT_FAILED);
        }
        onDone.accept(new DhtClient.PutResult(value.id(), storedLocally, acks,
                storedLocally || acks > 0 ? null : localRefusal));
    }
}
