package net.landht.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One network namespace made for one test, with no way out: {@code lo} up, IPv6 off, and one veth pair whose two
 * ends both stay inside, the first holding {@code 10.232.N.1/24} (no default route, no forwarding). Processes started
 * with {@link #exec} talk over {@code 127.0.0.1} or that address and reach nothing else.
 *
 * <p>Why not {@code lo} alone: jamid 13.7 connects two devices with ICE over TCP, and pjnath never offers a loopback
 * host candidate, so with {@code lo} alone the only candidates are "active" ones and no pair ever connects (trust
 * requests pass, conversations never sync). Why IPv6 off: with IPv6 on, jamid's ICE set-up stops for good while it
 * adds its IPv6 host transport (seen with and without a global IPv6 address), so no connection is ever requested.
 *
 * <p>Names are random per run; {@link #close()} deletes the namespace (the veth pair goes with it), a JVM shutdown
 * hook does it if the test is aborted. Needs root and iproute2: a missing tool or a refused command fails the test.
 */
public final class IsolatedNamespace implements AutoCloseable {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

    private final Path ip;
    private final Path log;
    private final String name;
    private final String address;
    private final Thread hook = new Thread(this::deleteQuietly, "netns-cleanup");
    private boolean created;

    private IsolatedNamespace(Path logDir) {
        this.ip = NetworkNamespaces.ipCommand();
        this.log = logDir.resolve("netns.log");
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        this.name = "landht-it-" + HexFormat.of().formatHex(r);
        this.address = "10.232." + (1 + (r[0] & 0x7F)) + ".1";
    }

    /** Creates and configures the namespace; fails (AssertionError) with the command's output when it cannot. */
    public static IsolatedNamespace create(Path logDir) {
        IsolatedNamespace n = new IsolatedNamespace(logDir);
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            n.setUp();
        } catch (RuntimeException | AssertionError e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void setUp() {
        ip("netns", "add", name);
        created = true;
        ip("-n", name, "link", "set", "lo", "up");
        run(exec(List.of("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.lo.disable_ipv6=1")));
        ip("-n", name, "link", "add", "host0", "type", "veth", "peer", "name", "host1");
        ip("-n", name, "addr", "add", address + "/24", "dev", "host0");
        ip("-n", name, "link", "set", "host0", "up");
        ip("-n", name, "link", "set", "host1", "up");
    }

    public String name() {
        return name;
    }

    /** The namespace's one IPv4 address that is not loopback (on {@code host0}). */
    public String hostAddress() {
        return address;
    }

    /** {@code command} prefixed to run inside the namespace ({@code ip netns exec} execs it: same PID). */
    public List<String> exec(List<String> command) {
        List<String> out = new ArrayList<>(List.of(ip.toString(), "netns", "exec", name));
        out.addAll(command);
        return out;
    }

    /**
     * Runs {@code command} inside the namespace every 200 ms (each run at most 5 s) until it exits 0; fails naming
     * {@code what} when {@code timeout} passes.
     */
    public void awaitSuccess(List<String> command, String what, Duration timeout) {
        List<String> probe = exec(command);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + probe + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " in " + name + " after " + timeout);
            }
            ItFixture.sleep(PROBE_INTERVAL);
        }
    }

    private String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ip.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private String run(List<String> cmd) {
        return NetworkNamespaces.run(cmd, log);
    }

    /** Deletes the namespace (stop the processes inside first). */
    @Override
    public void close() {
        String failure = deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        if (failure != null) {
            throw new IllegalStateException("could not delete network namespace " + name + ": " + failure);
        }
    }

    private synchronized String deleteQuietly() {
        if (!created) {
            return null;
        }
        try {
            ip("netns", "del", name);
            created = false;
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }
}
