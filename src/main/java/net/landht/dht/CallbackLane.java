package net.landht.dht;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one operation's callbacks on the caller's {@link Executor}, one at a time and in the order they were
 * posted, whatever the executor (a Netty event loop is already serial; a thread pool is not). Once
 * {@link #close()} was called, nothing more runs. A callback that throws is counted and logged; the lane carries on.
 * At most {@link #MAX_QUEUED} callbacks wait: an executor that far behind is stuck, so the lane closes itself
 * (counted as {@link ClientCounters.Event#LANE_OVERFLOW}) rather than let the DHT loop fill the heap.
 * Thread-safe: posted from the DHT loop, drained on the executor.
 */
final class CallbackLane {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackLane.class);
    /** Callbacks that may wait for the executor. landht's bound. */
    static final int MAX_QUEUED = 1024;

    private final Executor executor;
    private final ClientCounters counters;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;

    CallbackLane(Executor executor, ClientCounters counters) {
        this.executor = executor;
        this.counters = counters;
    }

    /** Queues {@code callback} (dropped when closed; closes the lane when {@link #MAX_QUEUED} already wait). */
    void post(Runnable callback) {
        if (closed) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            counters.count(ClientCounters.Event.LANE_OVERFLOW);
            LOG.debug("a DHT client callback executor is {} callbacks behind; its operation gets no more", MAX_QUEUED);
            closed = true;
            return;
        }
        queue.add(callback);
        schedule();
    }

    /** Stops every callback not yet run. Idempotent, any thread. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the caller's executor is shut down (its connection is gone): nobody is left to call
                closed = true;
                queue.clear();
                queued.set(0);
                draining.set(false);
            }
        }
    }

    private void drain() {
        Runnable r;
        while ((r = queue.poll()) != null) {
            queued.decrementAndGet();
            if (closed) {
                continue;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                counters.count(ClientCounters.Event.CALLBACK_FAILED);
                LOG.warn("a DHT client callback threw; the operation carries on", e);
            }
        }
        draining.set(false);
        if (!queue.isEmpty() && !closed) {
            schedule();
        }
    }
}
