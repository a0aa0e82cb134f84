package net.landht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.config.Seed;

/**
 * Resolves the configured seed host names off the event loop (DNS may block), retries names that fail every
 * minute, and runs a callback on each new result.
 */
final class SeedResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeedResolver.class);
    private static final Duration RETRY = Duration.ofSeconds(60);

    private final List<Seed> seeds;
    private final AtomicReference<List<InetSocketAddress>> resolved = new AtomicReference<>(List.of());
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "landht-resolver");
        t.setDaemon(true);
        return t;
    });

    SeedResolver(List<Seed> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    /** The addresses resolved so far (thread-safe). */
    List<InetSocketAddress> addresses() {
        return resolved.get();
    }

    /** Starts resolving; {@code onResolved} runs (on the resolver thread) after each pass. */
    void start(Runnable onResolved) {
        if (!seeds.isEmpty()) {
            executor.execute(() -> pass(onResolved));
        }
    }

    private void pass(Runnable onResolved) {
        List<InetSocketAddress> addrs = new ArrayList<>();
        boolean failed = false;
        for (Seed s : seeds) {
            try {
                for (InetAddress a : InetAddress.getAllByName(s.host())) {
                    addrs.add(new InetSocketAddress(a, s.port()));
                }
            } catch (UnknownHostException e) {
                failed = true;
                LOG.warn("cannot resolve bootstrap host {}: {} (retrying every {} s)", s.host(), e.getMessage(),
                        RETRY.toSeconds());
            }
        }
        resolved.set(List.copyOf(addrs));
        onResolved.run();
        if (failed) {
            executor.schedule(() -> pass(onResolved), RETRY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
