package net.landht.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.NodeRuntime;
import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;

/**
 * Local peer discovery compatible with OpenDHT and Jami (fact sheet §15): multicast on 239.192.0.1 and ff08::101,
 * UDP port 8888 [discovery.port], on the selected interfaces [discovery.interfaces]. At start and whenever the
 * interfaces change it sends the query {@code "q"} and our publish packet {@code {"dht": [id, port, network id]}}
 * (one per family, with that family's DHT port); it re-announces with OpenDHT's backoff while the DHT has no good
 * node ({@link AnnounceSchedule}); it answers every query with a unicast publish; the peers other nodes announce go
 * to {@link net.landht.dht.DhtService#onDiscoveredPeer} on the event loop, which pings them.
 *
 * <p>Its sockets and state belong to one thread of its own ({@code landht-discovery}, a selector loop); it touches
 * the DHT only through the event loop. Every failure is logged and counted, never thrown at the node.
 */
public final class PeerDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerDiscovery.class);

    /**
     * How often the interface list is read to notice a new interface, address, cable or Wi-Fi network (Java has no
     * netlink, so a change is noticed within this time).
     */
    static final Duration INTERFACE_POLL = Duration.ofSeconds(5);
    /** How often the DHT is asked whether it has a good node (drives {@link AnnounceSchedule}). */
    static final Duration CONNECTIVITY_CHECK = Duration.ofSeconds(10);
    /** Answers to queries per second (bursts of {@link #ANSWER_BURST}); a LAN has a handful of phones. */
    static final int ANSWERS_PER_SECOND = 20;
    static final int ANSWER_BURST = 40;
    /** Peers handed to the DHT per second (bursts of {@link #PEER_BURST}). */
    static final int PEERS_PER_SECOND = 20;
    static final int PEER_BURST = 40;
    /** Largest datagram read. OpenDHT: src/peer_discovery.cpp receiveBuf_ (64 KiB). */
    private static final int MAX_DATAGRAM = 65_536;
    /** Datagrams read from one socket per wake-up before the timers get a turn. */
    private static final int MAX_READS_PER_WAKEUP = 256;

    private final DiscoveryCounters counters = new DiscoveryCounters();
    private final InfoHash id;
    private final long networkId;
    private final int dhtPort;
    private final DhtLink dht;
    private final Selector selector;
    private final List<MulticastChannel> channels = new ArrayList<>();
    private final AnnounceSchedule schedule = new AnnounceSchedule();
    private final DiscoveryHandler handler;
    private final Thread thread;
    private final InterfaceMemberships memberships;
    private volatile boolean running;

    /** A stopped instance (discovery disabled or unavailable). */
    private PeerDiscovery() {
        this.id = null;
        this.networkId = 0;
        this.dhtPort = 0;
        this.memberships = null;
        this.dht = null;
        this.selector = null;
        this.handler = null;
        this.thread = null;
    }

    private PeerDiscovery(InfoHash id, long networkId, int dhtPort, boolean ipv4, boolean ipv6,
                          NodeConfig.Discovery config, DhtLink dht) throws IOException {
        this.id = id;
        this.networkId = networkId;
        this.dhtPort = dhtPort;
        this.dht = dht;
        this.selector = Selector.open();
        for (boolean v6 : new boolean[] {false, true}) {
            if (v6 ? !ipv6 : !ipv4) {
                continue;
            }
            try {
                channels.add(MulticastChannel.open(v6, config.port(), selector));
            } catch (IOException | RuntimeException e) {
                LOG.warn("peer discovery unavailable for {}: cannot bind UDP {} ({}); is another program holding "
                        + "the port without SO_REUSEADDR?", v6 ? "IPv6" : "IPv4", config.port(), e.toString());
            }
        }
        this.memberships = new InterfaceMemberships(config.interfaces(), channels, counters);
        this.handler = new DiscoveryHandler(id, networkId, counters, this::answer,
                (peer, at) -> dht.feed(peer, at, () -> onAnswered(peer, at)),
                new RateLimit(ANSWERS_PER_SECOND, ANSWER_BURST, System::nanoTime),
                new RateLimit(PEERS_PER_SECOND, PEER_BURST, System::nanoTime));
        this.thread = new Thread(this::loop, "landht-discovery");
        this.thread.setDaemon(true);
    }

    /**
     * Starts discovery for a running node, or returns a stopped instance when {@code discovery.enabled} is false
     * or no socket could be opened.
     */
    public static PeerDiscovery start(NodeRuntime rt) {
        NodeConfig.Discovery config = rt.config().discovery();
        if (!config.enabled()) {
            LOG.debug("peer discovery is off");
            return new PeerDiscovery();
        }
        DhtLink link = new NodeRuntimeLink(rt);
        PeerDiscovery d;
        try {
            d = new PeerDiscovery(rt.id(), rt.config().dht().networkId(), rt.transport().port(),
                    rt.transport().hasIpv4(), rt.transport().hasIpv6(), config, link);
        } catch (IOException e) {
            LOG.warn("peer discovery unavailable: {}", e.toString());
            return new PeerDiscovery();
        }
        if (d.channels.isEmpty()) {
            d.close();
            return new PeerDiscovery();
        }
        d.running = true;
        d.thread.start();
        return d;
    }

    /** The counters (all zero when discovery is off). */
    public DiscoveryCounters counters() {
        return counters;
    }

    /** True while the discovery thread runs. */
    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void loop() {
        long now = nowMillis();
        pollInterfaces(now, true);
        announce();
        schedule.restart(now);
        long nextPoll = now + INTERFACE_POLL.toMillis();
        long nextCheck = now + CONNECTIVITY_CHECK.toMillis();
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] bytes = new byte[MAX_DATAGRAM];
        try {
            while (running) {
                now = nowMillis();
                long wake = Math.min(Math.min(nextPoll, nextCheck), schedule.nextAt());
                selector.select(Math.max(1, wake - now));
                if (!running) {
                    break;
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    drain((MulticastChannel) k.attachment(), buf, bytes);
                }
                selector.selectedKeys().clear();
                now = nowMillis();
                if (now >= nextPoll) {
                    pollInterfaces(now, false);
                    nextPoll = now + INTERFACE_POLL.toMillis();
                }
                if (now >= nextCheck || now >= schedule.nextAt()) {
                    if (schedule.due(now, dht.connected())) {
                        LOG.debug("no good node yet: announcing again");
                        announce();
                    }
                    nextCheck = now + CONNECTIVITY_CHECK.toMillis();
                }
            }
        } catch (ClosedSelectorException e) {
            // closed under us: stopping
        } catch (IOException | RuntimeException e) {
            LOG.warn("peer discovery stopped: {}", e.toString());
        } finally {
            running = false;
        }
    }

    private void drain(MulticastChannel ch, ByteBuffer buf, byte[] bytes) {
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            InetSocketAddress from;
            try {
                from = ch.receive(buf);
            } catch (IOException e) {
                LOG.debug("{} discovery receive failed: {}", ch.familyName(), e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            InetSocketAddress source = sender(from);
            if (ch.isIpv6() && source.getAddress() instanceof Inet4Address && channel(false) != null) {
                continue; // IPv4 multicast seen again by the dual-stack IPv6 socket: the IPv4 one has it
            }
            buf.flip();
            int n = buf.remaining();
            buf.get(bytes, 0, n);
            try {
                handler.onDatagram(bytes, n, source);
            } catch (RuntimeException e) {
                counters.drop(DiscoveryCounters.Drop.MALFORMED);
                LOG.warn("discovery datagram from {} not handled: {}", source, e.toString(), e);
            }
        }
    }

    /** Sends the query and our publish packet to the group on every joined interface of every family. */
    private void announce() {
        byte[] query = DiscoveryCodec.query();
        byte[] publish = publishPacket();
        for (MulticastChannel ch : channels) {
            int interfaces = ch.joinedNames().size();
            int failed = ch.sendToGroup(query);
            counters.queriesSent(interfaces - failed);
            counters.sendErrors(failed);
            failed = ch.sendToGroup(publish);
            counters.publishesSent(interfaces - failed);
            counters.sendErrors(failed);
        }
    }

    /** Answers a query by unicast with the publish packet of the querier's family. */
    private void answer(InetSocketAddress to) {
        MulticastChannel ch = channel(to.getAddress() instanceof Inet6Address);
        if (ch == null) {
            return;
        }
        if (ch.sendTo(to, publishPacket())) {
            counters.answerSent();
        } else {
            counters.sendErrors(1);
        }
    }

    /** Our publish packet; landht serves both families on one port, so the packet is the same for both. */
    private byte[] publishPacket() {
        return DiscoveryCodec.publish(new DhtAnnouncement(id, dhtPort, networkId));
    }

    private MulticastChannel channel(boolean ipv6) {
        for (MulticastChannel ch : channels) {
            if (ch.isIpv6() == ipv6) {
                return ch;
            }
        }
        return null;
    }

    private void pollInterfaces(long now, boolean initial) {
        List<LocalInterface> all;
        try {
            all = LocalInterface.all();
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list network interfaces: {}", e.toString());
            return;
        }
        if (memberships.update(all, System.nanoTime(), initial)) {
            counters.interfacesChanged();
            announce();
            schedule.restart(now);
        }
    }

    private void onAnswered(InfoHash peer, InetSocketAddress at) {
        counters.peerAnswered();
        LOG.info("local peer {} at {} answers: added to the routing table", peer, at);
    }

    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    /**
     * The sender of a discovery datagram as a peer address: IPv4 for a v4-mapped IPv6 source, and loopback for an
     * unspecified one (0.0.0.0 or ::), which only this host can send from: multicast sent by a route that has no
     * source address, such as {@code 224.0.0.0/4 dev lo}. OpenDHT's node then pings 0.0.0.0, which Linux delivers
     * locally too.
     */
    static InetSocketAddress sender(InetSocketAddress from) {
        InetSocketAddress a = net.landht.net.Addresses.unmap(from);
        if (!a.getAddress().isAnyLocalAddress()) {
            return a;
        }
        byte[] loopback = a.getAddress() instanceof Inet6Address
                ? new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1} : new byte[] {127, 0, 0, 1};
        try {
            return new InetSocketAddress(java.net.InetAddress.getByAddress(loopback), a.getPort());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // a literal of 4 or 16 bytes
        }
    }

    /** Stops the thread and closes the sockets (leaving the groups). Idempotent. */
    @Override
    public void close() {
        if (selector == null) {
            return;
        }
        running = false;
        selector.wakeup();
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (MulticastChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing the {} discovery socket: {}", ch.familyName(), e.toString());
            }
        }
        counters.interfacesInUse(0, 0);
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the discovery selector: {}", e.toString());
        }
    }
}
