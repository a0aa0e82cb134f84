package net.landht.value;

/**
 * Why a value was not stored. The node still acks the put (OpenDHT does), counts the reason and moves on.
 * The first group comes from {@link EditPolicy} (OpenDHT's store and edit policies, fact sheet §8.2), the second
 * from the storage bounds (fact sheet §9).
 */
public enum Refusal {
    /** Value id 0 ({@link Value#INVALID_ID}); the put handler normally answers 203 before storage sees it. */
    INVALID_ID,
    /** {@link Value#size()} above the configured maximum. */
    TOO_LARGE,
    /** The owner is not a readable RSA public key (OpenDHT fails to parse such a value). */
    BAD_OWNER_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** A signed value may only be replaced by a value signed by the same owner. */
    NOT_OWNER,
    /** A signed value may only be replaced with a higher seq (equal seq only with identical signed bytes). */
    SEQ_NOT_INCREASING,
    /** An unsigned stored value cannot be edited. */
    UNSIGNED_EDIT,
    /** The stored value's type allows no edits (unregistered types, type 2). */
    EDIT_FORBIDDEN,
    /** Type 1: the data is a DHT message with an empty service. */
    EMPTY_SERVICE,
    /** Type 2: the data is not an address, or its port is 0. */
    BAD_SERVICE_ANNOUNCEMENT,
    /** Type 8: the data is not a certificate. */
    BAD_CERTIFICATE,
    /** Type 8: the certificate's key is not the storage key, or an edit brings another key. */
    CERTIFICATE_KEY_MISMATCH,

    /** The expiry computed from the creation time is already past. OpenDHT: src/dht.cpp, storageStore. */
    EXPIRED,
    /** The key already holds the maximum number of values. */
    KEY_FULL,
    /** The value was evicted at once to keep the store under its total or per-source byte cap. */
    STORAGE_FULL
}
