package net.landht.wire;

/** Why a datagram could not be decoded; each reason is counted by the node, and the datagram dropped. */
public enum DecodeError {
    /** Not one msgpack object, or truncated, or trailing garbage inside the object. */
    MALFORMED_MSGPACK,
    /** The top-level object is not a map (fact sheet §1). */
    NOT_A_MAP,
    /** A key had the wrong msgpack type (e.g. {@code a} not a map, {@code id} not a bin). */
    WRONG_TYPE,
    /** {@code t} missing, negative, wider than 32 bits, or a bin/str not 4 bytes long. */
    BAD_TRANSACTION_ID,
    /** An id, key or target that is not exactly 20 bytes. */
    BAD_ID,
    /** The sender id is missing or zero (anonymous messages are dropped). */
    MISSING_ID,
    /** {@code n4}/{@code n6} length not a multiple of 26/38, or {@code sa} not 4 or 16 bytes. */
    BAD_NODE_LIST,
    /** A query name OpenDHT does not know, or a message of no known kind. */
    UNKNOWN_QUERY,
    /** A {@code q} without both {@code s} and {@code w}, or with unparseable conditions. */
    BAD_QUERY,
    /** A length, count or size beyond what the protocol allows. */
    TOO_LARGE,
    /** {@code e} not an array of [code, message]. */
    BAD_ERROR
}
