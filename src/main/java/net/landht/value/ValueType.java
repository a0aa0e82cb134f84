package net.landht.value;

import java.time.Duration;
import java.util.Map;

/**
 * A value type a stock OpenDHT node registers, with its lifetime and the rules that decide what may be stored
 * (fact sheet §8.2). Types that are not registered (e.g. Jami's 9, "User profile") behave as {@link #UNREGISTERED}:
 * 10 minutes, size check only, no edits. OpenDHT: src/default_types.cpp, src/securedht.cpp,
 * include/opendht/securedht.h {@code CERTIFICATE_TYPE}, include/opendht/value.h {@code DEFAULT_VALUE_EXPIRATION}.
 *
 * @param id     the type id (uint16), or -1 for the stand-in of unregistered types
 * @param name   OpenDHT's name for it
 * @param expiry how long a value lives after its creation or last refresh
 * @param rules  which store and edit rules apply
 */
public record ValueType(int id, String name, Duration expiry, Rules rules) {
    /** The store/edit rule families of {@link EditPolicy}. */
    public enum Rules {
        /** Signed values must verify and are edited only by their owner with a higher seq; unsigned: size check. */
        SECURED,
        /** Secured, and an unsigned value is refused when its data is a DHT message with an empty service. */
        SECURED_DHT_MESSAGE,
        /** Type 2: port must be non-zero; the stored value is rewritten with the sender's address; no edits. */
        SERVICE_ANNOUNCEMENT,
        /** Type 8: must be a certificate of the key it is stored at; replaced only by one with the same key. */
        CERTIFICATE,
        /** Not registered: size check only, no signature check, no edits. */
        UNREGISTERED
    }

    /** Type 0. */
    public static final ValueType USER_DATA = new ValueType(0, "User Data", Duration.ofMinutes(10), Rules.SECURED);
    /** Type 1. */
    public static final ValueType DHT_MESSAGE =
            new ValueType(1, "DHT message", Duration.ofMinutes(5), Rules.SECURED_DHT_MESSAGE);
    /** Type 2 (not signature-wrapped by OpenDHT). */
    public static final ValueType SERVICE_ANNOUNCEMENT =
            new ValueType(2, "Internet Service Announcement", Duration.ofMinutes(15), Rules.SERVICE_ANNOUNCEMENT);
    /** Type 3. */
    public static final ValueType IM_MESSAGE = new ValueType(3, "IM message", Duration.ofMinutes(5), Rules.SECURED);
    /** Type 4. */
    public static final ValueType TRUST_REQUEST =
            new ValueType(4, "Certificate trust request", Duration.ofDays(7), Rules.SECURED);
    /** Type 5. */
    public static final ValueType ICE_CANDIDATES =
            new ValueType(5, "ICE candidates", Duration.ofMinutes(1), Rules.SECURED);
    /** Type 8. */
    public static final ValueType CERTIFICATE =
            new ValueType(8, "Certificate", Duration.ofDays(7), Rules.CERTIFICATE);
    /** What every unregistered type id behaves as: OpenDHT falls back to a plain, unsecured User Data type. */
    public static final ValueType UNREGISTERED =
            new ValueType(-1, "User Data (unregistered type)", Duration.ofMinutes(10), Rules.UNREGISTERED);

    private static final Map<Integer, ValueType> KNOWN = Map.of(
            0, USER_DATA, 1, DHT_MESSAGE, 2, SERVICE_ANNOUNCEMENT, 3, IM_MESSAGE, 4, TRUST_REQUEST,
            5, ICE_CANDIDATES, 8, CERTIFICATE);

    /** The registered type with this id, or {@link #UNREGISTERED}. */
    public static ValueType of(int id) {
        ValueType t = KNOWN.get(id);
        return t != null ? t : UNREGISTERED;
    }

    /** The lifetime in milliseconds. */
    public long expiryMillis() {
        return expiry.toMillis();
    }
}
