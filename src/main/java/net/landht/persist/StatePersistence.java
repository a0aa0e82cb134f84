package net.landht.persist;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.NodeRuntime;
import net.landht.config.NodeConfig;
import net.landht.dht.DhtService;
import net.landht.id.NodeInfo;
import net.landht.routing.Node;
import net.landht.routing.RoutingTable;
import net.landht.storage.StorageChanges;
import net.landht.storage.StoredEntry;

/**
 * Makes the stored values and the routing table survive restarts, in the state folder: {@code state.snapshot}
 * (everything, written atomically every {@code persistence.snapshot-interval}, at shutdown, and when the journal
 * grows large) and {@code state.journal} (every storage change since that snapshot, plus the routing table when it
 * changed, checked every {@value #ROUTING_CHECK_SECONDS} s; fsynced at least every
 * {@code persistence.journal-flush}). Formats: {@link StateFormat}, {@link StateCodec}.
 *
 * <p>Life cycle: {@link #open} (before the DHT is built) loads the snapshot and replays the journal, reports what it
 * recovered, and folds both into a fresh snapshot; {@link #journal()} goes to the storage; {@link #start} puts the
 * values back into the storage and the nodes into the routing tables (pinging them) on the event loop and starts
 * the timers; {@link #close} writes a last snapshot. A damaged or unreadable state never stops the node: it starts
 * with what could be recovered, and says so at WARN.
 *
 * <p>Threading: the DHT state is read only on the event loop (snapshots are lists of immutable entries, cheap to
 * take); files are written by the {@link StateWriter} thread.
 */
