package net.landht.net;

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
}
