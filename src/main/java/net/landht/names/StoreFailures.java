package net.landht.names;

import java.time.Duration;
import java.util.function.LongSupplier;

import net.landht.net.LogThrottle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs database failures met while answering (disk full, I/O errors) at WARN, at most once a minute with the count of
 * the ones held back, so a failing disk under a stream of lookups does not flood the log. Thread-safe.
 */
final class StoreFailures {
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    private final LogThrottle throttle = new LogThrottle(INTERVAL);
    private final LongSupplier nanoTime;

    StoreFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** @param what the request that failed, e.g. "lookup alice" */
    void report(String what, NameStoreException e) {
        long heldBack;
        synchronized (throttle) {
            heldBack = throttle.admit(nanoTime.getAsLong());
        }
        if (heldBack >= 0) {
            LOG.warn("name server: {} failed: {}{}", what, e.getMessage(),
                    heldBack > 0 ? " (" + heldBack + " more failures in the last minute)" : "");
        }
    }
}
