package net.landht.dht;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.Scheduler;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.wire.Request;

/**
 * The one listen landht runs on a key for all its local listeners ({@link ListenSubscriber}s): the local store's
 * values and changes, and remote listens (version 1, no query, one socket id {@code sid} per key) on the
 * {@link #LISTEN_NODES} closest nodes of each family that answered a {@code find} with a write token. The values
 * seen are kept once per key ({@link ListenValues}); each change is handed to every subscriber, which applies its
 * own query. A subscriber that joins a running listen gets the values known now at once.
 *
 * <p>Listens are sent again every {@link #RELISTEN_PERIOD} so the storing nodes keep them; the search runs again
 * every {@link #RESEARCH_PERIOD} (new closest nodes, fresh tokens), {@link #RETRY_AFTER_FAILURE} after a listen
 * failed, and every {@link #RETRY_WHEN_ALONE} while no remote node was found. Updates are matched by {@code sid}
 * ({@link SharedListens#onUpdate}). The last subscriber leaving stops it; OpenDHT 2.4 has no message to cancel a
 * listen, so the storing nodes forget it 10 minutes after the last refresh (their updates are acknowledged and
 * dropped). OpenDHT: src/dht.cpp {@code Dht::listen} (one {@code Search} per key with its listeners),
 * {@code searchSendListen}, {@code onListenDone}; include/opendht/dht.h {@code LISTEN_NODES},
 * {@code LISTEN_EXPIRE_TIME}, {@code REANNOUNCE_MARGIN}.
 *
 * <p>Event loop only (callbacks go through each subscriber's {@link CallbackLane}).
 */
final class SharedListen implements Search.Listener, LocalWatches.Watcher {
    /** Remote listens per family. OpenDHT: include/opendht/dht.h LISTEN_NODES. */
    static final int LISTEN_NODES = 4;
    /** Listen again this often: LISTEN_EXPIRE_TIME (30 s) − REANNOUNCE_MARGIN (10 s). OpenDHT: dht.h. */
    static final Duration RELISTEN_PERIOD = Duration.ofSeconds(20);
    /** Search again this often for the closest nodes and fresh tokens. landht's choice. */
    static final Duration RESEARCH_PERIOD = Duration.ofMinutes(2);
    /** Search again this soon after a remote listen failed. landht's choice. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);
    /** Search again this often while no remote node is known (a lone landht waiting for peers). landht's choice. */
    static final Duration RETRY_WHEN_ALONE = Duration.ofSeconds(15);

    private static final class Remote {
        final NodeInfo node;
        byte[] token;

        Remote(NodeInfo node, byte[] token) {
            this.node = node;
            this.token = token;
        }
    }

    private final ClientContext ctx;
    private final InfoHash key;
    private final long sid;
    private final Runnable onEnd;
    private final ListenValues values;
    private final List<ListenSubscriber> subscribers = new ArrayList<>();
    private final Map<InfoHash, Remote> remotes = new LinkedHashMap<>();
    private final List<Search> searches = new ArrayList<>(2);
    private int searching;
    private Scheduler.Cancellable relistenTimer;
    private Scheduler.Cancellable researchTimer;
    /** True once the last subscriber left (or landht stopped): nothing is sent or reported any more. */
    private boolean ended;

    /** @param onEnd runs once on the loop when the last subscriber left (forgets the key and the sid) */
    SharedListen(ClientContext ctx, InfoHash key, long sid, Runnable onEnd) {
        this.values = new ListenValues(ctx.counters());
        this.ctx = ctx;
        this.key = key;
        this.sid = sid;
        this.onEnd = onEnd;
    }

    long sid() {
        return sid;
    }

    InfoHash key() {
        return key;
    }

    /** Subscribers now. */
    int subscribers() {
        return subscribers.size();
    }

    /** Value ids held now (once per key, whatever the number of subscribers). */
    int values() {
        return values.size();
    }

    /** Starts watching the local store and searching for the nodes to listen on. */
    void start(LocalWatches watches) {
        ctx.counters().count(ClientCounters.Event.LISTEN_SHARED);
        watches.add(key, this);
        values.held(ctx.node().id(), ctx.storage().storage().get(key, Query.ALL));
        research();
        relistenTimer = ctx.scheduler().schedule(RELISTEN_PERIOD, this::relisten);
    }

    /** Adds {@code s}, which gets the values known now (those matching its query) at once. */
    void add(ListenSubscriber s) {
        subscribers.add(s);
        s.deliver(values.current(), false);
    }

