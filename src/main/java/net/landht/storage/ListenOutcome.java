package net.landht.storage;

/** What a {@code listen} did. */
public enum ListenOutcome {
    /** A new listener; it was sent the values currently matching its query. */
    ADDED,
    /** An existing listener (same key and id): its timestamp and query were renewed, nothing was sent. */
    REFRESHED,
    /** Refused: the key has {@code storage.max-listeners-per-key} listeners. */
    REFUSED_KEY_LIMIT,
    /** Refused: the source has {@code storage.max-listeners-per-source} listeners. */
    REFUSED_SOURCE_LIMIT
}
