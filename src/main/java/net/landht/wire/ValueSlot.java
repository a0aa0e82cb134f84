package net.landht.wire;

/**
 * One entry of a {@code values} array: either a packed value inline, or the packed size of a value that travels in
 * {@code p} parts after the message. Fact sheet §8, §13.
 */
public sealed interface ValueSlot {
    /**
     * A value inline: its exact msgpack bytes, kept as received so it can be verified and served byte-identical.
     *
     * @param bytes the packed value map (not copied: treat as immutable)
     */
    record Packed(byte[] bytes) implements ValueSlot {
    }

    /**
     * A value announced by size, whose bytes arrive as {@code p} parts.
     *
     * @param size packed size in bytes (1..65,568)
     */
    record Deferred(int size) implements ValueSlot {
    }
}
