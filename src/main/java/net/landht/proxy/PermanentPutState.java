package net.landht.proxy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.dht.DhtClient;

/**
 * Keeps the proxy's permanent puts across restarts (issue 12 §5): saved to a {@link StateFile}
 * ({@link SavedPermanentPuts}) a second after each start, restart or end of one, and at stop; at start each saved
 * put still within its lifetime is put again permanently through the {@link DhtClient} with its id, its end re-armed
 * for what is left of its lifetime, and its push request (if any) handed again to {@link ProxyPush} with its POST
 * time, so the 22 h "timeout" push still goes out. Ended, damaged or refused entries are skipped, counted
 * ({@link ProxyCounters#permanentPutsSkipped}) and logged. Writes run on its own thread ({@code landht-proxy-state}).
 */
final class PermanentPutState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PermanentPutState.class);
    /** Longest time, at start, spent in all waiting for earlier restored puts to give back their in-flight slots. */
    static final Duration RESTORE_WAIT = Duration.ofSeconds(60);

    private final StateFile file;
    private final DhtClient client;
    private final PermanentPutExpiry expiry;
    private final ProxyPush push;
    private final ProxyCounters counters;
    private final ScheduledExecutorService writer;
    private final StateSaver saver;

    PermanentPutState(StateFile file, DhtClient client, PermanentPutExpiry expiry, ProxyPush push,
                      ProxyCounters counters) {
        this.file = file;
        this.client = client;
        this.expiry = expiry;
        this.push = push;
        this.counters = counters;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "landht-proxy-state");
            t.setDaemon(true);
            return t;
        });
        this.saver = new StateSaver(file, writer, () -> SavedPermanentPuts.write(expiry.snapshot()),
                "permanent puts");
        expiry.onChange(saver::changed);
    }

    /** Puts the saved permanent puts again (at start, before the proxy takes requests). */
    void restore() {
        SavedPermanentPuts.Read saved;
        try {
            byte[] bytes = file.load();
            if (bytes == null) {
                return;
            }
            saved = SavedPermanentPuts.read(bytes);
        } catch (IOException e) {
            LOG.warn("saved permanent puts unreadable, starting without them: {}", e.toString());
            counters.permanentPutSkipped();
            return;
        }
        int restored = 0;
        int ended = 0;
        int refused = 0;
        int damaged = saved.damaged();
        Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        long deadline = System.nanoTime() + RESTORE_WAIT.toNanos();
        for (int i = 0; i < saved.damaged(); i++) {
            counters.permanentPutSkipped();
        }
        for (PermanentPutExpiry.Kept k : saved.puts()) {
            if (expiry.ended(k.postedMillis())) {
                ended++;
                counters.permanentPutSkipped();
                continue;
            }
            ValueJsonReader.Put put;
            try {
                put = ValueJsonReader.read(k.body());
                putWhenASlotIsFree(k, put, inFlight, deadline);
            } catch (ValueJsonReader.Bad bad) {
                damaged++;
                counters.permanentPutSkipped();
                continue;
            } catch (DhtClient.Refused r) {
                refused++;
                counters.permanentPutSkipped();
                LOG.debug("saved permanent put {}/{} of {} refused at start: {}", k.key(), k.valueId(),
                        k.source() == null ? "landht" : k.source().getHostAddress(), r.getMessage());
                continue;
            }
            expiry.posted(k, new PermanentPutExpiry.Posted(put.value(), put.pushToken(), put.clientId()));
            push.permanentPut(k.key(), k.valueId(), k.body(), k.postedMillis());
            counters.permanentPutRestored();
            restored++;
        }
        LOG.info("permanent puts restored: {} of {} saved ({} past their lifetime, {} damaged, {} refused)",
                restored, saved.puts().size() + saved.damaged(), ended, damaged, refused);
    }

    /**
     * Puts {@code k} again permanently. Each restored put holds one of its source's "gets and puts in flight" slots
     * ({@code proxy.max-searches[-per-source]}) until it ends, and a source may have saved more permanent puts than
     * it may have puts in flight (256 and 128 by default): over that bound, wait for the earlier restored puts to end
     * ({@code inFlight}, oldest first; until {@code deadline}, {@link System#nanoTime} of the restore's start plus
     * {@link #RESTORE_WAIT}) instead of dropping the put.
     *
     * @throws DhtClient.Refused over another bound (permanent puts), or still over the in-flight bound once no
     *                           earlier put is left to wait for or the deadline passed
     */
    private void putWhenASlotIsFree(PermanentPutExpiry.Kept k, ValueJsonReader.Put put,
                                    Deque<CompletableFuture<?>> inFlight, long deadline) {
        while (true) {
            try {
                inFlight.add(client.put(k.key(), put.value(), true, k.source()));
                return;
            } catch (DhtClient.Refused r) {
                boolean inFlightBound = r.limit() == DhtClient.Limit.SEARCHES_PER_SOURCE
                        || r.limit() == DhtClient.Limit.SEARCHES_TOTAL;
                long left = deadline - System.nanoTime();
                if (!inFlightBound || inFlight.isEmpty() || left <= 0) {
                    throw r;
                }
                awaitEnd(inFlight.poll(), left);
            }
        }
    }

    /** Waits for an earlier put to end (any outcome), at most {@code nanos}. */
    private static void awaitEnd(CompletableFuture<?> put, long nanos) {
        try {
            put.get(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DhtClient.Refused(DhtClient.Limit.STOPPED, "interrupted while restoring permanent puts");
        } catch (ExecutionException | TimeoutException e) {
            // ended badly or still running: its slot is given back when it ends; try the next one
        }
    }

    /** Saves the permanent puts once more (on the caller's thread) and stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        saver.saveNow();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
