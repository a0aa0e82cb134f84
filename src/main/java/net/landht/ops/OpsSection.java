package net.landht.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What one service (the LAN HTTP server, the DHT proxy, later push and names) adds to the ops endpoint: its meters
 * ({@link MeterBinder}, bound once) and its part of {@code /stats}. One class per package, so neither
 * {@link OpsMetrics} nor {@link StatsDocument} grows with every service.
 */
public interface OpsSection extends MeterBinder {
    /** The key of this section in {@code /stats}, e.g. {@code "http"}. */
    String name();

    /** Writes this section's counters into {@code into} (an empty object under {@link #name()}). */
    void stats(ObjectNode into);

    /** Admin commands this service offers on the ops endpoint, or null for none. */
    default OpsAdmin admin() {
        return null;
    }

    /** Called before each scrape: registers series that appeared since (e.g. a new route/status pair). */
    default void refresh(MeterRegistry registry) {
    }
}
