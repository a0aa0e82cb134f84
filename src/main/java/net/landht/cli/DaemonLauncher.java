package net.landht.cli;

import net.landht.config.NodeConfig;

/** Starts the node and blocks until it stops: {@code net.landht.Daemon::run} in production, a stub in tests. */
@FunctionalInterface
public interface DaemonLauncher {
    /**
     * @param config       the validated configuration
     * @param configSource where it came from, for the start log line
     * @return the process exit code
     */
    int run(NodeConfig config, String configSource);
}
