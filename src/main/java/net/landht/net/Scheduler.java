package net.landht.net;

import java.time.Duration;

/**
 * Runs tasks later on the thread that owns the DHT state. Production: the Netty event loop
 * ({@link EventLoopScheduler}); tests: a manual scheduler driven by a fake clock.
 */
public interface Scheduler {
    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    /** Runs {@code task} once after {@code delay} (zero or positive). */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} as soon as possible on the owning thread (used to post results of slow work back). */
    void execute(Runnable task);
}
