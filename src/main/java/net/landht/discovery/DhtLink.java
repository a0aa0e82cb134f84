package net.landht.discovery;

import java.net.InetSocketAddress;

import net.landht.id.InfoHash;

/** What peer discovery needs from the DHT; called from the discovery thread. */
interface DhtLink {
    /**
     * Hands over an announced peer to be pinged (must not block).
     *
     * @param onAnswer runs when the peer answers
     */
    void feed(InfoHash id, InetSocketAddress address, Runnable onAnswer);

    /** Whether the DHT has a good node in either family (may block briefly). */
    boolean connected();
}
