package net.landht.wire;

/**
 * The envelope fields every OpenDHT message carries besides its body. Fact sheet §2.
 *
 * @param tid       transaction id, an unsigned 32-bit number (0..2^32-1) held in a long; {@code t}
 * @param networkId network id, unsigned 32-bit; 0 (the public network Jami uses) is omitted on the wire; {@code n}
 * @param client    the sender is a client-mode node, never to be inserted in routing tables; {@code s}
 * @param userAgent the sender's user agent ({@code "RNG1"} for 2.4, {@code "o2"} since 2.6), or null; {@code v}
 */
public record Header(long tid, long networkId, boolean client, String userAgent) {
    /** What landht writes in {@code v}: the user agent of current OpenDHT. OpenDHT: src/network_engine.cpp. */
    public static final String USER_AGENT = "o2";

    /** A header for a message landht sends. */
    public static Header ours(long tid, long networkId) {
        return new Header(tid, networkId, false, USER_AGENT);
    }
}
