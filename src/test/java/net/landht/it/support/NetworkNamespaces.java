package net.landht.it.support;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Two network namespaces made for one test and joined by a veth pair, so that multicast never touches the host's own
 * interfaces: {@code A} holds {@code 10.231.N.1/24} and {@code fd6c:6864:N::1/64}, {@code B} the {@code .2} and
 * {@code ::2}; loopback is up, both veth ends are up with multicast on, and {@code 224.0.0.0/4} and {@code ff00::/8}
 * are routed to the veth (OpenDHT's discovery socket does not pick an interface). Names are random per run.
 * {@link #createUnlinked} makes the two namespaces with loopback up and no veth yet: {@link #link()} adds it later
 * (an interface that appears while a node runs), {@link #loopbackMulticast} gives a namespace's loopback the
 * multicast flag and route (a host whose only multicast route is loopback).
 * {@link #close()} deletes both namespaces (the veth pair goes with them); a JVM shutdown hook does it too if the
 * test is aborted. Needs root and iproute2; a missing tool or a refused command fails the test, never skips it.
 */
public final class NetworkNamespaces implements AutoCloseable {

    private final CreatedNamespaces netns;
    private final String nsA;
    private final String nsB;
    private final String vethA;
    private final String vethB;
    private final String v4A;
    private final String v4B;
    private final String v6A;
    private final String v6B;

    private NetworkNamespaces(CreatedNamespaces netns) {
        this.netns = netns;
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
        NetworkNamespaces n = new NetworkNamespaces(new CreatedNamespaces(logDir));
        n.netns.setUp(() -> {
            n.setUp();
            n.link();
        });
        return n;
    }

    /** Creates both namespaces with loopback up (no multicast flag, no multicast route) and no veth pair yet. */
    public static NetworkNamespaces createUnlinked(Path logDir) {
        NetworkNamespaces n = new NetworkNamespaces(new CreatedNamespaces(logDir));
        n.netns.setUp(n::setUp);
        return n;
    }

    /** Adds the veth pair between the namespaces, with the addresses and multicast routes of the class comment. */
    public void link() {
        ip("-n", nsA, "link", "add", vethA, "type", "veth", "peer", "name", vethB, "netns", nsB);
        configure(nsA, vethA, v4A, v6A);
        configure(nsB, vethB, v4B, v6B);
    }

    /** Turns the multicast flag on for {@code ns}'s loopback and routes {@code 224.0.0.0/4} to it. */
    public void loopbackMulticast(String ns) {
        ip("-n", ns, "link", "set", "lo", "multicast", "on");
        loopbackMulticastRoute(ns);
    }

    /** Routes {@code 224.0.0.0/4} to {@code ns}'s loopback, leaving its flags as they are. */
    public void loopbackMulticastRoute(String ns) {
        ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", "lo");
    }

    /** The {@code ip} binary; fails with an install hint when iproute2 is missing. */
    public static Path ipCommand() {
        return CreatedNamespaces.ipCommand();
    }

    private void setUp() {
        netns.add(nsA);
        netns.add(nsB);
        ip("-n", nsA, "link", "set", "lo", "up");
        ip("-n", nsB, "link", "set", "lo", "up");
    }

    private void configure(String ns, String dev, String v4, String v6) {
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
        return netns.exec(ns, command);
    }

    /** Runs {@code ip args...} to completion; fails with its output when it does not exit 0 within 20 s. */
    public String ip(String... args) {
        return netns.ip(args);
    }

    /** Runs a command to completion; fails with its output when it does not exit 0 within 20 s. */
    public String run(List<String> cmd) {
        return netns.run(cmd);
    }

    /** Deletes the namespaces (stop the processes inside first). */
    @Override
    public void close() {
        netns.close();
    }
}
