package net.landht.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.net.DatagramSender;
import net.landht.testing.ManualScheduler;

/**
 * Tests only: several complete landht nodes ({@link DhtService}) on one {@link ManualScheduler}, exchanging their
 * real datagrams in memory over loopback addresses (one port each), IPv4 ({@code 127.0.0.1}) or IPv6 ({@code ::1})
 * only. Every node bootstraps from the first one.
 * A node can be silenced (its datagrams, in and out, are lost) to play a dead peer.
 */
final class SimNetwork {
    final ManualScheduler clock = new ManualScheduler();
    private final Map<InetSocketAddress, DhtService> nodes = new LinkedHashMap<>();
    private final Set<InetSocketAddress> silenced = new HashSet<>();
    private final List<InetSocketAddress> seeds = new ArrayList<>();
    private final boolean ipv6;
    private Duration latency = Duration.ZERO;

    /** A network of IPv4 nodes. */
    SimNetwork() {
        this(false);
    }

    /** @param ipv6 the nodes talk over {@code ::1} and have only an IPv6 socket */
    SimNetwork(boolean ipv6) {
        this.ipv6 = ipv6;
    }

    /** Adds and starts a node with {@code id} at the loopback address, {@code port}. */
    DhtService add(InfoHash id, int port) {
        InetSocketAddress at = new InetSocketAddress(ipv6 ? "::1" : "127.0.0.1", port);
        DhtService d = new DhtService(NodeConfig.defaults(), id, new Link(at), clock, clock,
                new SplittableRandom(port), () -> seeds.stream().filter(a -> !a.equals(at)).toList());
        nodes.put(at, d);
        if (seeds.isEmpty()) {
            seeds.add(at);
        }
        d.start();
        return d;
    }

    /** Adds {@code count} nodes with ids made from {@code seed}, ports 41000 + i. */
    List<DhtService> addPeers(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DhtService> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(add(InfoHash.random(r), 41000 + nodes.size()));
        }
        return out;
    }

    /** Adds {@code count} nodes whose ids share the first {@code bits} bits of {@code prefix}. */
    List<DhtService> addPeersNear(InfoHash prefix, int bits, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DhtService> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(add(InfoHash.randomWithPrefix(prefix, bits, r), 41000 + nodes.size()));
        }
        return out;
    }

    InetSocketAddress addressOf(DhtService d) {
        for (Map.Entry<InetSocketAddress, DhtService> e : nodes.entrySet()) {
            if (e.getValue() == d) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("not in this network");
    }

    /** The {@code n} nodes whose ids are closest to {@code key}, closest first. */
    List<DhtService> closestTo(InfoHash key, int n) {
        return nodes.values().stream().sorted((a, b) -> key.xorCompare(a.id(), b.id())).limit(n).toList();
    }

    /** Every datagram sent from now on arrives {@code d} later (zero by default). */
    void latency(Duration d) {
        latency = d;
    }

    /** Loses every datagram to and from {@code d} from now on. */
    void silence(DhtService d) {
        silenced.add(addressOf(d));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** Lets the nodes bootstrap and run their maintenance for a simulated minute. */
    void settle() {
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private final class Link implements DatagramSender {
        private final InetSocketAddress self;

        Link(InetSocketAddress self) {
            this.self = self;
        }

        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            if (silenced.contains(self) || silenced.contains(to)) {
                return;
            }
            DhtService target = nodes.get(to);
            if (target != null) {
                clock.schedule(latency, () -> {
                    if (!silenced.contains(to)) {
                        target.onDatagram(datagram, self);
                    }
                });
            }
        }

        @Override
        public boolean hasIpv4() {
            return !ipv6;
        }

        @Override
        public boolean hasIpv6() {
            return ipv6;
        }
    }
}
