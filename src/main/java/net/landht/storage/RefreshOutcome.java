package net.landht.storage;

/** What a {@code refresh} did. OpenDHT: src/dht.cpp, {@code onRefresh}, {@code storageRefresh}. */
public enum RefreshOutcome {
    /** The value's lifetime was extended; listeners got {@code re}. */
    REFRESHED,
    /** The key has storage but not this value id: acked anyway, and listeners still got {@code re}. */
    UNKNOWN_ID_ACKED,
    /** Nothing is stored or listened to under the key: the caller answers 404. */
    NO_STORAGE
}
