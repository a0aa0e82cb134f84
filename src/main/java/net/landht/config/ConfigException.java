package net.landht.config;

/**
 * A configuration that cannot be used. The message is written for the admin who has to fix it: it names the key,
 * where the bad value came from (file and line, environment variable or command-line option) and, for an unknown
 * key, the nearest valid name.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where a setting came from, lowest precedence first. */
    public enum Layer { DEFAULTS, FILE, ENVIRONMENT, COMMAND_LINE }

    private final String key;
    private final Layer layer;

    /**
     * @param message the whole message, ready to print
     * @param key     the dotted key concerned ({@code dht.port}), or null when no single key is
     * @param layer   the layer that gave the bad value
     */
    public ConfigException(String message, String key, Layer layer) {
        super(message);
        this.key = key;
        this.layer = layer;
    }

    /** The dotted key concerned ({@code dht.port}), or null (syntax error, missing file). */
    public String key() {
        return key;
    }

    /** The layer that gave the bad value. */
    public Layer layer() {
        return layer;
    }
}
