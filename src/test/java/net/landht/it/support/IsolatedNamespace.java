package net.landht.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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

    private final CreatedNamespaces netns;
    private final String name;
    private final String address;

    private IsolatedNamespace(CreatedNamespaces netns) {
        this.netns = netns;
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        this.name = "landht-it-" + HexFormat.of().formatHex(r);
        this.address = "10.232." + (1 + (r[0] & 0x7F)) + ".1";
    }

    /** Creates and configures the namespace; fails (AssertionError) with the command's output when it cannot. */
    public static IsolatedNamespace create(Path logDir) {
        IsolatedNamespace n = new IsolatedNamespace(new CreatedNamespaces(logDir));
        n.netns.setUp(n::setUp);
        return n;
    }

    private void setUp() {
        netns.add(name);
        netns.ip("-n", name, "link", "set", "lo", "up");
        // (no sysctl binary needed; a kernel without IPv6 has no such folder, and nothing to turn off)
        netns.run(exec(List.of("/bin/sh", "-c", "[ -d /proc/sys/net/ipv6 ] || exit 0; for c in all default lo; "
                + "do echo 1 > /proc/sys/net/ipv6/conf/$c/disable_ipv6 || exit 1; done")));
        netns.ip("-n", name, "link", "add", "host0", "type", "veth", "peer", "name", "host1");
        netns.ip("-n", name, "addr", "add", address + "/24", "dev", "host0");
        netns.ip("-n", name, "link", "set", "host0", "up");
        netns.ip("-n", name, "link", "set", "host1", "up");
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
        return netns.exec(name, command);
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

    /** Deletes the namespace (stop the processes inside first). */
    @Override
    public void close() {
        netns.close();
    }
}
