package net.landht.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * landht run as users run it: {@code java -jar <landht.jar> --port P --bind ... --no-peer-discovery --no-ops
 * --no-http --state-dir DIR [--bootstrap HOST:PORT]... [--network-id N] --log-level debug}. The jar is the system
 * property {@value #JAR_PROPERTY} (set by failsafe). Started means: it answers a raw OpenDHT ping on its first bind address.
 */
public final class LandhtProcess extends ManagedProcess implements BootstrapNode {

    public static final String JAR_PROPERTY = "landht.jar";
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    /** How Netty's leak detector starts its report (ResourceLeakDetector, logged at ERROR). */
    private static final String LEAK_REPORT = "LEAK:";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Daemon's INFO line once every component is up. */
    private static final Pattern STARTED = Pattern.compile("landht started: node id ([0-9a-f]{40})");

    private final InetSocketAddress address;
    private final String nodeId;

    private LandhtProcess(String name, List<String> command, Path logFile, InetSocketAddress address,
                          boolean namespaced) {
        super(name, command, logFile, false);
        this.address = address;
        // the UDP node answers pings before the HTTP and ops servers are up: a test that calls them at once needs
        // the start line, which comes once every component is up
        String started = awaitLogLine(STARTED, START_TIMEOUT).group(1);
        this.nodeId = namespaced ? started : awaitPong(address, START_TIMEOUT);
    }

    /** The jar under test; fails with a hint when it is missing. */
    public static Path jar() {
        String prop = System.getProperty(JAR_PROPERTY);
        if (prop == null) {
            throw new AssertionError("system property " + JAR_PROPERTY + " is not set: run the ITs with mvn verify");
        }
        Path jar = Path.of(prop);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " does not exist: run the ITs with mvn verify (package builds the jar)");
        }
        return jar;
    }

    public static Builder builder(Path logDir) {
        return new Builder(logDir);
    }

    /** Stops the process, then fails if Netty reported a leaked buffer in its log. */
    @Override
    public void close() {
        super.close();
        try {
            String log = Files.readString(logFile, StandardCharsets.ISO_8859_1);
            int at = log.indexOf(LEAK_REPORT);
            if (at >= 0) {
                int end = log.indexOf('\n', at);
                throw new AssertionError(name + " leaked a Netty buffer (see " + logFile + "): "
                        + log.substring(at, end < 0 ? log.length() : end));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /** Options of one landht process; {@link #start()} returns once it answers a ping. */
    public static final class Builder {
        private final Path logDir;
        private int port;
        private final List<String> binds = new ArrayList<>();
        private final List<String> bootstraps = new ArrayList<>();
        private long networkId;
        private String logLevel = "debug";
        private String name = "landht";
        private final List<String> extraArgs = new ArrayList<>();
        /** Netty's leak detector on every buffer: {@link #close()} fails the test on a leak report. */
        private final List<String> jvmArgs = new ArrayList<>(List.of("-D" + LEAK_DETECTION + "=paranoid"));
        private IsolatedNamespace namespace;
        private Path stateDir;
        private int opsPort;
        private int httpPort;

        private Builder(Path logDir) {
            this.logDir = logDir;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A loopback address to bind ("127.0.0.1" or "::1"); repeatable. None given = 127.0.0.1. */
        public Builder bind(String address) {
            binds.add(address);
            return this;
        }

        public Builder bootstrap(String hostPort) {
            bootstraps.add(hostPort);
            return this;
        }

        public Builder networkId(long networkId) {
            this.networkId = networkId;
            return this;
        }

        public Builder logLevel(String logLevel) {
            this.logLevel = logLevel;
            return this;
        }

        /** Serves the ops HTTP endpoint on 127.0.0.1:{@code port} instead of {@code --no-ops}. */
        public Builder opsPort(int port) {
            this.opsPort = port;
            return this;
        }

        /** Serves the LAN HTTP service (the DHT proxy) on 127.0.0.1:{@code port} instead of {@code --no-http}. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** More command-line options, e.g. {@code -U}; the state folder stays {@code <log dir>/<name>-state}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** Options for the JVM, before {@code -jar}, e.g. {@code -Xmx128m}. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** The state folder (default {@code <log dir>/<name>-state}): a restarted node keeps it under a new name. */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Runs landht inside {@code ns} ({@code ip netns exec}). Its address is then reachable only from inside, so
         * started means that it logged its start line instead of answering the test's ping.
         */
        public Builder namespace(IsolatedNamespace ns) {
            this.namespace = ns;
            return this;
        }

        public LandhtProcess start() {
            if (port == 0) {
                port = FreePorts.udp();
            }
            if (binds.isEmpty()) {
                binds.add("127.0.0.1");
            }
            Path stateDir = this.stateDir != null ? this.stateDir : logDir.resolve(name + "-state");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-jar", jar().toString(), "--port", Integer.toString(port)));
            binds.forEach(b -> cmd.addAll(List.of("--bind", b)));
            cmd.add("--no-peer-discovery");
            cmd.addAll(opsPort == 0 ? List.of("--no-ops")
                    : List.of("--ops-bind", "127.0.0.1", "--ops-port", Integer.toString(opsPort)));
            cmd.addAll(httpPort == 0 ? List.of("--no-http")
                    : List.of("--http-bind", "127.0.0.1", "--http-port", Integer.toString(httpPort)));
            cmd.addAll(List.of("--state-dir", stateDir.toString()));
            bootstraps.forEach(b -> cmd.addAll(List.of("--bootstrap", b)));
            if (networkId != 0) {
                cmd.addAll(List.of("--network-id", Long.toString(networkId)));
            }
            cmd.addAll(List.of("--log-level", logLevel));
            cmd.addAll(extraArgs);
            try {
                Files.createDirectories(stateDir);
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(binds.get(0)), port);
                return new LandhtProcess(name, namespace == null ? cmd : namespace.exec(cmd),
                        logDir.resolve(name + ".log"), address, namespace != null);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad bind address " + binds.get(0), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
