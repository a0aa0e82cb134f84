package net.landht.net;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Sends one UDP datagram. Implementations pick the socket of the destination's address family. */
public interface DatagramSender {
    /**
     * Queues {@code datagram} for {@code to}; never blocks, never throws for network errors (they are counted).
     *
     * @param to       an IPv4 or IPv6 destination
     * @param datagram the bytes (not copied: the caller must not change them afterwards)
     */
    void send(InetSocketAddress to, byte[] datagram);

    /** True when IPv4 destinations can be reached. */
    boolean hasIpv4();

    /** True when IPv6 destinations can be reached. */
    boolean hasIpv6();

    /**
     * True when {@code to} can be reached: {@link #hasIpv6()} for an IPv6 destination, else {@link #hasIpv4()} (so an
     * IPv4 destination reaches through a dual-stack IPv6 socket whenever {@code hasIpv4()} says so). The one place the
     * family test is written; callers skip destinations of a family we have no socket for.
     */
    default boolean reaches(InetSocketAddress to) {
        return to.getAddress() instanceof Inet6Address ? hasIpv6() : hasIpv4();
    }
}
