package net.landht.discovery;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.id.InfoHash;
import net.landht.net.Martians;

/**
 * What landht does with one received discovery datagram (fact sheet §15): a {@code "q"} query is answered with our
 * publish packet by unicast to its sender; each {@code "dht"} announcement with another node's id and our network id
 * becomes a peer at (packet source address, announced port) for the DHT; other services are ignored; everything
 * else is counted and dropped. Answers and peers are rate-limited, since one spoofed datagram costs a sender
 * nothing. Runs on the discovery thread only.
 */
final class DiscoveryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryHandler.class);

    /** Sends our publish packet of {@code to}'s family by unicast to {@code to}. */
    interface Answerer {
        void answer(InetSocketAddress to);
    }

    /** Receives the peers worth pinging. */
    interface PeerSink {
        void onPeer(InfoHash id, InetSocketAddress address);
    }

    private final InfoHash self;
    private final long networkId;
    private final DiscoveryCounters counters;
    private final Answerer answerer;
    private final PeerSink peers;
    private final RateLimit answerLimit;
    private final RateLimit peerLimit;

    DiscoveryHandler(InfoHash self, long networkId, DiscoveryCounters counters, Answerer answerer, PeerSink peers,
                     RateLimit answerLimit, RateLimit peerLimit) {
        this.self = self;
        this.networkId = networkId;
        this.counters = counters;
        this.answerer = answerer;
        this.peers = peers;
        this.answerLimit = answerLimit;
        this.peerLimit = peerLimit;
    }

    /** One datagram from {@code from} (IPv4 for a v4-mapped source). */
    void onDatagram(byte[] data, int length, InetSocketAddress from) {
        counters.datagramReceived();
        DiscoveryMessage m = DiscoveryCodec.decode(data, 0, length);
        if (m instanceof DiscoveryMessage.Query) {
            onQuery(from);
        } else if (m instanceof DiscoveryMessage.Publish p) {
            onPublish(p, from);
        } else if (m instanceof DiscoveryMessage.OtherString) {
            counters.drop(DiscoveryCounters.Drop.OTHER_STRING);
        } else if (m instanceof DiscoveryMessage.Malformed bad) {
            counters.drop(DiscoveryCounters.Drop.MALFORMED);
            LOG.debug("dropped discovery datagram from {}: {}", from, bad.detail());
        }
    }

    private void onQuery(InetSocketAddress from) {
        counters.queryReceived();
        if (!answerLimit.tryAcquire()) {
            counters.drop(DiscoveryCounters.Drop.RATE_LIMITED);
            return;
        }
        LOG.trace("discovery query from {}", from);
        answerer.answer(from);
    }

    private void onPublish(DiscoveryMessage.Publish p, InetSocketAddress from) {
        counters.otherServices(p.otherServices());
        counters.drop(DiscoveryCounters.Drop.BAD_DHT_PAYLOAD, p.badDhtPayloads());
        if (p.badDhtPayloads() > 0) {
            LOG.debug("dropped {} bad dht payload(s) from {}", p.badDhtPayloads(), from);
        }
        for (DhtAnnouncement a : p.dht()) {
            onAnnouncement(a, from);
        }
    }

    private void onAnnouncement(DhtAnnouncement a, InetSocketAddress from) {
        counters.announcementReceived();
        if (a.id().equals(self)) {
            counters.drop(DiscoveryCounters.Drop.OWN_ID);
            return;
        }
        if (a.networkId() != networkId) {
            counters.drop(DiscoveryCounters.Drop.OTHER_NETWORK);
            LOG.debug("ignored peer {} from {}: network {} is not ours ({})", a.id(), from, a.networkId(), networkId);
            return;
        }
        InetSocketAddress at = new InetSocketAddress(from.getAddress(), a.port());
        if (Martians.isMartian(at)) {
            counters.drop(DiscoveryCounters.Drop.MARTIAN);
            LOG.debug("ignored peer {} at {}: not a peer address", a.id(), at);
            return;
        }
        if (!peerLimit.tryAcquire()) {
            counters.drop(DiscoveryCounters.Drop.RATE_LIMITED);
            return;
        }
        LOG.debug("discovered peer {} at {}", a.id(), at);
        counters.peerFed();
        peers.onPeer(a.id(), at);
    }
}