    /** Removes and ends {@code s}; the last one leaving stops the listen. */
    void remove(ListenSubscriber s, LocalWatches watches) {
        if (subscribers.remove(s)) {
            s.end();
            if (subscribers.isEmpty()) {
                stop(watches);
            }
        }
    }

    /** Ends every subscriber and stops (landht is stopping). */
    void removeAll(LocalWatches watches) {
        for (ListenSubscriber s : List.copyOf(subscribers)) {
            s.end();
        }
        subscribers.clear();
        stop(watches);
    }

    private void stop(LocalWatches watches) {
        if (ended) {
            return;
        }
        ended = true;
        watches.remove(key, this);
        searches.forEach(Search::cancel);
        cancelTimer(relistenTimer);
        cancelTimer(researchTimer);
        onEnd.run();
    }

    /**
     * An {@code update} with our sid: taken only from a node we listen on now (others may be nodes of an earlier
     * search, or a guess at the sid); false when ignored.
     */
    boolean onUpdate(Request.Update u) {
        Remote r = remotes.get(u.id());
        if (ended || r == null || (u.key() != null && !u.key().equals(key))) {
            return false;
        }
        if (u.token() != null) {
            r.token = u.token();
        }
        if (!u.values().isEmpty()) {
            report(values.held(u.id(), ClientRequests.parse(u.values(), ctx.counters())), false);
        }
        if (u.expired().length > 0) {
            report(values.gone(u.id(), u.expired()), true);
        }
        return true;
    }

    @Override
    public void stored(Value value) {
        if (!ended) {
            report(values.held(ctx.node().id(), List.of(value)), false);
        }
    }

    @Override
    public void removed(long valueId) {
        if (!ended) {
            report(values.gone(ctx.node().id(), new long[] {valueId}), true);
        }
    }

    @Override
    public void onSettled(Search search) {
        if (ended || --searching > 0) {
            return;
        }
        Map<InfoHash, Remote> chosen = new LinkedHashMap<>();
        for (Search s : searches) {
            for (Search.Synced n : s.synced(LISTEN_NODES)) {
                chosen.put(n.node().id(), new Remote(n.node(), n.token()));
            }
        }
        searches.clear();
        remotes.clear();
        remotes.putAll(chosen);
        for (Remote r : remotes.values()) {
            sendListen(r);
        }
        scheduleResearch(remotes.isEmpty() ? RETRY_WHEN_ALONE : RESEARCH_PERIOD);
    }

    private void research() {
        if (ended || searching > 0) {
            return;
        }
        searches.addAll(Search.perFamily(ctx, key, ClientRequests.find(ctx.node(), key), this));
        searching = searches.size();
        for (Search s : List.copyOf(searches)) {
            s.start();
        }
    }

    private void relisten() {
        if (ended) {
            return;
        }
        for (Remote r : List.copyOf(remotes.values())) {
            sendListen(r);
        }
        relistenTimer = ctx.scheduler().schedule(RELISTEN_PERIOD, this::relisten);
    }

    private void sendListen(Remote r) {
        ctx.counters().count(ClientCounters.Event.LISTEN_SENT);
        boolean sent = ctx.node().request(r.node.address(), r.node.id(),
                ClientRequests.listen(ctx.node(), key, Query.ALL, r.token, sid), reply -> {
                    if (reply.token() != null) {
                        r.token = reply.token();
                    }
                }, () -> listenFailed(r));
        if (!sent) {
            listenFailed(r);
        }
    }

    private void listenFailed(Remote r) {
        if (ended || remotes.get(r.node.id()) != r) {
            return;
        }
        ctx.counters().count(ClientCounters.Event.LISTEN_FAILED);
        remotes.remove(r.node.id());
        scheduleResearch(RETRY_AFTER_FAILURE);
    }

    private void scheduleResearch(Duration delay) {
        cancelTimer(researchTimer);
        researchTimer = ctx.scheduler().schedule(delay, this::research);
    }

    private void report(List<Value> changed, boolean expired) {
        if (changed.isEmpty() || ended) {
            return;
        }
        List<Value> batch = List.copyOf(changed);
        for (ListenSubscriber s : subscribers) {
            s.deliver(batch, expired);
        }
    }

    private static void cancelTimer(Scheduler.Cancellable t) {
        if (t != null) {
            t.cancel();
        }
    }
}
