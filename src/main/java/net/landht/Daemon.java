package net.landht;

import net.landht.config.NodeConfig;

/** Wires every component of a running node from a {@link NodeConfig}. (Being written: see DhtNode.) */
public final class Daemon {
    private Daemon() {
    }

    /**
     * Starts the node and blocks until it is shut down (SIGTERM/SIGINT).
     *
     * @param config       the validated configuration
     * @param configSource human-readable origin of the configuration (file path or "embedded defaults")
     * @return the process exit code
     */
    public static int run(NodeConfig config, String configSource) {
        throw new UnsupportedOperationException("not wired yet");
    }
}
