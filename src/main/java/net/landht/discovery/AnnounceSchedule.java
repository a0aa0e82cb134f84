package net.landht.discovery;

import java.time.Duration;

/**
 * When to query and publish again, as OpenDHT ≥ 3.2 does while the node has no good node in either family
 * (src/peer_discovery.cpp {@code connectivityChanged}: 0, 10, 30, 70 s, the period doubling from 10 s to 60 s).
 * landht keeps announcing every 60 s after that for as long as it stays alone (a bootstrap node has nothing better
 * to do, and a phone that joins quietly is found within a minute), and stops once it has a good node; losing every
 * good node announces at once and starts the backoff again. A start or an interface change calls {@link #restart}.
 * Times are monotonic milliseconds; single-threaded.
 */
final class AnnounceSchedule {
    /** OpenDHT: src/peer_discovery.cpp PeerDiscovery_PERIOD. */
    static final Duration FIRST_PERIOD = Duration.ofSeconds(10);
    /** OpenDHT: src/peer_discovery.cpp PeerDiscovery_PERIOD_MAX. */
    static final Duration MAX_PERIOD = Duration.ofMinutes(1);

    private long period = FIRST_PERIOD.toMillis();
    private long nextAt;
    private boolean pending;
    private boolean connected;

    /** We have just announced (start, interface change): the next one is due {@link #FIRST_PERIOD} later. */
    void restart(long nowMillis) {
        period = FIRST_PERIOD.toMillis();
        schedule(nowMillis);
    }

    /**
     * Whether to announce now.
     *
     * @param connected whether the DHT has at least one good node (either family)
     */
    boolean due(long nowMillis, boolean connected) {
        boolean was = this.connected;
        this.connected = connected;
        if (connected) {
            pending = false;
            return false;
        }
        if (was) {
            // just lost every good node: announce now, then back off again
            period = FIRST_PERIOD.toMillis();
            schedule(nowMillis);
            return true;
        }
        if (pending && nowMillis >= nextAt) {
            schedule(nowMillis);
            return true;
        }
        return false;
    }

    /** When {@link #due} may next return true while still alone, or {@code Long.MAX_VALUE} if nothing is pending. */
    long nextAt() {
        return pending ? nextAt : Long.MAX_VALUE;
    }

    private void schedule(long nowMillis) {
        nextAt = nowMillis + period;
        pending = true;
        period = Math.min(period * 2, MAX_PERIOD.toMillis());
    }
}
