package net.landht.value;

/**
 * Value fields that a query can select or filter on, with their wire numbers.
 * OpenDHT: include/opendht/value.h, {@code Value::Field}.
 */
public enum Field {
    ID(1), VALUE_TYPE(2), OWNER_PK(3), SEQ_NUM(4), USER_TYPE(5);

    private final int wire;

    Field(int wire) {
        this.wire = wire;
    }

    /** The number used on the wire. */
    public int wire() {
        return wire;
    }

    /** The field with wire number {@code n}, or null when unknown. */
    public static Field ofWire(long n) {
        for (Field f : values()) {
            if (f.wire == n) {
                return f;
            }
        }
        return null;
    }
}
