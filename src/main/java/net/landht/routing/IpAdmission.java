package net.landht.routing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts table entries per exact IP address and refuses an address that already has {@code maxPerIp} entries, so
 * that one host cannot fill the table with made-up ids. Loopback addresses are never capped: every local test peer
 * and every process on the operator's own machine share 127.0.0.1 / ::1. A cap of 0 turns the check off.
 *
 * <p>Not an OpenDHT rule (OpenDHT has no per-IP cap in its routing table); landht adds it as the bound on a
 * collection a peer can grow. Event-loop thread only.
 */
final class IpAdmission {
    private final int maxPerIp;
    private final Map<InetAddress, Integer> counts = new HashMap<>();
    private long refused;

    IpAdmission(int maxPerIp) {
        if (maxPerIp < 0) {
            throw new IllegalArgumentException("maxNodesPerIp must be >= 0, got " + maxPerIp);
        }
        this.maxPerIp = maxPerIp;
    }

    /**
     * True when one more entry at {@code address} fits, given that {@code leaving} (may be null) is removed at the same
     * time. Counts a refusal when it does not.
     */
    boolean admits(InetSocketAddress address, Node leaving) {
        if (maxPerIp == 0) {
            return true;
        }
        InetAddress ip = ipOf(address);
        if (ip.isLoopbackAddress()) {
            return true;
        }
        int count = counts.getOrDefault(ip, 0);
        if (leaving != null && ip.equals(leaving.address().getAddress())) {
            count--;
        }
        if (count < maxPerIp) {
            return true;
        }
        refused++;
        return false;
    }

    void added(InetSocketAddress address) {
        counts.merge(ipOf(address), 1, Integer::sum);
    }

    void removed(InetSocketAddress address) {
        counts.computeIfPresent(ipOf(address), (ip, c) -> c > 1 ? c - 1 : null);
    }

    /** Entries refused because their IP was at the cap, since construction. */
    long refused() {
        return refused;
    }

    /** Entries currently counted for {@code ip} (all addresses, loopback included). */
    int countOf(InetAddress ip) {
        return counts.getOrDefault(ip, 0);
    }

    private static InetAddress ipOf(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        return ip;
    }
}
