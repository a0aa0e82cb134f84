package net.landht.it.support;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts the bootstrap node the ITs test: landht, or, with {@code -Dlandht.it.reference=dhtnode}, Debian's dhtnode
 * in its place. The reference run checks the tests themselves: what passes against dhtnode but fails against landht
 * is landht's. The swarm tests (BootstrapSwarmIT, the swarm half of Ipv6BootstrapIT) ask more than stock dhtnode
 * gives, so they fail in the reference run: it verifies a node that only pinged it in maintenance rounds, seconds to
 * minutes later, and hands out 8 nodes. (dhtnode has no bind option, so it binds both families whatever {@code
 * binds} says, and takes only the first bootstrap.)
 */
public final class NodeUnderTest {

    public static final String REFERENCE_PROPERTY = "landht.it.reference";

    private NodeUnderTest() {
    }

    public static boolean referenceMode() {
        return "dhtnode".equals(System.getProperty(REFERENCE_PROPERTY));
    }

    /**
     * @param binds      loopback addresses to bind ("127.0.0.1", "::1"); the first one is {@link
     *                   BootstrapNode#address()}
     * @param bootstraps {@code host:port} of nodes to bootstrap from (may be empty)
     */
    public static BootstrapNode start(Path logDir, List<String> binds, List<String> bootstraps) {
        int port = FreePorts.udp();
        if (referenceMode()) {
            String b = bootstraps.isEmpty() ? "127.0.0.1:" + FreePorts.udp() : bootstraps.get(0);
            return DhtnodeProcess.start(logDir, "reference-dhtnode", port, b, 0, binds.get(0).contains(":"));
        }
        LandhtProcess.Builder builder = LandhtProcess.builder(logDir).port(port);
        binds.forEach(builder::bind);
        bootstraps.forEach(builder::bootstrap);
        return builder.start();
    }
}
