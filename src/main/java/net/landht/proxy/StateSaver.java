package net.landht.proxy;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves one part of the state to its {@link StateFile} {@link #DELAY_MILLIS} after a change (once for a burst of
 * changes) and at stop ({@link #saveNow}); a failed write is logged and the next change tries again. The content is
 * taken on the executor's thread at the time of writing. Thread-safe.
 */
public final class StateSaver {
    private static final Logger LOG = LoggerFactory.getLogger(StateSaver.class);
    /** From a change to its write, milliseconds. */
    public static final long DELAY_MILLIS = 1000;

    private final StateFile file;
    private final ScheduledExecutorService on;
    private final Supplier<byte[]> content;
    private final String what;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param on      where the writes run (never the DHT or HTTP loop: a write waits for the disk)
     * @param content the bytes to save now
     * @param what    what is saved, for the log ("push subscriptions")
     */
    public StateSaver(StateFile file, ScheduledExecutorService on, Supplier<byte[]> content, String what) {
        this.file = file;
        this.on = on;
        this.content = content;
        this.what = what;
    }

    /** The state changed: it is saved a second later. */
    public void changed() {
        if (file == StateFile.NONE || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            on.schedule(this::saveNow, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            scheduled.set(false);  // stopping: the last saveNow() writes it
        }
    }

    /** Writes the state now (on the caller's thread). */
    public void saveNow() {
        scheduled.set(false);
        if (file == StateFile.NONE) {
            return;
        }
        try {
            file.save(content.get());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot save the {}: {}", what, e.toString());
        }
    }
}
