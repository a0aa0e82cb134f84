package net.landht.discovery;

import net.landht.id.InfoHash;

/**
 * The {@code "dht"} service of a discovery publish packet: where a DHT node listens. OpenDHT: src/dhtrunner.cpp
 * {@code NodeInsertionPack} = msgpack array {@code [node id (bin 20), port (uint16), network id (uint32)]}; fact
 * sheet §15. The address is not in the payload: receivers use the packet's source address.
 *
 * @param id        the announcing node's id
 * @param port      its DHT UDP port for the family of the packet, 0..65535
 * @param networkId its OpenDHT network id, 0..2^32-1
 */
public record DhtAnnouncement(InfoHash id, int port, long networkId) {
    public DhtAnnouncement {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (networkId < 0 || networkId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("network id out of range: " + networkId);
        }
    }
}
