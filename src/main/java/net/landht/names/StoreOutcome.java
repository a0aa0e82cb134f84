package net.landht.names;

/**
 * What {@link NameStore#register} did with a registration: stored it, found the very same one, or refused it because
 * the name or the Jami ID is already bound. Each refusal carries the registration that stands in the way.
 */
public sealed interface StoreOutcome {
    /** Committed to disk: the name now belongs to the registration's ID. */
    record Stored(Registration registration) implements StoreOutcome {
    }

    /** The name was already bound to this same ID (and so, as the ID is the key's hash, to this key): nothing new. */
    record AlreadyStored(Registration existing) implements StoreOutcome {
    }

    /** The name belongs to another ID. */
    record NameTaken(Registration existing) implements StoreOutcome {
    }

    /** This ID already has another name (one name per ID, as the official server's reverse map allows). */
    record AddrHasName(Registration existing) implements StoreOutcome {
    }
}
