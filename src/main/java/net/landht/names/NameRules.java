package net.landht.names;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usernames and Jami IDs as the name server reads them from a request.
 *
 * <p>A name is what jamid 13.7 accepts, {@code ^[a-zA-Z0-9-_]{3,32}$} (jami-daemon src/jamidht/namedirectory.cpp
 * {@code NAME_VALIDATOR}), kept lower-case: jamid lower-cases it before it asks, registers and signs, so a name is
 * stored, compared and signed in lower case. An upper-case name from a hand-made request is folded, not refused.
 *
 * <p>A Jami ID (the {@code addr} of a registration) is 40 hex digits, the SHA-1 of the account key; jamid sends it
 * without {@code 0x}, the official server writes it with one (jami-nameservice index.js {@code formatAddress}). Both
 * are accepted, as is the official server's {@code ring:} prefix; it is kept as 40 lower-case digits. Stateless.
 */
public final class NameRules {
    /** jamid's rule for a name, before it lower-cases it. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{3,32}");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-fA-F]{40}");
    private static final String ZERO_ID = "0".repeat(40);

    private NameRules() {
    }

    /** The name in its stored form (lower case), or null when it breaks jamid's rule. Null in, null out. */
    public static String canonicalName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return null;
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * A Jami ID as 40 lower-case hex digits, or null when it is not one. Accepts surrounding blanks, a
     * {@code ring:} prefix and a {@code 0x} prefix; refuses the all-zero ID as the official server does.
     */
    public static String canonicalId(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        if (s.regionMatches(true, 0, "ring:", 0, 5)) {
            s = s.substring(5);
        }
        if (s.regionMatches(true, 0, "0x", 0, 2)) {
            s = s.substring(2);
        }
        if (!HEX40.matcher(s).matches()) {
            return null;
        }
        s = s.toLowerCase(Locale.ROOT);
        return s.equals(ZERO_ID) ? null : s;
    }
}
