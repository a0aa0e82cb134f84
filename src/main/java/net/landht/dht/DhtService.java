package net.landht.dht;

import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.DatagramSender;
import net.landht.net.Martians;
import net.landht.net.RateLimiter;
import net.landht.net.Scheduler;
import net.landht.net.WriteTokens;
import net.landht.routing.RoutingCounts;
import net.landht.storage.Storage;
import net.landht.storage.StorageChanges;
import net.landht.storage.StoredEntry;

/**
 * A complete DHT node assembled from its parts: {@link DhtNode} (receive path, routing tables, our requests),
 * {@link QueryResponder}, {@link StorageService} and {@link Maintenance}. Event loop only, except the read-only
 * accessors used for stats.
 */
public final class DhtService {
    private final DhtNode node;
    private final StorageService storage;
    private final Maintenance maintenance;
    private final QueryResponder responder;
    private final NodeClient client;

    /**
     * @param seeds the resolved seed addresses, read at each bootstrap attempt
     */
    public DhtService(NodeConfig config, InfoHash id, DatagramSender sender, Scheduler scheduler, InstantSource clock,
                      RandomGenerator random, Supplier<List<InetSocketAddress>> seeds) {
        this(config, id, sender, scheduler, clock, random, seeds, StorageChanges.NONE);
    }

    /**
     * @param seeds   the resolved seed addresses, read at each bootstrap attempt
     * @param changes where every storage change is reported (the persistence journal)
     */
    public DhtService(NodeConfig config, InfoHash id, DatagramSender sender, Scheduler scheduler, InstantSource clock,
                      RandomGenerator random, Supplier<List<InetSocketAddress>> seeds, StorageChanges changes) {
        this.node = new DhtNode(id, config.dht().networkId(), sender, scheduler, clock, random,
                DhtNode.guardFor(config.limits(), clock), RequesterPings.PING_BACK_MEMORY,
                config.limits().verifySourcesBeforeValues());
        WriteTokens tokens = new WriteTokens(clock, random);
        LocalWatches watches = new LocalWatches(changes);
        Storage store = new Storage(config.storage(), clock, new ListenerPush(node, tokens), watches);
        this.storage = new StorageService(node, store, scheduler);
        this.responder = new QueryResponder(node, tokens, storage);
        storage.setResponder(responder);
        node.setResponder(responder);
        this.maintenance = new Maintenance(node, scheduler, random, seeds);
        this.client = new NodeClient(new ClientContext(node, storage, scheduler, random, new ClientCounters()),
                watches, ClientLimits.of(config.proxy()));
        responder.setUpdateSink(client::onUpdate);
    }

    /** Starts timers and bootstraps from the seeds. Call on the event loop. */
    public void start() {
        client.start();
        maintenance.start();
        maintenance.bootstrap();
    }

    /** Stops timers. Call on the event loop. */
    public void stop() {
        client.stop();
        maintenance.stop();
    }

    /** Bootstraps again now (new seeds resolved, or a network change). Call on the event loop. */
    public void bootstrap() {
        maintenance.bootstrap();
    }

    /** Entry point for every received datagram. Call on the event loop. */
    public void onDatagram(byte[] data, InetSocketAddress from) {
        node.onDatagram(data, from);
    }

    /**
     * A peer announced by local peer discovery (fact sheet §15): ping it; its answer puts it in the routing table as
     * a good node (OpenDHT inserts it unpinged), and then it seeds a search for our own id, like a bootstrap seed.
     * Nothing is sent for our own id, a family we do not serve, or a node already good at that address. Call on
     * the event loop.
     *
     * @param onAnswer runs on the event loop when the peer answers (may be null)
     */
    public void onDiscoveredPeer(InfoHash id, InetSocketAddress address, Runnable onAnswer) {
        boolean v6 = address.getAddress() instanceof java.net.Inet6Address;
        if (id.equals(node.id()) || !node.transport().reaches(address)) {
            return;
        }
        net.landht.routing.Node known = node.tableFor(address).find(id);
        if (known != null && known.address().equals(address) && known.isGood(node.clock().instant())) {
            return;
        }
        node.pingAddress(address, reply -> {
            maintenance.searchOwnId(node.tableFor(address), v6);
            if (onAnswer != null) {
                onAnswer.run();
            }
        }, null);
    }

    /**
     * Puts back saved values (persistence, at start) with {@link Storage#restore}: expired ones and those over a
     * bound are skipped; their expiry timers are set. Call on the event loop.
     *
     * @return the number of values the store gained: a value restored and then evicted to make room for a later one
     *         (a cap lowered since the state was saved) does not count
     */
    public int restoreValues(List<StoredEntry> values) {
        int before = storage.storage().valueCount();
        for (StoredEntry e : values) {
            storage.storage().restore(e.key(), e.value(), e.expiresAtMillis(), e.source());
        }
        storage.scheduleExpiry();
        return storage.storage().valueCount() - before;
    }

    /**
     * Puts back saved routing-table nodes (persistence, at start) as heard-of nodes and pings each one, so those
     * that answer become good again. Our own id, martian addresses and families without a socket are skipped.
     * Call on the event loop.
     *
     * @return the number of nodes that went into a routing table (and were pinged)
     */
    public int restoreNodes(List<NodeInfo> nodes) {
        int restored = 0;
        for (NodeInfo n : nodes) {
            if (!node.transport().reaches(n.address()) || n.id().equals(node.id()) || Martians.isMartian(n.address())) {
                continue;
            }
            if (node.tableFor(n.address()).restore(n) != null) {
                node.ping(n, null);
                restored++;
            }
        }
        node.servicePings();
        return restored;
    }

    /**
     * landht as a DHT client: the door other threads (the HTTP proxy) use to get, put and listen. Thread-safe; set
     * its port source with {@link NodeClient#setLocalAddresses} once the sockets are bound.
     */
    public NodeClient client() {
        return client;
    }

    public DhtNode node() {
        return node;
    }

    public InfoHash id() {
        return node.id();
    }

    /** The storage engine (read its counters only from the event loop or accept slightly stale values). */
    public Storage storage() {
        return storage.storage();
    }

    public DhtCounters counters() {
        return node.counters();
    }

    /**
     * The byte budget of value-carrying replies to requesters that never answered us (amplification bound); read its
     * counters from any thread.
     */
    public RateLimiter replyBudget() {
        return responder.valueBudget();
    }

    /** The addresses verified by answering our requests, and what unverified sources were refused (any thread). */
    public VerifiedSources sources() {
        return node.sources();
    }

    /** Routing-table counts for IPv4. */
    public RoutingCounts counts4() {
        return node.table4().counts();
    }

    /** Routing-table counts for IPv6. */
    public RoutingCounts counts6() {
        return node.table6().counts();
    }
}
