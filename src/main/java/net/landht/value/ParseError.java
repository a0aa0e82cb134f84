package net.landht.value;

/**
 * Why a packed value was rejected by {@link Value#parse}. Each maps to a place where OpenDHT's own unpacking throws
 * (src/value.cpp {@code Value::msgpack_unpack}, {@code msgpack_unpack_body}), so the value would be dropped there too.
 */
public enum ParseError {
    /** Packed bytes longer than {@link Value#MAX_PACKED_BYTES}. OpenDHT: src/parsed_message.h. */
    TOO_LARGE,
    /** Not valid msgpack: truncated, bad header, or an impossible length. */
    MALFORMED,
    /** The value is not a map, or a map with fewer than two entries. */
    NOT_A_MAP,
    /** {@code id} absent or not a uint64. (Id 0 parses: the put handler answers it with 203, as OpenDHT does.) */
    BAD_ID,
    /** {@code dat} absent or neither a bin (cypher) nor a map holding {@code body}. */
    BAD_DAT,
    /** {@code body} is not a map. */
    BAD_BODY,
    /** {@code data} absent or not a blob (bin, str or array of bytes). */
    BAD_DATA,
    /** {@code type} absent or not a uint16. */
    BAD_TYPE,
    /** {@code owner} present but {@code seq} absent or not a uint16. */
    BAD_SEQ,
    /** {@code owner} not a blob. */
    BAD_OWNER,
    /** {@code to} present (with an owner) but not a 20-byte bin. */
    BAD_RECIPIENT,
    /** {@code owner} present but {@code sig} absent or not a blob. */
    BAD_SIGNATURE,
    /** {@code utype} not a str or bin. */
    BAD_USER_TYPE,
    /** {@code p} (priority) not a uint32. */
    BAD_PRIORITY,
    /** {@code pt} (push type) not a str or bin. */
    BAD_PUSH_TYPE
}
