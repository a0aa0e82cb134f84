package net.landht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.config.NodeConfig;
import net.landht.config.Seed;
import net.landht.config.Seeds;
import net.landht.dht.DhtService;
import net.landht.id.InfoHash;
import net.landht.net.EventLoopScheduler;
import net.landht.net.UdpTransport;
import net.landht.persist.NodeIdFile;

/**
 * Wires every component of a running node from a {@link NodeConfig}: UDP transport, DHT, seeds, periodic summary,
 * and a graceful shutdown on SIGTERM/SIGINT.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** How often unresolved seed host names are looked up again. */
    private static final Duration RESOLVE_RETRY = Duration.ofSeconds(60);

    private Daemon() {
    }

    /**
     * Starts the node and blocks until it is shut down (SIGTERM/SIGINT).
     *
     * @param config       the validated configuration
     * @param configSource human-readable origin of the configuration (file path or "embedded defaults")
     * @return the process exit code: 0 after a clean shutdown, 1 when the node could not start
     */
    public static int run(NodeConfig config, String configSource) {
        RandomGenerator random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        InfoHash id = config.dht().nodeId() != null ? InfoHash.fromHex(config.dht().nodeId())
                : config.persistence().enabled() ? NodeIdFile.loadOrCreate(config.persistence().stateDir(), random)
                : InfoHash.random(random);
        UdpTransport transport = new UdpTransport();
        AtomicReference<DhtService> dht = new AtomicReference<>();
        try {
            transport.bind(binding(config), (data, from) -> {
                DhtService d = dht.get();
                if (d != null) {
                    d.onDatagram(data, from);
                }
            });
        } catch (Exception e) {
            LOG.error("cannot bind UDP port {}: {}", config.dht().port(), e.toString());
            transport.close();
            return 1;
        }
        EventLoopScheduler scheduler = new EventLoopScheduler(transport.eventLoop());
        AtomicReference<List<InetSocketAddress>> seeds = new AtomicReference<>(List.of());
        DhtService service = new DhtService(config, id, transport, scheduler, clock, random, seeds::get);
        ExecutorService resolver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "landht-resolver");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch stopped = new CountDownLatch(1);
        transport.eventLoop().execute(() -> {
            dht.set(service);
            service.start();
        });
        List<Seed> seedList = Seeds.parseAll(config.dht().bootstrap());
        if (!seedList.isEmpty()) {
            resolveSeeds((java.util.concurrent.ScheduledExecutorService) resolver, seedList, seeds, transport, service);
        }
        LOG.info("landht started: node id {}, network {}, UDP {} ({}), seeds {}, config: {}", id,
                config.dht().networkId(), transport.localAddresses(), transport.isEpoll() ? "epoll" : "nio",
                seedList.isEmpty() ? "none" : seedList, configSource);
        scheduleSummary(config, transport, service);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("landht stopping");
            transport.eventLoop().submit(service::stop).awaitUninterruptibly(2, TimeUnit.SECONDS);
            resolver.shutdownNow();
            transport.close();
            stopped.countDown();
            LOG.info("landht stopped");
        }, "landht-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static UdpTransport.Binding binding(NodeConfig config) throws UnknownHostException {
        NodeConfig.Dht d = config.dht();
        InetAddress v4 = d.ipv4() ? InetAddress.getByName(d.bind4()) : null;
        InetAddress v6 = d.ipv6() ? InetAddress.getByName(d.bind6()) : null;
        return new UdpTransport.Binding(d.port(), v4, v6);
    }

    /** Resolves seed host names off the event loop; retries names that fail; posts each result to the loop. */
    private static void resolveSeeds(java.util.concurrent.ScheduledExecutorService resolver, List<Seed> seeds,
                                     AtomicReference<List<InetSocketAddress>> out, UdpTransport transport,
                                     DhtService service) {
        resolver.execute(() -> {
            List<InetSocketAddress> addrs = new ArrayList<>();
            boolean failed = false;
            for (Seed s : seeds) {
                try {
                    for (InetAddress a : InetAddress.getAllByName(s.host())) {
                        addrs.add(new InetSocketAddress(a, s.port()));
                    }
                } catch (UnknownHostException e) {
                    failed = true;
                    LOG.warn("cannot resolve bootstrap host {}: {}", s.host(), e.getMessage());
                }
            }
            out.set(List.copyOf(addrs));
            transport.eventLoop().execute(service::bootstrap);
            if (failed) {
                resolver.schedule(() -> resolveSeeds(resolver, seeds, out, transport, service),
                        RESOLVE_RETRY.toSeconds(), TimeUnit.SECONDS);
            }
        });
    }

    /** One INFO line per interval: nodes per family and state, request rates, drops. */
    private static void scheduleSummary(NodeConfig config, UdpTransport transport, DhtService service) {
        Duration every = config.logging().statsInterval();
        if (every.isZero() || every.isNegative()) {
            return;
        }
        long[] last = new long[3];
        transport.eventLoop().scheduleAtFixedRate(() -> {
            var c = service.counters();
            double secs = every.toMillis() / 1000.0;
            long in = c.requestsIn();
            long out = c.requestsOut();
            long drops = c.drops();
            LOG.info("nodes v4 {} good/{} dubious, v6 {} good/{} dubious; requests in {}/s out {}/s; drops {}",
                    service.counts4().good(), service.counts4().dubious(), service.counts6().good(),
                    service.counts6().dubious(), String.format("%.1f", (in - last[0]) / secs),
                    String.format("%.1f", (out - last[1]) / secs), drops - last[2]);
            last[0] = in;
            last[1] = out;
            last[2] = drops;
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
}
