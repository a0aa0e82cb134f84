package net.landht.ops;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

import net.landht.dht.DhtService;

/**
 * Takes {@link NodeSnapshot}s on the DHT's event loop for the ops thread, waiting a bounded time, and keeps the
 * latest one for the metric gauges. Thread-safe.
 */
final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    private final EventLoop loop;
    private final DhtService dht;
    private final InstantSource clock;
    private final Duration timeout;
    private final LongAdder failures = new LongAdder();
    private volatile NodeSnapshot latest = NodeSnapshot.EMPTY;

    /**
     * @param loop    the event loop that owns {@code dht}
     * @param timeout longest wait for the loop to answer
     */
    Snapshots(EventLoop loop, DhtService dht, InstantSource clock, Duration timeout) {
        this.loop = loop;
        this.dht = dht;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Takes a fresh snapshot on the event loop. Empty when the loop did not answer within the timeout (busy or
     * stopped); {@link #latest()} then still holds the previous one. Must not be called on the event loop itself.
     */
    Optional<NodeSnapshot> refresh() {
        Future<NodeSnapshot> f;
        try {
            f = loop.submit(() -> NodeSnapshot.take(dht, clock.instant()));
        } catch (RejectedExecutionException e) {
            failures.increment();
            LOG.debug("no snapshot: the DHT event loop is shut down");
            return Optional.empty();
        }
        try {
            NodeSnapshot s = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            latest = s;
            return Optional.of(s);
        } catch (TimeoutException e) {
            f.cancel(false);
            failures.increment();
            LOG.warn("the DHT event loop did not answer within {} ms; ops data is stale", timeout.toMillis());
        } catch (ExecutionException e) {
            failures.increment();
            LOG.warn("taking a snapshot of the node failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.increment();
        }
        return Optional.empty();
    }

    /** The newest snapshot taken, {@link NodeSnapshot#EMPTY} before the first. */
    NodeSnapshot latest() {
        return latest;
    }

    /** Refreshes that got no snapshot (timeout, loop stopped, failure). */
    long failures() {
        return failures.sum();
    }

    /** The clock's time in Unix milliseconds (the clock snapshots are stamped with). */
    long nowMillis() {
        return clock.millis();
    }

    Duration timeout() {
        return timeout;
    }
}
