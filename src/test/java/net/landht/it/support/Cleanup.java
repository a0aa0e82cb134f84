package net.landht.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Processes a test started, stopped together (in parallel: dhtnode takes seconds to stop) from {@code @AfterEach},
 * whether the test passed or not.
 */
public final class Cleanup implements AutoCloseable {

    private final List<AutoCloseable> items = new ArrayList<>();

    public synchronized <T extends AutoCloseable> T add(T item) {
        items.add(item);
        return item;
    }

    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(items);
            items.clear();
        }
        List<Throwable> failures = new ArrayList<>();
        CompletableFuture.allOf(all.stream().map(c -> CompletableFuture.runAsync(() -> {
            try {
                c.close();
            } catch (Exception e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        })).toArray(CompletableFuture[]::new)).join();
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("stopping test processes failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
