package net.landht;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's stop, run once whoever asks first (the signal path or the JVM's shutdown hook). A caller that comes
 * while the stop is running waits until it has finished, up to a bound: a shutdown hook that returned at once would
 * let the JVM halt in the middle of the final state snapshot.
 */
final class StopOnce implements Runnable {
    private final Runnable stop;
    private final Duration maxWait;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param stop    the stop itself; runs at most once
     * @param maxWait how long a later caller waits for a running stop before it gives up and returns
     */
    StopOnce(Runnable stop, Duration maxWait) {
        this.stop = stop;
        this.maxWait = maxWait;
    }

    /** Runs the stop, or waits (at most {@code maxWait}) for the run already under way to finish. */
    @Override
    public void run() {
        if (started.compareAndSet(false, true)) {
            try {
                stop.run();
            } finally {
                finished.countDown();
            }
            return;
        }
        try {
            finished.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
