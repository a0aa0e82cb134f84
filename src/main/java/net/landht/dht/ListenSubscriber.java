package net.landht.dht;

import java.util.ArrayList;
import java.util.List;

import net.landht.value.Query;
import net.landht.value.Value;

/**
 * One local listener of a key ({@link DhtClient#listen}) on the key's {@link SharedListen}: its query, the lane to
 * its executor, its callback, and the budget slot it gives back when it ends. It holds no values of its own.
 *
 * <p>{@link #deliver} and {@link #end} run on the DHT loop; the callback runs on the caller's executor.
 */
final class ListenSubscriber {
    private final ClientCounters counters;
    private final Query query;
    private final CallbackLane lane;
    private final DhtClient.ListenCallback callback;
    private final Runnable onEnd;
    private boolean ended;

    /** @param onEnd runs once when the subscriber ends (gives back its listen slot) */
    ListenSubscriber(ClientCounters counters, Query query, CallbackLane lane, DhtClient.ListenCallback callback,
                     Runnable onEnd) {
        this.counters = counters;
        this.query = query;
        this.lane = lane;
        this.callback = callback;
        this.onEnd = onEnd;
    }

    /** The lane was closed by the caller (or by overflow) before the subscriber was placed. */
    boolean isClosed() {
        return lane.isClosed();
    }

    /** Posts the values of {@code batch} that match the query (the batch itself is shared, never copied per query). */
    void deliver(List<Value> batch, boolean expired) {
        if (ended || batch.isEmpty()) {
            return;
        }
        List<Value> mine = batch;
        if (!query.where().isEmpty()) {
            mine = new ArrayList<>(batch.size());
            for (Value v : batch) {
                if (query.matches(v)) {
                    mine.add(v);
                }
            }
            if (mine.isEmpty()) {
                return;
            }
            mine = List.copyOf(mine);
        }
        counters.count(ClientCounters.Event.LISTEN_VALUES, mine.size());
        List<Value> out = mine;
        lane.post(() -> callback.onValues(out, expired));
    }

    /** Stops callbacks and gives back the slot; idempotent. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        lane.close();
        onEnd.run();
    }
}
