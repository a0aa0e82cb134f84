package net.landht.id;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A DHT node as carried in compact node lists ({@code n4}/{@code n6}) and routing tables: its node id and its UDP
 * address. OpenDHT: include/opendht/network_engine.h, NODE4_INFO_BUF_LEN / NODE6_INFO_BUF_LEN.
 *
 * @param id      the node id (never null)
 * @param address a resolved UDP socket address (never null)
 */
public record NodeInfo(InfoHash id, InetSocketAddress address) {
    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }

    /** True when the address is IPv6 (the node belongs in the IPv6 routing table). */
    public boolean isIpv6() {
        return address.getAddress() instanceof java.net.Inet6Address;
    }
}
