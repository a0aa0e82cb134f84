package net.landht.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian's dhtnode driven through its command line, as the capture tools did: {@code /usr/bin/dhtnode -p PORT -b
 * 127.0.0.1:PORT2} (no {@code -s}), commands on stdin ({@code p KEY TEXT} puts a text/plain value, {@code g KEY}
 * gets), answers on stdout, kept in {@code <name>.out}; stderr goes to the log. Started means: it answers a raw ping
 * on 127.0.0.1:PORT. Always given a loopback bootstrap, so its default public one is never used.
 */
public final class DhtnodeCli extends ManagedProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** Generating an RSA-4096 identity takes dhtnode a few seconds on a slow machine. */
    private static final Duration IDENTITY_TIMEOUT = Duration.ofSeconds(60);

    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final InetSocketAddress address;
    private final String nodeId;

    private DhtnodeCli(String name, List<String> command, Path logDir, InetSocketAddress address) {
        super(name, command, logDir.resolve(name + ".stderr"), true);
        this.stdin = process.getOutputStream();
        this.address = address;
        pumpStdout(lines::add, () -> { });
        if (address != null) {
            this.nodeId = awaitPong(address, START_TIMEOUT);
        } else {
            awaitLine(l -> l.contains("type 'h' or 'help'"), "its prompt", IDENTITY_TIMEOUT);
            this.nodeId = null;
        }
    }

    /**
     * Starts {@code dhtnode -p 0 --proxyclient URL} (OpenDHT's own DHT proxy client, no UDP node of its own; the
     * {@code -b} it is given names a loopback port where nobody answers, and is not used in proxy mode). With
     * {@code identity} it runs with {@code -i} (a generated RSA identity: {@code s KEY TEXT} puts a signed value,
     * and the runner announces its certificate); {@code extraArgs} follow (e.g. {@code --devicekey TOKEN}: its
     * listens become SUBSCRIBEs). Started means: its console prompt is printed.
     */
    public static DhtnodeCli proxyClient(Path logDir, String name, String url, boolean identity,
                                         String... extraArgs) {
        Prerequisites.requireDhtnode();
        if (!url.startsWith("http://127.")) {
            throw new IllegalArgumentException("the proxy client must use a loopback proxy, not " + url);
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(Prerequisites.DHTNODE.toString(), "-p", "0",
                "-b", "127.0.0.1:" + FreePorts.udp(), "--proxyclient", url));
        if (identity) {
            cmd.add("-i");
        }
        cmd.addAll(List.of(extraArgs));
        return new DhtnodeCli(name, cmd, logDir, null);
    }

    /** Starts a dhtnode CLI on {@code port} that bootstraps from {@code bootstrap} ("127.0.0.1:P"). */
    public static DhtnodeCli start(Path logDir, String name, int port, String bootstrap) {
        Prerequisites.requireDhtnode();
        if (!bootstrap.startsWith("127.")) {
            throw new IllegalArgumentException("dhtnode must bootstrap from loopback only, not " + bootstrap);
        }
        List<String> cmd = List.of(Prerequisites.DHTNODE.toString(), "-p", Integer.toString(port), "-b", bootstrap);
        try {
            return new DhtnodeCli(name, cmd, logDir, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node id from its first pong; null for a proxy client. */
    public String nodeId() {
        return nodeId;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Forgets the output read so far, then sends one command line. */
    public synchronized void send(String commandLine) {
        requireAlive("sending a command");
        lines.clear();
        try {
            stdin.write((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            requireAlive("writing a command");
            throw new AssertionError(name + ": cannot write a command: " + e, e);
        }
    }

    /** The first output line (since the last {@link #send}) that {@code matches}, waiting at most {@code timeout}. */
    public String awaitLine(Predicate<String> matches, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    requireAlive("waiting for " + what);
                    throw new AssertionError(name + ": no " + what + " within " + timeout + "; stderr:\n"
                            + logTail(20));
                }
                if (matches.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    protected void askToStop() {
        quitThroughStdin("x");
    }

    @Override
    protected long askedGraceMillis() {
        return 3000;
    }
}
