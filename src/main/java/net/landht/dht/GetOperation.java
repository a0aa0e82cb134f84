package net.landht.dht;

import java.util.ArrayList;
import java.util.List;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.wire.Reply;

/**
 * One {@link DhtClient#get}: the local store's matching values first, then a {@code get} search per address family
 * towards the key; each value id reported once (highest seq); done when every search settled. OpenDHT:
 * src/dht.cpp {@code Dht::get}, {@code searchSendGetValues}, {@code onGetValuesDone}.
 *
 * <p>Event loop only (callbacks go through the operation's {@link CallbackLane}).
 */
final class GetOperation implements Search.Listener {
    private final ClientContext ctx;
    private final InfoHash key;
    private final Query query;
    private final CallbackLane lane;
    private final DhtClient.GetCallback callback;
    private final Runnable onEnd;
    private final ValueMerge merge;
    private final List<Search> searches = new ArrayList<>(2);
    private int running;
    private boolean ended;

    /** @param onEnd runs once on the loop when the get is done or cancelled (gives back its budget) */
    GetOperation(ClientContext ctx, InfoHash key, Query query, CallbackLane lane, DhtClient.GetCallback callback,
                 Runnable onEnd) {
        this.ctx = ctx;
        this.key = key;
        this.query = query;
        this.lane = lane;
        this.callback = callback;
        this.onEnd = onEnd;
        this.merge = new ValueMerge(query, ctx.counters());
    }

    void start() {
        ctx.counters().count(ClientCounters.Event.GET);
        boolean found = deliver(ctx.storage().storage().get(key, query));
        searches.addAll(Search.perFamily(ctx, key, ClientRequests.get(ctx.node(), key, query), this));
        if (searches.isEmpty()) {
            end(found);
            return;
        }
        running = searches.size();
        for (Search s : List.copyOf(searches)) {
            s.start();
        }
    }

    void cancel() {
        searches.forEach(Search::cancel);
        lane.close();
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }

    @Override
    public void onReply(NodeInfo from, Reply reply) {
        if (!reply.values().isEmpty()) {
            deliver(ClientRequests.parse(reply.values(), ctx.counters()));
        }
    }

    @Override
    public void onSettled(Search search) {
        if (--running == 0) {
            end(true);
        }
    }

    private boolean deliver(List<Value> values) {
        List<Value> fresh = merge.fresh(values);
        if (fresh.isEmpty() || ended) {
            return false;
        }
        ctx.counters().count(ClientCounters.Event.GET_VALUES, fresh.size());
        lane.post(() -> callback.onValues(fresh));
        return true;
    }

    private void end(boolean ok) {
        if (ended) {
            return;
        }
        ended = true;
        ctx.counters().count(ClientCounters.Event.GET_DONE);
        lane.post(() -> callback.onDone(ok));
        onEnd.run();
    }
}
