package net.landht.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import net.landht.id.InfoHash;
import net.landht.net.Scheduler;
import net.landht.value.Query;
import net.landht.value.Refusal;
import net.landht.value.Value;
import net.landht.wire.Request;

/**
 * landht's {@link DhtClient}: admission against {@link ClientLimits} in the caller's thread, then the operation is
 * posted to the DHT loop ({@link GetOperation}, {@link PutOperation}, {@link PermanentPuts},
 * {@link SharedListens}); callbacks go back through a {@link CallbackLane} on the caller's executor, and put
 * futures complete on the common fork-join pool (never on the DHT loop).
 *
 * <p>{@link #status()} reads a volatile snapshot that the loop refreshes every {@link #STATUS_PERIOD} (and that is
 * computed once at construction, so the very first request sees landht itself as a good node).
 *
 * <p>Threading: the public methods are thread-safe; everything else runs on the DHT loop.
 */
public final class NodeClient implements DhtClient {
    /** How often the loop refreshes the {@link #status()} snapshot. */
    static final Duration STATUS_PERIOD = Duration.ofSeconds(1);

    private final ClientContext ctx;
    private final Scheduler loop;
    private final ClientBudget budget;
    private final PermanentPuts permanents;
    private final SharedListens listens;
    private volatile Supplier<List<InetSocketAddress>> localAddresses = List::of;
    private volatile NodeStatus status;
    private volatile boolean stopped;
    private Scheduler.Cancellable statusTimer;

    NodeClient(ClientContext ctx, LocalWatches watches, ClientLimits limits) {
        this.ctx = ctx;
        this.loop = ctx.scheduler();
        this.budget = new ClientBudget(limits, ctx.counters());
        this.permanents = new PermanentPuts(ctx);
        this.listens = new SharedListens(ctx, watches);
        this.status = computeStatus();
    }

    /** The client's counters (any thread). */
    public ClientCounters counters() {
        return ctx.counters();
    }

    /** Gets and puts in flight now (any thread). */
    public int searchesInFlight() {
        return budget.inUse(ClientBudget.Kind.SEARCH);
    }

    /** Listens open now (any thread). */
    public int listens() {
        return budget.inUse(ClientBudget.Kind.LISTEN);
    }

    /** Keys listened on now: one shared listen (remote listens, values) per key, whatever its listeners (any thread). */
    public int listenedKeys() {
        return listens.keys();
    }

    /** Permanent puts kept now (any thread). */
    public int permanentPuts() {
        return budget.inUse(ClientBudget.Kind.PERMANENT);
    }

    /** Where {@link #status()} reads the UDP ports from (the transport's bound addresses); any thread. */
    public void setLocalAddresses(Supplier<List<InetSocketAddress>> addresses) {
        this.localAddresses = Objects.requireNonNull(addresses);
        this.status = withPorts(status);
    }

