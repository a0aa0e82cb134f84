package net.landht.wire;

import net.landht.id.InfoHash;

/**
 * A listen-version-0 refresh or expiry notification: {@code u:{id, [token], re|exp}} with {@code y:"r"} and
 * {@code t} = the listener's socket id. Decoded so it is recognised; landht never needs to send it to 2.x+ peers.
 * Fact sheet §2, §4.
 *
 * @param id        sender's node id
 * @param token     a write token, or null
 * @param refreshed refreshed value ids (may be empty)
 * @param expired   expired value ids (may be empty)
 */
public record LegacyUpdate(Header header, InfoHash id, byte[] token, long[] refreshed, long[] expired) implements Message {
}