public final class StatePersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatePersistence.class);
    /** How often the routing table is compared with the last one saved. */
    static final long ROUTING_CHECK_SECONDS = 5;
    private static final long LOOP_WAIT_SECONDS = 5;
    private static final long FINAL_SNAPSHOT_WAIT_SECONDS = 30;

    private final NodeConfig.Persistence config;
    private final StateWriter writer;
    private final StorageJournal journal;
    private final AtomicBoolean snapshotPending = new AtomicBoolean();
    private final AtomicBoolean dropSnapshotQueued = new AtomicBoolean();
    private final List<Future<?>> timers = new ArrayList<>();
    private StateLoader.Loaded loaded;
    private volatile ScheduledExecutorService loop;
    private volatile DhtService dht;
    // ---- event loop only
    private Set<NodeInfo> savedRouting;
    private boolean dropWarned;

    private StatePersistence(NodeConfig.Persistence config, StateWriter writer, StateLoader.Loaded loaded) {
        this.config = config;
        this.writer = writer;
        this.journal = writer == null ? null : new StorageJournal(writer);
        this.loaded = loaded;
        this.savedRouting = loaded == null ? Set.of() : new HashSet<>(loaded.nodes());
    }

    /** Opens the state folder of {@code config} (nothing happens when persistence is disabled). Never throws. */
    public static StatePersistence open(NodeConfig config) {
        return open(config.persistence(), InstantSource.system());
    }

    static StatePersistence open(NodeConfig.Persistence config, InstantSource clock) {
        if (!config.enabled()) {
            LOG.info("persistence disabled: stored values and routing table will not survive a restart");
            return new StatePersistence(config, null, null);
        }
        Path dir = config.stateDir().toAbsolutePath().normalize();
        StateLoader.Loaded loaded;
        try {
            loaded = StateLoader.load(dir, clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the state in {} ({}): starting empty", dir, e.toString(), e);
            loaded = new StateLoader.Loaded(List.of(), List.of(), 0, new StateLoader.Report(0, 0, 0, 0, 0,
                    List.of("unreadable: " + e), List.of()));
        }
        report(dir, loaded.report());
        StateWriter writer = new StateWriter(dir, loaded.generation(), clock, config.journalFlush());
        writer.writeSnapshotNow(loaded.values(), loaded.nodes());
        writer.start();
        return new StatePersistence(config, writer, loaded);
    }

    private static void report(Path dir, StateLoader.Report r) {
        if (r.damaged()) {
            LOG.warn("state in {} was damaged ({}): recovered {}, {}; skipped {}{}",
                    dir, String.join("; ", r.problems()), count(r.values(), "value"), count(r.nodes(), "node"),
                    count(r.corruptRecords(), "corrupt record"),
                    r.damagedCopies().isEmpty() ? "" : "; damaged files kept as " + r.damagedCopies());
        } else if (r.records() > 0) {
            LOG.info("state in {}: {} ({} expired while stopped), {}", dir, count(r.values(), "value"), r.expired(),
                    count(r.nodes(), "node"));
        } else {
            LOG.info("no saved state in {}: starting empty", dir);
        }
    }

    /** {@code 1 node}, {@code 2 nodes}: a count and its noun, plural unless the count is 1 (log lines). */
    static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /** Where the storage reports its changes: the journal ({@link StorageChanges#NONE} when disabled). */
    public StorageChanges journal() {
        return journal == null ? StorageChanges.NONE : journal;
    }

    /**
     * Queues on the event loop the restore of the loaded values and nodes (nodes are pinged) and starts the snapshot
     * and routing timers. Call it before the loop hands datagrams to the DHT, so that no query is answered from an
     * empty store. Returns this, to be closed at shutdown.
     */
    public AutoCloseable start(NodeRuntime rt) {
        if (writer == null) {
            return this;
        }
        ScheduledExecutorService l = rt.loop();
        this.loop = l;
        this.dht = rt.dht();
        StateLoader.Loaded state = loaded;
        loaded = null;
        l.execute(() -> {
            try {
                int values = dht.restoreValues(state.values());
                int nodes = dht.restoreNodes(state.nodes());
                if (!state.values().isEmpty() || !state.nodes().isEmpty()) {
                    LOG.info("restored {} of {} and {} of {} (pinged)", values,
                            count(state.values().size(), "saved value"), nodes, count(state.nodes().size(), "node"));
                }
            } catch (RuntimeException e) {
                LOG.warn("restoring the saved state failed part way ({}); the node goes on with what it has", e, e);
            }
        });
        writer.onCompactionWanted(() -> onLoop(this::snapshot));
        journal.onDrop(this::onJournalDrop);
        long every = config.snapshotInterval().toMillis();
        timers.add(l.scheduleAtFixedRate(this::snapshot, every, every, TimeUnit.MILLISECONDS));
        timers.add(l.scheduleWithFixedDelay(this::checkRouting, ROUTING_CHECK_SECONDS, ROUTING_CHECK_SECONDS,
                TimeUnit.SECONDS));
        return this;
    }

    /** Writes a last snapshot and stops the writer. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        timers.forEach(t -> t.cancel(false));
        ScheduledExecutorService l = loop;
        if (l != null) {
            try {
                CompletableFuture<Boolean> done = l.submit(this::takeSnapshot).get(LOOP_WAIT_SECONDS,
                        TimeUnit.SECONDS);
                if (Boolean.TRUE.equals(done.get(FINAL_SNAPSHOT_WAIT_SECONDS, TimeUnit.SECONDS))) {
                    LOG.info("state saved in {}", config.stateDir().toAbsolutePath().normalize());
                } else {
                    LOG.warn("the last snapshot could not be written in {}; the journal holds the changes",
                            config.stateDir().toAbsolutePath().normalize());
                }
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                LOG.warn("no last snapshot ({}); the journal holds the changes", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
    }

    // ------------------------------------------------------------------ event loop

    /** A periodic or requested snapshot; skipped while one is being written. */
    private void snapshot() {
        if (snapshotPending.compareAndSet(false, true)) {
            takeSnapshot().whenComplete((ok, e) -> snapshotPending.set(false));
        }
    }

    private CompletableFuture<Boolean> takeSnapshot() {
        List<StoredEntry> values = dht.storage().snapshot();
        List<NodeInfo> nodes = routingNodes(dht);
        savedRouting = new HashSet<>(nodes);
        dropWarned = false;
        dropSnapshotQueued.set(false);
        return writer.snapshot(values, nodes);
    }

    /** Journals the routing table when its set of (id, address) changed since it was last saved. */
    private void checkRouting() {
        List<NodeInfo> nodes = routingNodes(dht);
        Set<NodeInfo> now = new HashSet<>(nodes);
        if (!now.equals(savedRouting) && writer.append(new StateRecord.Routing(nodes), 48 * nodes.size() + 16)) {
            savedRouting = now;
        }
    }

    /** A journal record was dropped (writer queue full): the journal is incomplete until the next snapshot. */
    private void onJournalDrop() {
        if (!dropWarned) {
            dropWarned = true;
            LOG.warn("state journal queue full (disk too slow?): taking a snapshot to catch up");
        }
        if (dropSnapshotQueued.compareAndSet(false, true)) {
            onLoop(this::snapshot);
        }
    }

    private void onLoop(Runnable r) {
        try {
            loop.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop stopped: {} not run", r);
        }
    }

    /** The routing-table entries of both families that are not expired. */
    static List<NodeInfo> routingNodes(DhtService dht) {
        List<NodeInfo> out = new ArrayList<>();
        for (RoutingTable t : List.of(dht.node().table4(), dht.node().table6())) {
            for (Node n : t.allNodes()) {
                if (!n.isExpired()) {
                    out.add(n.info());
                }
            }
        }
        return out;
    }

    /** Journal records dropped so far (queue full or no usable journal file). */
    public long journalRecordsDropped() {
        return writer == null ? 0 : writer.recordsDropped();
    }

    /** Failed writes in the state folder so far. */
    public long writeErrors() {
        return writer == null ? 0 : writer.writeErrors();
    }

    /** Size of {@code state.snapshot} as last written, in bytes (0 when disabled or before the first write). */
    public long snapshotBytes() {
        return writer == null ? 0 : writer.snapshotBytes();
    }

    /** Size of {@code state.journal} as last written, in bytes (0 when disabled or before the first write). */
    public long journalBytes() {
        return writer == null ? 0 : writer.journalBytes();
    }
}
