package net.landht.discovery;

/**
 * Moves every {@link DiscoveryCounters} counter by a different amount, for tests outside this package (the ops
 * metrics), so that a counter exported under the wrong name shows up as a wrong value.
 */
public final class DiscoveryCountersFixture {
    public static final int QUERIES_SENT = 1;
    public static final int PUBLISHES_SENT = 2;
    public static final int ANSWERS_SENT = 3;
    public static final int SEND_ERRORS = 4;
    public static final int DATAGRAMS_RECEIVED = 5;
    public static final int QUERIES_RECEIVED = 6;
    public static final int ANNOUNCEMENTS_RECEIVED = 7;
    public static final int OTHER_SERVICES = 8;
    public static final int PEERS_FED = 9;
    public static final int PEERS_ANSWERED = 10;
    public static final int INTERFACE_CHANGES = 11;
    public static final int INTERFACES_IPV4 = 12;
    public static final int INTERFACES_IPV6 = 13;

    private DiscoveryCountersFixture() {
    }

    /** Counts what the constants say, and {@link #drops(DiscoveryCounters.Drop)} per drop reason. */
    public static void countEach(DiscoveryCounters c) {
        c.queriesSent(QUERIES_SENT);
        c.publishesSent(PUBLISHES_SENT);
        repeat(ANSWERS_SENT, c::answerSent);
        c.sendErrors(SEND_ERRORS);
        repeat(DATAGRAMS_RECEIVED, c::datagramReceived);
        repeat(QUERIES_RECEIVED, c::queryReceived);
        repeat(ANNOUNCEMENTS_RECEIVED, c::announcementReceived);
        c.otherServices(OTHER_SERVICES);
        repeat(PEERS_FED, c::peerFed);
        repeat(PEERS_ANSWERED, c::peerAnswered);
        repeat(INTERFACE_CHANGES, c::interfacesChanged);
        c.interfacesInUse(INTERFACES_IPV4, INTERFACES_IPV6);
        for (DiscoveryCounters.Drop d : DiscoveryCounters.Drop.values()) {
            c.drop(d, drops(d));
        }
    }

    /** Drops counted for {@code reason} by {@link #countEach}: 20, 21, 22... in declaration order. */
    public static int drops(DiscoveryCounters.Drop reason) {
        return 20 + reason.ordinal();
    }

    private static void repeat(int times, Runnable r) {
        for (int i = 0; i < times; i++) {
            r.run();
        }
    }
}
