package net.landht.wire;

import net.landht.id.InfoHash;

/**
 * An error reply ({@code y:"e"}): {@code e:[code, message]} plus {@code r:{id}} so the receiver does not drop it as
 * anonymous. Fact sheet §10.
 *
 * @param code    203, 401 or 404 in practice
 * @param message human-readable text; receivers act on the code only
 * @param id      the sender's node id, or null when absent
 */
public record ErrorReply(Header header, int code, String message, InfoHash id) implements Message {
    /** Non-authoritative information: a request without key, or a put of value id 0. */
    public static final int NON_AUTHORITATIVE = 203;
    /** Unauthorized: a wrong write token. */
    public static final int UNAUTHORIZED = 401;
    /** Not found: refresh for a key with no storage. */
    public static final int NOT_FOUND = 404;
}
