package net.landht.net;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A {@link Scheduler} backed by the Netty event loop that owns the DHT state. A task that throws is a bug: it is
 * counted and logged at ERROR, and the loop carries on.
 */
public final class EventLoopScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopScheduler.class);
    private final EventLoop loop;
    private final LongAdder taskFailures = new LongAdder();

    public EventLoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = loop.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(guarded(task));
    }

    /** Tasks that threw, since construction. */
    public long taskFailures() {
        return taskFailures.sum();
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | StackOverflowError e) {
                taskFailures.increment();
                LOG.error("bug: a scheduled task threw; the event loop carries on", e);
            }
        };
    }
}
