package net.landht.wire;

import java.util.List;

/**
 * A value-data datagram ({@code y:"p"}): fragments of values announced by size in the message with the same
 * transaction id. Fact sheet §13.
 *
 * @param parts the fragments it carries (usually one)
 */
public record ValueData(Header header, List<Part> parts) implements Message {
    /** Largest data bytes OpenDHT puts in one part. OpenDHT: include/opendht/network_engine.h, MTU. */
    public static final int PART_BYTES = 1280;

    public ValueData {
        parts = List.copyOf(parts);
    }

    /**
     * One fragment: bytes {@code [offset, offset + data.length)} of value number {@code index}.
     *
     * @param index  position of the value in the header's {@code values}
     * @param offset byte offset in that value's packed bytes
     * @param data   the bytes (not copied)
     */
    public record Part(int index, int offset, byte[] data) {
    }
}
