package net.landht.storage;

import java.util.EnumMap;
import java.util.Map;

import net.landht.value.Refusal;

/**
 * What a put did. The node acks the put whatever the outcome (OpenDHT does); a refusal is only counted.
 *
 * @param kind    what happened
 * @param refusal why it was refused, or null unless {@code kind} is {@link Kind#REFUSED}
 */
public record PutOutcome(Kind kind, Refusal refusal) {
    /** The kinds of outcome. */
    public enum Kind {
        /** A value with a new id was stored. */
        STORED_NEW,
        /** The value replaced the stored value with its id. */
        STORED_EDIT,
        /** The same content was already stored: its lifetime was extended, as by a refresh. */
        REFRESHED,
        /** Not stored; see {@link #refusal()}. */
        REFUSED
    }

    public static final PutOutcome STORED_NEW = new PutOutcome(Kind.STORED_NEW, null);
    public static final PutOutcome STORED_EDIT = new PutOutcome(Kind.STORED_EDIT, null);
    public static final PutOutcome REFRESHED = new PutOutcome(Kind.REFRESHED, null);

    private static final Map<Refusal, PutOutcome> REFUSED = new EnumMap<>(Refusal.class);

    static {
        for (Refusal r : Refusal.values()) {
            REFUSED.put(r, new PutOutcome(Kind.REFUSED, r));
        }
    }

    /** The outcome for a refusal. */
    public static PutOutcome refused(Refusal reason) {
        return REFUSED.get(reason);
    }

    /** True when the value is now stored (new, edited or refreshed). */
    public boolean stored() {
        return kind != Kind.REFUSED;
    }
}
