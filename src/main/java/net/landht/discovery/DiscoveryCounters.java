package net.landht.discovery;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What local peer discovery sent, received, fed to the DHT and dropped. Written by the discovery thread (and the
 * event loop for {@link #peersAnswered()}), readable from any thread (metrics, stats).
 */
public final class DiscoveryCounters {
    /** Why a received discovery datagram, or one announcement in it, was not used. */
    public enum Drop {
        /** Not msgpack, truncated, or neither a string nor a map. */
        MALFORMED,
        /** A {@code "dht"} payload that is not {@code [bin20 id, uint16 port, uint32 network id]}. */
        BAD_DHT_PAYLOAD,
        /** A string other than {@code "q"}. */
        OTHER_STRING,
        /** Our own announcement (multicast loops back to us). */
        OWN_ID,
        /** An announcement for another OpenDHT network id. */
        OTHER_NETWORK,
        /** Source address plus announced port that no peer can have (port 0, multicast, ...). */
        MARTIAN,
        /** Over the limit of answers to queries or of peers fed to the DHT per second. */
        RATE_LIMITED
    }

    private final LongAdder queriesSent = new LongAdder();
    private final LongAdder publishesSent = new LongAdder();
    private final LongAdder answersSent = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder datagramsReceived = new LongAdder();
    private final LongAdder queriesReceived = new LongAdder();
    private final LongAdder announcementsReceived = new LongAdder();
    private final LongAdder otherServices = new LongAdder();
    private final LongAdder peersFed = new LongAdder();
    private final LongAdder peersAnswered = new LongAdder();
    private final LongAdder interfaceChanges = new LongAdder();
    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private volatile int interfaces4;
    private volatile int interfaces6;

    public DiscoveryCounters() {
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
    }

    void queriesSent(int n) {
        queriesSent.add(n);
    }

    void publishesSent(int n) {
        publishesSent.add(n);
    }

    void answerSent() {
        answersSent.increment();
    }

    void sendErrors(int n) {
        sendErrors.add(n);
    }

    void datagramReceived() {
        datagramsReceived.increment();
    }

    void queryReceived() {
        queriesReceived.increment();
    }

    void announcementReceived() {
        announcementsReceived.increment();
    }

    void otherServices(int n) {
        otherServices.add(n);
    }

    void peerFed() {
        peersFed.increment();
    }

    void peerAnswered() {
        peersAnswered.increment();
    }

    void interfacesChanged() {
        interfaceChanges.increment();
    }

    void interfacesInUse(int ipv4, int ipv6) {
        interfaces4 = ipv4;
        interfaces6 = ipv6;
    }

    void drop(Drop reason) {
        drops.get(reason).increment();
    }

    void drop(Drop reason, int n) {
        drops.get(reason).add(n);
    }

    /** Multicast {@code "q"} queries sent (one per interface and family). */
    public long queriesSent() {
        return queriesSent.sum();
    }

    /** Multicast publish packets sent (one per interface and family). */
    public long publishesSent() {
        return publishesSent.sum();
    }

    /** Unicast publish packets sent in answer to a query. */
    public long answersSent() {
        return answersSent.sum();
    }

    /** Every publish packet sent: multicast plus unicast answers. */
    public long announcementsSent() {
        return publishesSent() + answersSent();
    }

    /** Datagrams that the socket refused or could not take. */
    public long sendErrors() {
        return sendErrors.sum();
    }

    /** Every discovery datagram received, valid or not (our own looped-back multicast included). */
    public long datagramsReceived() {
        return datagramsReceived.sum();
    }

    /** {@code "q"} queries received. */
    public long queriesReceived() {
        return queriesReceived.sum();
    }

    /** Well-formed {@code "dht"} announcements received, before the id, network and address checks. */
    public long announcementsReceived() {
        return announcementsReceived.sum();
    }

    /** Entries of services landht does not use (Jami's {@code "jami"}), ignored. */
    public long otherServices() {
        return otherServices.sum();
    }

    /** Announced peers handed to the DHT to be pinged. */
    public long peersFed() {
        return peersFed.sum();
    }

    /** Announced peers that answered the DHT's ping (now in the routing table). */
    public long peersAnswered() {
        return peersAnswered.sum();
    }

    /** Times the set of selected interfaces or their addresses changed (each triggers a new announcement). */
    public long interfaceChanges() {
        return interfaceChanges.sum();
    }

    /**
     * Interfaces the discovery group is joined on now, for one family (the kernel's default multicast route counts
     * as one); 0 while discovery is off or reaches nothing.
     */
    public int interfacesInUse(boolean ipv6) {
        return ipv6 ? interfaces6 : interfaces4;
    }

    /** {@link #interfacesInUse(boolean)} of both families. */
    public int interfacesInUse() {
        return interfaces4 + interfaces6;
    }

    /** Datagrams or announcements dropped for {@code reason}. */
    public long drops(Drop reason) {
        return drops.get(reason).sum();
    }

}
