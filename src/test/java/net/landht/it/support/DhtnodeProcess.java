package net.landht.it.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's OpenDHT node: {@code /usr/bin/dhtnode -s -v -p PORT -b 127.0.0.1:PORT2 [-n N]} (service mode: no CLI;
 * {@code -v} logs to the log file, including "DHT node initialised with ID ..."). It binds 0.0.0.0 and [::] (2.4.12
 * has no bind option); it is always given a loopback {@code -b} so that its default public bootstrap is never used.
 * Started means: it answers a raw ping on 127.0.0.1:PORT, whose {@code r.id} is its node id.
 */
public final class DhtnodeProcess extends ManagedProcess implements BootstrapNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final InetSocketAddress address;
    private final String nodeId;

    private DhtnodeProcess(String name, List<String> command, Path logFile, InetSocketAddress address) {
        super(name, command, logFile, false);
        this.address = address;
        this.nodeId = awaitPong(address, START_TIMEOUT);
    }

    /**
     * Starts a dhtnode on {@code port} that bootstraps from {@code bootstrap} ("127.0.0.1:P" or "[::1]:P"); use
     * {@link #isolated} for a first node. It is pinged (and later reached by {@link #address()}) on 127.0.0.1, or on
     * ::1 with {@code ipv6}.
     */
    public static DhtnodeProcess start(Path logDir, String name, int port, String bootstrap, long networkId,
            boolean ipv6) {
        Prerequisites.requireDhtnode();
        if (!bootstrap.startsWith("127.") && !bootstrap.startsWith("[::1]")) {
            throw new IllegalArgumentException("dhtnode must bootstrap from loopback only, not " + bootstrap);
        }
        List<String> cmd = new ArrayList<>(List.of(Prerequisites.DHTNODE.toString(), "-s", "-v",
                "-p", Integer.toString(port), "-b", bootstrap));
        if (networkId != 0) {
            cmd.addAll(List.of("-n", Long.toString(networkId)));
        }
        try {
            return new DhtnodeProcess(name, cmd, logDir.resolve(name + ".log"),
                    new InetSocketAddress(InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1"), port));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A first node: its {@code -b} names a free loopback port where nobody answers. */
    public static DhtnodeProcess isolated(Path logDir, String name, int port) {
        return start(logDir, name, port, "127.0.0.1:" + FreePorts.udp(), 0, false);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

}
