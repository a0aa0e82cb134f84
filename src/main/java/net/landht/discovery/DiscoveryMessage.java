package net.landht.discovery;

import java.util.List;

/**
 * A decoded peer-discovery datagram (fact sheet §15). Decoding never throws: what cannot be read is a
 * {@link Malformed} value that the receiver counts and drops.
 */
public sealed interface DiscoveryMessage {

    /** The msgpack string {@code "q"}: answer with our publish packet by unicast to the sender. */
    record Query() implements DiscoveryMessage {
    }

    /**
     * A publish packet: a msgpack map {@code {service name: payload}}.
     *
     * @param dht             the well-formed {@code "dht"} payloads (normally one)
     * @param badDhtPayloads  {@code "dht"} entries whose payload is not {@code [bin20, uint16, uint32, ...]}
     * @param otherServices   entries of services landht does not know (Jami's {@code "jami"}), ignored
     */
    record Publish(List<DhtAnnouncement> dht, int badDhtPayloads, int otherServices) implements DiscoveryMessage {
        public Publish {
            dht = List.copyOf(dht);
        }
    }

    /** A msgpack string other than {@code "q"}: OpenDHT ignores it, so does landht. */
    record OtherString() implements DiscoveryMessage {
    }

    /**
     * Not msgpack, truncated, or neither a string nor a map at the top.
     *
     * @param detail what was wrong, for DEBUG logs
     */
    record Malformed(String detail) implements DiscoveryMessage {
    }
}
