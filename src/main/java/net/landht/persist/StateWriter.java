package net.landht.persist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;

/**
 * The thread that writes the state folder, so the event loop never waits for a disk. The loop hands it journal
 * records ({@link #append}, bounded: past {@value #MAX_PENDING_RECORDS} records or {@value #MAX_PENDING_BYTES} bytes
 * waiting, a record is dropped and the caller should take a snapshot soon) and snapshots ({@link #snapshot}), through
 * one FIFO queue, so a snapshot lands exactly between the records before it and those after it. Records are handed
 * to the OS as soon as they are taken from the queue and fsynced at most {@code flushEvery} after the first unsynced
 * one (0 = after each batch). After a snapshot is written, the journal is replaced by an empty one of the snapshot's
 * generation. When the journal outgrows {@code max(32 MiB, last snapshot size)}, {@code compactionWanted} is called
 * (on this thread) to ask for a snapshot.
 *
 * <p>Write failures (disk full, folder gone) are logged once at WARN, counted, and retried at the next snapshot; the
 * node goes on without them.
 */
final class StateWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);
    static final int MAX_PENDING_RECORDS = 262_144;
    static final long MAX_PENDING_BYTES = 64L << 20;
    static final long COMPACT_AT_LEAST_BYTES = 32L << 20;
    private static final int BATCH_BYTES = 1 << 20;
    private static final int ITEMS_PER_ROUND = 65_536;
    private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_WAIT_MILLIS = 30_000;
    private static final Object STOP = new Object();

    private final Path snapshotFile;
    private final Path journalFile;
    private final InstantSource clock;
    private final long flushNanos;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingRecords = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong recordsDropped = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong journalBytes = new AtomicLong();
    private final Thread thread;
    private volatile Runnable compactionWanted = () -> { };
    private volatile boolean closed;

    // ---- writer thread only
    private final ExposedBuffer batch = new ExposedBuffer();
    private int batchRecords;
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private JournalFile journal;
    private long generation;
    /** Written by the writer thread only; read by {@link #snapshotBytes} from any thread. */
    private volatile long lastSnapshotBytes;
    private long unsyncedSinceNanos = -1;
    private boolean compactionRequested;
    private boolean failing;

    private record Pending(StateRecord record, int bytes) {
    }

    private record SnapshotJob(List<StoredEntry> values, List<NodeInfo> nodes, CompletableFuture<Boolean> done) {
    }

    /**
     * A writer for the state folder {@code dir} whose files are at {@code generation}; {@link #start()} it after
     * the first {@link #writeSnapshotNow}.
     */
    StateWriter(Path dir, long generation, InstantSource clock, Duration flushEvery) {
        this.snapshotFile = dir.resolve(StateLoader.SNAPSHOT);
        this.journalFile = dir.resolve(StateLoader.JOURNAL);
        this.generation = generation;
        this.clock = clock;
        this.flushNanos = Math.max(0, flushEvery.toNanos());
        this.thread = new Thread(this::run, "landht-state-writer");
        this.thread.setDaemon(true);
    }

    /**
     * Writes a snapshot and a fresh journal on the calling thread, before {@link #start()}: the compaction at
     * startup.
     */
    boolean writeSnapshotNow(List<StoredEntry> values, List<NodeInfo> nodes) {
        if (thread.isAlive()) {
            throw new IllegalStateException("the writer thread owns the files");
        }
        return writeSnapshot(values, nodes);
    }

    void start() {
        thread.start();
    }

    /** Called on the writer thread when the journal should be folded into a snapshot. */
    void onCompactionWanted(Runnable r) {
        this.compactionWanted = r;
    }

    /**
     * Queues a journal record (any thread; the event loop in practice).
     *
     * @param bytes about how many bytes it holds (for the bound)
     * @return false when it was dropped: the queue is full or the writer closed
     */
    boolean append(StateRecord record, int bytes) {
        if (closed || pendingRecords.get() >= MAX_PENDING_RECORDS
                || pendingBytes.get() + bytes > MAX_PENDING_BYTES) {
            recordsDropped.incrementAndGet();
            return false;
        }
        pendingRecords.incrementAndGet();
        pendingBytes.addAndGet(bytes);
        queue.add(new Pending(record, bytes));
        return true;
    }

    /**
     * Queues a snapshot of what the caller captured (on the event loop, so it is consistent with the records queued
     * before it). Completes with true once the snapshot and the new journal are on disk, false when not written.
     */
    CompletableFuture<Boolean> snapshot(List<StoredEntry> values, List<NodeInfo> nodes) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (closed) {
            done.complete(false);
        } else {
            queue.add(new SnapshotJob(values, nodes, done));
        }
        return done;
    }

    /** Journal records written so far. */
    long recordsWritten() {
        return recordsWritten.get();
    }

    /** Journal records dropped: queue full, writer closed, or no usable journal file. */
    long recordsDropped() {
        return recordsDropped.get();
    }

    /** Failed writes (snapshot, journal create, append, fsync). */
    long writeErrors() {
        return writeErrors.get();
    }

    /** Size of the snapshot file last written, in bytes; 0 before the first one. */
    long snapshotBytes() {
        return lastSnapshotBytes;
    }

    /**
     * Size of the journal file as last written (its header after a snapshot, then each batch appended), in bytes; 0
     * before the first one was created.
     */
    long journalBytes() {
        return journalBytes.get();
    }

    /** Writes what is queued (snapshots included), fsyncs and closes the journal; waits at most 30 s. */
    @Override
    public void close() {
        closed = true;
        if (!thread.isAlive()) {
            closeJournal();
            return;
        }
        queue.add(STOP);
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the state writer did not finish within {} ms; the last changes may be lost", STOP_WAIT_MILLIS);
        }
    }

    // ------------------------------------------------------------------ writer thread

    private void run() {
        boolean stop = false;
        while (!stop) {
            long wait = unsyncedSinceNanos < 0 ? IDLE_POLL_NANOS : unsyncedSinceNanos + flushNanos - System.nanoTime();
            Object item;
            try {
                item = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                item = STOP;
            }
            int n = 0;
            while (item != null) {
                if (item == STOP) {
                    stop = true;
                    break;
                }
                handle(item);
                if (++n >= ITEMS_PER_ROUND) {
                    break;
                }
                item = queue.poll();
            }
            writeBatch();
            long now = System.nanoTime();
            if (unsyncedSinceNanos >= 0 && (stop || flushNanos == 0 || now - unsyncedSinceNanos >= flushNanos)) {
                sync();
            }
            maybeAskForCompaction();
        }
        closeJournal();
        packer.clear();
    }

    private void handle(Object item) {
        if (item instanceof Pending p) {
            pendingRecords.decrementAndGet();
            pendingBytes.addAndGet(-p.bytes());
            try {
                StateCodec.encode(p.record(), packer);
                byte[] payload = packer.toByteArray();
                StateFormat.writeFrame(batch, payload, payload.length);
            } catch (IOException | RuntimeException e) {
                fail("a journal record", e);
                recordsDropped.incrementAndGet();
                return;
            }
            batchRecords++;
            if (batch.size() >= BATCH_BYTES) {
                writeBatch();
            }
        } else if (item instanceof SnapshotJob j) {
            writeBatch();
            j.done().complete(writeSnapshot(j.values(), j.nodes()));
        }
    }

    private void writeBatch() {
        if (batch.size() == 0) {
            return;
        }
        if (journal == null) {
            recordsDropped.addAndGet(batchRecords);
            batchRecords = 0;
            batch.reset();
            return;
        }
        try {
            journal.append(batch.array(), batch.size());
            journalBytes.set(journal.size());
            recordsWritten.addAndGet(batchRecords);
            if (unsyncedSinceNanos < 0) {
                unsyncedSinceNanos = System.nanoTime();
            }
        } catch (IOException e) {
            recordsDropped.addAndGet(batchRecords);
            fail(journalFile.toString(), e);
            closeJournal();
        } finally {
            batchRecords = 0;
            batch.reset();
        }
    }

    private void sync() {
        unsyncedSinceNanos = -1;
        if (journal == null) {
            return;
        }
        try {
            journal.sync();
        } catch (IOException e) {
            fail(journalFile.toString(), e);
            closeJournal();
        }
    }

    private boolean writeSnapshot(List<StoredEntry> values, List<NodeInfo> nodes) {
        long gen = generation + 1;
        long now = clock.millis();
        try {
            lastSnapshotBytes = SnapshotFile.write(snapshotFile, gen, now, values, nodes);
        } catch (IOException | RuntimeException e) {
            fail(snapshotFile.toString(), e);
            return false;
        }
        generation = gen;
        closeJournal();
        compactionRequested = false;
        try {
            journal = JournalFile.create(journalFile, gen, now);
        } catch (IOException e) {
            fail(journalFile.toString(), e);
            return false;
        }
        journalBytes.set(journal.size());
        unsyncedSinceNanos = -1;
        if (failing) {
            failing = false;
            LOG.info("state is written to {} again", snapshotFile.getParent());
        }
        LOG.debug("snapshot {} written: {} values, {} nodes, {} bytes", gen, values.size(), nodes.size(),
                lastSnapshotBytes);
        return true;
    }

    private void maybeAskForCompaction() {
        if (journal != null && !compactionRequested
                && journal.size() > Math.max(COMPACT_AT_LEAST_BYTES, lastSnapshotBytes)) {
            compactionRequested = true;
            compactionWanted.run();
        }
    }

    private void closeJournal() {
        if (journal == null) {
            return;
        }
        try {
            journal.sync();
            journal.close();
        } catch (IOException e) {
            fail(journalFile.toString(), e);
        }
        journal = null;
    }

    private void fail(String what, Exception e) {
        writeErrors.incrementAndGet();
        if (!failing) {
            failing = true;
            LOG.warn("cannot write {}: {}; stored values may not survive a restart until this is fixed", what,
                    e.toString());
        } else {
            LOG.debug("cannot write {}: {}", what, e.toString());
        }
    }

    /** A byte buffer whose array can be written without a copy. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer() {
            super(1 << 16);
        }

        byte[] array() {
            return buf;
        }
    }
}