    @Override
    public Operation get(InfoHash key, Query query, InetAddress source, Executor executor, GetCallback callback) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callback, "callback");
        Query q = query == null ? Query.ALL : query;
        admit(ClientBudget.Kind.SEARCH, source);
        CallbackLane lane = new CallbackLane(executor, ctx.counters());
        GetOperation op = new GetOperation(ctx, key, q, lane, callback,
                () -> budget.release(ClientBudget.Kind.SEARCH, source));
        loop.execute(op::start);
        return () -> {
            lane.close();
            loop.execute(op::cancel);
        };
    }

    @Override
    public CompletableFuture<PutResult> put(InfoHash key, Value value, boolean permanent, InetAddress source) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        admit(ClientBudget.Kind.SEARCH, source);
        if (permanent) {
            try {
                admit(ClientBudget.Kind.PERMANENT, source);
            } catch (Refused r) {
                budget.release(ClientBudget.Kind.SEARCH, source);
                throw r;
            }
        }
        CompletableFuture<PutResult> result = new CompletableFuture<>();
        loop.execute(() -> {
            Value v;
            try {
                v = value.id() == Value.INVALID_ID ? ValueIds.withRandomId(value, ctx.random()) : value;
            } catch (IllegalArgumentException e) { // a value that cannot take an id: nothing to announce
                ctx.counters().count(ClientCounters.Event.PUT_FAILED);
                budget.release(ClientBudget.Kind.SEARCH, source);
                if (permanent) {
                    budget.release(ClientBudget.Kind.PERMANENT, source);
                }
                result.completeAsync(() -> new PutResult(value.id(), false, 0, Refusal.TOO_LARGE));
                return;
            }
            ctx.counters().count(ClientCounters.Event.PUT);
            new PutOperation(ctx, key, v, source, r -> {
                budget.release(ClientBudget.Kind.SEARCH, source);
                result.completeAsync(() -> r);
            }).start();
            if (permanent) {
                if (stopped) {
                    budget.release(ClientBudget.Kind.PERMANENT, source);
                } else {
                    permanents.add(key, v, source, () -> budget.release(ClientBudget.Kind.PERMANENT, source));
                }
            }
        });
        return result;
    }

    @Override
    public void cancelPut(InfoHash key, long valueId) {
        Objects.requireNonNull(key, "key");
        loop.execute(() -> permanents.cancel(key, valueId));
    }

    @Override
    public Operation listen(InfoHash key, Query query, InetAddress source, Executor executor,
                            ListenCallback callback) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callback, "callback");
        Query q = query == null ? Query.ALL : query;
        admit(ClientBudget.Kind.LISTEN, source);
        CallbackLane lane = new CallbackLane(executor, ctx.counters());
        ListenSubscriber sub = new ListenSubscriber(ctx.counters(), q, lane, callback,
                () -> budget.release(ClientBudget.Kind.LISTEN, source));
        loop.execute(() -> {
            if (sub.isClosed() || stopped) {
                sub.end();
                return;
            }
            ctx.counters().count(ClientCounters.Event.LISTEN);
            listens.subscribe(key, sub);
        });
        return () -> {
            lane.close();
            loop.execute(() -> listens.unsubscribe(key, sub));
        };
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    /** Starts the status refresh. Event loop. */
    void start() {
        refreshStatus();
    }

    /** Refuses new operations; cancels listens and permanent puts. Event loop. */
    void stop() {
        stopped = true;
        if (statusTimer != null) {
            statusTimer.cancel();
        }
        permanents.cancelAll();
        listens.stopAll();
    }

    /**
     * An {@code update} request received (event loop): handed to the listen with its {@code sid}, if any. The
     * caller acknowledges it either way.
     */
    void onUpdate(Request.Update u) {
        if (listens.onUpdate(u)) {
            ctx.counters().count(ClientCounters.Event.UPDATE_IN);
        } else {
            ctx.counters().count(ClientCounters.Event.UPDATE_UNKNOWN);
        }
    }

    private void admit(ClientBudget.Kind kind, InetAddress source) {
        if (stopped) {
            ctx.counters().refused(Limit.STOPPED);
            throw new Refused(Limit.STOPPED, "the DHT node is stopping");
        }
        budget.acquire(kind, source);
    }

    private void refreshStatus() {
        if (stopped) {
            return;
        }
        status = computeStatus();
        statusTimer = loop.schedule(STATUS_PERIOD, this::refreshStatus);
    }

    /** Event loop (or construction, before the loop runs). */
    private NodeStatus computeStatus() {
        DhtNode node = ctx.node();
        var c4 = node.table4().counts();
        var c6 = node.table6().counts();
        int self4 = node.transport().hasIpv4() ? 1 : 0;
        int self6 = node.transport().hasIpv6() ? 1 : 0;
        int ops = budget.inUse(ClientBudget.Kind.SEARCH) + budget.inUse(ClientBudget.Kind.LISTEN)
                + budget.inUse(ClientBudget.Kind.PERMANENT);
        var store = ctx.storage().storage();
        return withPorts(new NodeStatus(node.id(), c4.good() + self4, c4.dubious(), c6.good() + self6, c6.dubious(),
                ops, store.valueCount(), store.totalBytes(), 0, 0));
    }

    private NodeStatus withPorts(NodeStatus s) {
        int port4 = 0;
        int port6 = 0;
        for (InetSocketAddress a : localAddresses.get()) {
            if (a.getAddress() instanceof java.net.Inet6Address) {
                port6 = a.getPort();
                if (a.getAddress().isAnyLocalAddress() && port4 == 0 && ctx.node().transport().hasIpv4()) {
                    port4 = a.getPort(); // a dual-stack socket serves IPv4 too
                }
            } else {
                port4 = a.getPort();
            }
        }
        return new NodeStatus(s.nodeId(), s.good4(), s.dubious4(), s.good6(), s.dubious6(), s.operations(),
                s.storedValues(), s.storedBytes(), port4, port6);
    }
}
