package net.landht.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.id.InfoHash;
import net.landht.net.Addresses;
import net.landht.net.Scheduler;
import net.landht.routing.Bucket;
import net.landht.routing.ExpirySweep;
import net.landht.routing.Node;
import net.landht.routing.RoutingTable;
import net.landht.wire.Header;
import net.landht.wire.Request;
import net.landht.wire.Want;

/**
 * Keeps the routing tables alive as OpenDHT does: bootstrap from the seeds (and again while the tables have no good
 * node, 10 s doubling up to {@link #BOOTSTRAP_PERIOD_MAX}); bucket maintenance (a {@code find} for a random id of
 * every bucket that is empty or had no reply for 10 min, first 3–5 s after start, then every 5–25 s while work was
 * done, else 60–180 s); a search for our own id when the table grew recently; an expiry sweep every 2–6 min whose
 * promoted candidates are pinged. OpenDHT: src/dht.cpp {@code bootstrap}, {@code confirmNodes},
 * {@code bucketMaintenance}, {@code neighbourhoodMaintenance}, {@code expire}; fact sheet §12.
 *
 * <p>Event loop only. Seeds are resolved by the caller off the loop and handed in as addresses.
 */
final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    /** First bootstrap retry. OpenDHT: include/opendht/dht.h BOOTSTRAP_PERIOD. */
    static final Duration BOOTSTRAP_PERIOD = Duration.ofSeconds(10);
    /** Longest wait between bootstrap retries. landht caps OpenDHT's 24 h at 5 min: on a LAN the seed comes back. */
    static final Duration BOOTSTRAP_PERIOD_MAX = Duration.ofMinutes(5);
    /** A table that grew within this time gets a search for our own id. OpenDHT: neighbourhoodMaintenance. */
    static final Duration GROWTH_WINDOW = Duration.ofSeconds(150);

    private final DhtNode node;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Supplier<List<InetSocketAddress>> seeds;
    private final List<Search> searches = new ArrayList<>();
    /** Seeds whose last ping went unanswered: warned about once, until they answer. */
    private final java.util.Set<InetSocketAddress> silentSeeds = new java.util.HashSet<>();
    /**
     * Seeds of a family we have no socket for: warned about once each. Bounded by the configured seeds and what
     * their names resolve to (never by a remote peer).
     */
    private final java.util.Set<InetSocketAddress> unreachableSeeds = new java.util.HashSet<>();
    private Duration bootstrapPeriod = BOOTSTRAP_PERIOD;
    private Instant nextBootstrap = Instant.MIN;
    private Instant lastOwnSearch = Instant.MIN;
    private boolean stopped;

    /**
     * @param seeds the resolved seed addresses (may change as DNS answers; empty when none)
     */
    Maintenance(DhtNode node, Scheduler scheduler, RandomGenerator random, Supplier<List<InetSocketAddress>> seeds) {
        this.node = node;
        this.scheduler = scheduler;
        this.random = random;
        this.seeds = seeds;
    }

    void start() {
        scheduler.schedule(between(3, 5), this::confirmNodes);
        scheduler.schedule(between(120, 360), this::expireTick);
    }

    void stop() {
        stopped = true;
    }

    /** Pings every seed now; each that answers seeds a search for our own id in its family. */
    void bootstrap() {
        List<InetSocketAddress> addrs = seeds.get();
        if (addrs.isEmpty()) {
            return;
        }
        LOG.debug("bootstrapping from {}", addrs);
        nextBootstrap = node.clock().instant().plus(bootstrapPeriod);
        bootstrapPeriod = min(bootstrapPeriod.multipliedBy(2), BOOTSTRAP_PERIOD_MAX);
        for (InetSocketAddress a : addrs) {
            if (!node.transport().reaches(a)) {
                warnUnreachable(a);
                continue;
            }
            node.pingAddress(a, reply -> {
                if (silentSeeds.remove(a)) {
                    LOG.info("bootstrap node {} answers now", Addresses.hostPort(a));
                }
                searchOwnId(node.tableFor(a), a.getAddress() instanceof java.net.Inet6Address);
            }, () -> {
                if (silentSeeds.add(a)) {
                    LOG.warn("bootstrap node {} does not answer (wrong address or port, not running, or a firewall?);"
                            + " retrying", Addresses.hostPort(a));
                }
            });
        }
    }

    private void warnUnreachable(InetSocketAddress seed) {
        if (!unreachableSeeds.add(seed)) {
            return;
        }
        boolean v6 = seed.getAddress() instanceof java.net.Inet6Address;
        LOG.warn("bootstrap node {} skipped: it is {} and landht has no {} socket (dht.{} is false, or --bind named "
                + "only {} addresses); open one (dht.{}: true, or --bind an {} address too) or give an {} seed",
                Addresses.hostPort(seed), v6 ? "IPv6" : "IPv4", v6 ? "IPv6" : "IPv4", v6 ? "ipv6" : "ipv4",
                v6 ? "IPv4" : "IPv6", v6 ? "ipv6" : "ipv4", v6 ? "IPv6" : "IPv4", v6 ? "IPv4" : "IPv6");
    }

    /** Starts a search for our own id in one family unless one is running. */
    void searchOwnId(RoutingTable table, boolean ipv6) {
        searches.removeIf(Search::isSettled);
        for (Search s : searches) {
            if (s.ipv6() == ipv6) {
                return;
            }
        }
        if (table.closest(node.id(), 1).isEmpty()) {
            return;
        }
        lastOwnSearch = node.clock().instant();
        Search s = new Search(node, scheduler, node.id(), ipv6, ClientRequests.find(node, node.id()),
                done -> LOG.debug("own-id search done: {} nodes answered", done.answered().size()));
        searches.add(s);
        s.start();
    }

    private void confirmNodes() {
        if (stopped) {
            return;
        }
        Instant now = node.clock().instant();
        boolean worked = false;
        boolean noGood = !node.hasGoodNode();
        if (noGood && !now.isBefore(nextBootstrap)) {
            bootstrap();
            worked = true;
        }
        if (!noGood) {
            bootstrapPeriod = BOOTSTRAP_PERIOD;
        }
        if (node.transport().hasIpv4()) {
            worked |= maintainTable(node.table4(), false, now);
        }
        if (node.transport().hasIpv6()) {
            worked |= maintainTable(node.table6(), true, now);
        }
        node.servicePings();
        scheduler.schedule(worked ? between(5, 25) : between(60, 180), this::confirmNodes);
    }

    private boolean maintainTable(RoutingTable table, boolean ipv6, Instant now) {
        boolean worked = false;
        for (Bucket b : table.bucketsNeedingRefresh(RoutingTable.BUCKET_REFRESH_AFTER)) {
            Node peer = table.refreshPeer(b);
            if (peer == null) {
                continue;
            }
            InfoHash target = table.randomIdInBucket(b);
            Want want = wantFor(ipv6);
            node.request(peer.address(), peer.id(),
                    tid -> new Request.Find(Header.ours(tid, node.networkId()), node.id(), target, want), null, null);
            worked = true;
        }
        boolean grew = table.lastGrowth().map(t -> t.plus(GROWTH_WINDOW).isAfter(now)).orElse(false);
        if (grew && lastOwnSearch.plus(Duration.ofSeconds(20)).isBefore(now)) {
            searchOwnId(table, ipv6);
            worked = true;
        }
        return worked;
    }

    /** {@code w=[2,10]} when both sockets are open and the other family's table is thin, else 1/38 of the time. */
    private Want wantFor(boolean ipv6) {
        if (!node.transport().hasIpv4() || !node.transport().hasIpv6()) {
            return null;
        }
        RoutingTable other = ipv6 ? node.table4() : node.table6();
        return other.counts().good() < Search.TARGET_NODES || random.nextInt(38) == 0 ? Want.BOTH : null;
    }

    private void expireTick() {
        if (stopped) {
            return;
        }
        for (RoutingTable t : List.of(node.table4(), node.table6())) {
            ExpirySweep sweep = t.expire();
            for (Node n : sweep.promoted()) {
                node.ping(n.info(), null);
            }
        }
        node.servicePings();
        scheduler.schedule(between(120, 360), this::expireTick);
    }

    private Duration between(int minSeconds, int maxSeconds) {
        return Duration.ofMillis(minSeconds * 1000L + random.nextLong((maxSeconds - minSeconds) * 1000L + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
