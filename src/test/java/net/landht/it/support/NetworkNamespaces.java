package net.landht.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces made for one test and joined by a veth pair, so that multicast never touches the host's own
 * interfaces: {@code A} holds {@code 10.231.N.1/24} and {@code fd6c:6864:N::1/64}, {@code B} the {@code .2} and
 * {@code ::2}; loopback is up, both veth ends are up with multicast on, and {@code 224.0.0.0/4} and {@code ff00::/8}
 * are routed to the veth (OpenDHT's discovery socket does not pick an interface). Names are random per run.
 * {@link #close()} deletes both namespaces (the veth pair goes with them); a JVM shutdown hook does it too if the
 * test is aborted. Needs root and iproute2; a missing tool or a refused command fails the test, never skips it.
 */
public final class NetworkNamespaces implements AutoCloseable {

    private static final List<Path> IP_CANDIDATES = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"),
            Path.of("/usr/bin/ip"), Path.of("/bin/ip"));

    private final Path ip;
    private final Path log;
    private final String nsA;
    private final String nsB;
    private final String vethA;
    private final String vethB;
    private final String v4A;
    private final String v4B;
    private final String v6A;
    private final String v6B;
    private final List<String> created = new ArrayList<>();
    private final Thread hook = new Thread(this::deleteQuietly, "netns-cleanup");

    private NetworkNamespaces(Path logDir) {
        this.ip = ipCommand();
        this.log = logDir.resolve("netns.log");
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        String tag = HexFormat.of().formatHex(r);
        int subnet = 1 + (r[0] & 0x7F);
        this.nsA = "landht-it-" + tag + "-a";
        this.nsB = "landht-it-" + tag + "-b";
        this.vethA = "lha" + tag;
        this.vethB = "lhb" + tag;
        this.v4A = "10.231." + subnet + ".1";
        this.v4B = "10.231." + subnet + ".2";
        String v6prefix = "fd6c:6864:" + Integer.toHexString(subnet) + "::";
        this.v6A = v6prefix + "1";
        this.v6B = v6prefix + "2";
    }

    /** Creates and configures both namespaces; fails (AssertionError) with the command's output when it cannot. */
    public static NetworkNamespaces create(Path logDir) {
        NetworkNamespaces n = new NetworkNamespaces(logDir);
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            n.setUp();
        } catch (RuntimeException | AssertionError e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** The {@code ip} binary; fails with an install hint when iproute2 is missing. */
    public static Path ipCommand() {
        for (Path p : IP_CANDIDATES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("the ip command is missing: install iproute2 (apt-get install iproute2). "
                + "The peer-discovery integration test needs network namespaces and does not skip.");
    }

    private void setUp() {
        ip("netns", "add", nsA);
        created.add(nsA);
        ip("netns", "add", nsB);
        created.add(nsB);
        ip("-n", nsA, "link", "add", vethA, "type", "veth", "peer", "name", vethB, "netns", nsB);
        configure(nsA, vethA, v4A, v6A);
        configure(nsB, vethB, v4B, v6B);
    }

    private void configure(String ns, String dev, String v4, String v6) {
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "addr", "add", v4 + "/24", "dev", dev);
        ip("-n", ns, "-6", "addr", "add", v6 + "/64", "dev", dev, "nodad");
        ip("-n", ns, "link", "set", dev, "up", "multicast", "on");
        ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", dev);
        ip("-n", ns, "-6", "route", "add", "ff00::/8", "dev", dev);
    }

    public String a() {
        return nsA;
    }

    public String b() {
        return nsB;
    }

    public String vethA() {
        return vethA;
    }

    public String vethB() {
        return vethB;
    }

    /** A's IPv4 address on the veth. */
    public String ipv4A() {
        return v4A;
    }

    public String ipv4B() {
        return v4B;
    }

    /** A's IPv6 (ULA) address on the veth. */
    public String ipv6A() {
        return v6A;
    }

    public String ipv6B() {
        return v6B;
    }

    /** {@code command} prefixed to run inside namespace {@code ns} ({@code ip netns exec} execs it: same PID). */
    public List<String> exec(String ns, List<String> command) {
        List<String> out = new ArrayList<>(List.of(ip.toString(), "netns", "exec", ns));
        out.addAll(command);
        return out;
    }

    /** Runs {@code ip args...} to completion; fails with its output when it does not exit 0 within 20 s. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ip.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs a command to completion; fails with its output when it does not exit 0 within 20 s. */
    public String run(List<String> cmd) {
        return run(cmd, log);
    }

    /**
     * Runs {@code cmd} to completion and appends it and its output to {@code log}; fails (AssertionError) with the
     * output when it does not exit 0 within 20 s. For every namespace helper of the ITs.
     */
    static String run(List<String> cmd, Path log) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 20 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(log, "$ " + String.join(" ", cmd) + "\n" + out, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.trim()
                        + ". Integration tests in network namespaces need root and iproute2; they do not skip.");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Deletes the namespaces (stop the processes inside first). */
    @Override
    public void close() {
        List<String> failures = deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not delete network namespaces: " + failures);
        }
    }

    private synchronized List<String> deleteQuietly() {
        List<String> failures = new ArrayList<>();
        for (String ns : List.copyOf(created)) {
            try {
                ip("netns", "del", ns);
                created.remove(ns);
            } catch (AssertionError e) {
                failures.add(ns + ": " + e.getMessage());
            }
        }
        return failures;
    }
}
