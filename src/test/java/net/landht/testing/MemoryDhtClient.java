package net.landht.testing;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.landht.dht.DhtClient;
import net.landht.id.InfoHash;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Tests only: a {@link DhtClient} over a map, for the HTTP layer's tests before and apart from the real DHT (the
 * ITs use the real one against OpenDHT peers). Gets answer what was put; listens get current values then every put;
 * counts cancels so tests can see a closed connection cancel its listen. Thread-safe.
 */
public final class MemoryDhtClient implements DhtClient {
    public static final InfoHash NODE_ID = InfoHash.fromHex("b0111f64464a6efbd34517f720c5cfeb058b0d4d");

    private record Listen(InfoHash key, Executor executor, ListenCallback callback) {
    }

    private final Map<InfoHash, Map<Long, Value>> store = new ConcurrentHashMap<>();
    private final List<Listen> listens = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private final List<String> cancelledPuts = new CopyOnWriteArrayList<>();
    private final List<String> permanentPuts = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1000);
    private volatile boolean failPuts;
    private volatile Limit refuse;

    /** Puts report that no node took the value. */
    public void failPuts() {
        failPuts = true;
    }

    /** Every operation is refused with {@code limit} (null: none). */
    public void refuse(Limit limit) {
        refuse = limit;
    }

    public int cancels() {
        return cancels.get();
    }

    public int listens() {
        return listens.size();
    }

    @Override
    public Operation get(InfoHash key, Query query, InetAddress source, Executor executor, GetCallback callback) {
        check();
        List<Value> values = new ArrayList<>(store.getOrDefault(key, Map.of()).values());
        executor.execute(() -> {
            if (!values.isEmpty()) {
                callback.onValues(values);
            }
            callback.onDone(true);
        });
        return cancels::incrementAndGet;
    }

    @Override
    public CompletableFuture<PutResult> put(InfoHash key, Value value, boolean permanent, InetAddress source) {
        check();
        if (failPuts) {
            return CompletableFuture.completedFuture(new PutResult(value.id(), false, 0));
        }
        long id = value.id() != 0 ? value.id() : nextId.getAndIncrement();
        Value stored = value.id() != 0 || value.isSigned() || value.isEncrypted() ? value
                : ValuePacker.pack(id, value.signedBody(), null, null, value.priority(), value.pushType());
        store.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(id, stored);
        if (permanent) {
            permanentPuts.add(key.toHex() + "/" + Long.toUnsignedString(id));
        }
        for (Listen l : listens) {
            if (l.key.equals(key)) {
                l.executor.execute(() -> l.callback.onValues(List.of(stored), false));
            }
        }
        return CompletableFuture.completedFuture(new PutResult(id, true, 0));
    }

    @Override
    public void cancelPut(InfoHash key, long valueId) {
        cancelledPuts.add(key.toHex() + "/" + Long.toUnsignedString(valueId));
    }

    /** The permanent puts made, as {@code key/id}. */
    public List<String> permanentPuts() {
        return List.copyOf(permanentPuts);
    }

    /** The permanent puts cancelled, as {@code key/id}. */
    public List<String> cancelledPuts() {
        return List.copyOf(cancelledPuts);
    }

    @Override
    public Operation listen(InfoHash key, Query query, InetAddress source, Executor executor,
                            ListenCallback callback) {
        check();
        Listen l = new Listen(key, executor, callback);
        List<Value> current = new ArrayList<>(store.getOrDefault(key, Map.of()).values());
        listens.add(l);
        if (!current.isEmpty()) {
            executor.execute(() -> callback.onValues(current, false));
        }
        return () -> {
            if (listens.remove(l)) {
                cancels.incrementAndGet();
            }
        };
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(NODE_ID, 1, 0, 0, 0, 1, 0, 0, 4222, 0);
    }

    private void check() {
        Limit l = refuse;
        if (l != null) {
            throw new Refused(l, "refused for the test: " + l);
        }
    }
}
