package net.landht.config;

import java.util.Objects;

/**
 * A validated configuration and a human-readable account of where it came from, for the start log line.
 *
 * @param config the configuration
 * @param source e.g. {@code /etc/landht/landht.yaml + environment (LANDHT_DHT_PORT) + options (--bootstrap)}, or
 *               {@code embedded defaults}
 */
public record LoadedConfig(NodeConfig config, String source) {
    public LoadedConfig {
        Objects.requireNonNull(config);
        Objects.requireNonNull(source);
    }
}
