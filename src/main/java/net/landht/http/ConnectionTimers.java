package net.landht.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The four timers of one connection ({@link HttpLimits}): a request must arrive whole within the read time of its
 * first byte; a connection with nothing to do is closed after the idle time; a connection that stays unwritable for
 * the write time is closed; a connection whose reading is paused behind a full pipeline must see an answer complete
 * within the read time. Each timer's action re-checks the connection's state itself. Used on the connection's
 * event loop only.
 */
final class ConnectionTimers {
    private final EventExecutor executor;
    private final HttpLimits limits;
    private ScheduledFuture<?> read;
    private ScheduledFuture<?> idle;
    private ScheduledFuture<?> write;
    private ScheduledFuture<?> stall;

    ConnectionTimers(EventExecutor executor, HttpLimits limits) {
        this.executor = executor;
        this.limits = limits;
    }

    /** A request's first bytes arrived: the idle timer stops, the read timer starts. */
    void readStarted(Runnable onTimeout) {
        cancel(idle);
        read = schedule(limits.requestReadTimeout(), onTimeout);
    }

    /** The request arrived whole (or was refused). */
    void readDone() {
        cancel(read);
    }

    /** Nothing to answer and nothing arriving: the idle timer (re)starts. */
    void idle(Runnable onIdle) {
        cancel(idle);
        idle = schedule(limits.idleTimeout(), onIdle);
    }

    /** An answer is under way: no idle timer. */
    void busy() {
        cancel(idle);
    }

    /** The channel became writable or not; {@code onStuck} runs if it stays unwritable for the write time. */
    void writability(boolean writable, Runnable onStuck) {
        if (writable) {
            cancel(write);
            write = null;
        } else if (write == null) {
            write = schedule(limits.writeTimeout(), () -> {
                write = null;
                onStuck.run();
            });
        }
    }

    /** Reading is paused, or an answer completed while it is: {@code onStalled} runs unless another completes in time. */
    void paused(Runnable onStalled) {
        cancel(stall);
        stall = schedule(limits.requestReadTimeout(), onStalled);
    }

    /** Reading resumed. */
    void resumed() {
        cancel(stall);
    }

    /** The connection closed. */
    void cancelAll() {
        cancel(read);
        cancel(idle);
        cancel(write);
        cancel(stall);
    }

    private ScheduledFuture<?> schedule(Duration after, Runnable task) {
        return executor.schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
