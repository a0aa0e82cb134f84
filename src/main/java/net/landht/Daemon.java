package net.landht;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import sun.misc.Signal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.config.NodeConfig;
import net.landht.config.Seed;
import net.landht.config.Seeds;
import net.landht.dht.DhtService;
import net.landht.http.HttpCounters;
import net.landht.id.InfoHash;
import net.landht.net.Addresses;
import net.landht.net.BindFailure;
import net.landht.net.EventLoopScheduler;
import net.landht.net.UdpBindException;
import net.landht.net.UdpTransport;
import net.landht.ops.HttpSection;
import net.landht.ops.LanStatusPage;
import net.landht.ops.ProxySection;
import net.landht.ops.PushSection;
import net.landht.persist.NodeIdFile;
import net.landht.persist.StateLock;
import net.landht.persist.StatePersistence;
import net.landht.proxy.ProxyCounters;
import net.landht.push.PushCounters;

/**
 * Wires every component of a running node from a {@link NodeConfig}: UDP transport, DHT, seeds, periodic summary,
 * peer discovery, the name server, the LAN HTTP service (DHT proxy, names), the ops endpoint, and a graceful shutdown on SIGTERM/SIGINT.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Longest a second stop request waits for the one under way (systemd's default stop timeout is 90 s). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

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
        // caught from the start: a stop asked for while the saved state loads is carried out once the node is up,
        // with its final save, instead of killing the JVM half way
        AtomicReference<String> stopCause = new AtomicReference<>();
        CountDownLatch stopRequested = catchStopSignals(stopCause);
        RandomGenerator random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        StateLock lock = null;
        if (config.persistence().enabled()) {
            try {
                lock = StateLock.acquire(config.persistence().stateDir());
            } catch (IllegalStateException e) {
                LOG.error("cannot start: {}", e.getMessage());
                return 1;
            }
        }
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
            LOG.error("cannot bind {}", e instanceof UdpBindException b ? BindFailure.describe("UDP",
                    b.address(), b.getCause(), b.address().getAddress() instanceof java.net.Inet6Address
                            ? "dht.bind6 / --bind" : "dht.bind4 / --bind", "dht.port / --port")
                    : "the UDP sockets: " + e);
            transport.close();
            if (lock != null) {
                lock.close();
            }
            return 1;
        }
        List<Seed> seedList = Seeds.parseAll(config.dht().bootstrap());
        SeedResolver seeds = new SeedResolver(seedList);
        StatePersistence state = StatePersistence.open(config);
        DhtService service = new DhtService(config, id, transport, new EventLoopScheduler(transport.eventLoop()),
                clock, random, seeds::addresses, state.journal());
        service.client().setLocalAddresses(transport::localAddresses);
        NodeRuntime rt = new NodeRuntime(config, configSource, id, transport, service, transport.eventLoop(), clock,
                random);
        // Components close in reverse order of this list at shutdown.
        Deque<AutoCloseable> components = new ArrayDeque<>();
        if (lock != null) {
            components.push(lock);
        }
        components.push(seeds);
        try {
            components.push(state.start(rt)); // queues the restore on the loop before the DHT serves anything
            transport.eventLoop().submit(() -> {
                dht.set(service);
                service.start();
            }).sync();
            seeds.start(() -> transport.eventLoop().execute(service::bootstrap));
            HttpCounters httpCounters = new HttpCounters();
            ProxyCounters proxyCounters = new ProxyCounters(clock.millis());
            PushCounters pushCounters = new PushCounters();
            components.push(SummaryLog.start(rt, LanHttp.summary(rt, httpCounters, proxyCounters)));
            net.landht.discovery.PeerDiscovery discovery = net.landht.discovery.PeerDiscovery.start(rt);
            components.push(discovery);
            Names names = Names.start(rt);
            components.push(names);
            LanStatusPage lanStatus = config.http().statusPage() ? new LanStatusPage() : null;
            components.push(LanHttp.start(rt, service.client(), httpCounters, proxyCounters, pushCounters,
                    names.routes(), lanStatus));
            components.push(net.landht.ops.OpsServer.start(rt, discovery, state,
                    List.of(new HttpSection(httpCounters), new ProxySection(proxyCounters),
                            new PushSection(pushCounters), names.section(rt)), lanStatus));
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.toString());
            closeAll(components, rt);
            return 1;
        }
        LOG.info("landht started: node id {}, network {}, UDP {} ({}), seeds {}, peer discovery {}, state {}, "
                + "config: {}", id, config.dht().networkId(), Addresses.hostPorts(transport.localAddresses()),
                transport.isEpoll() ? "epoll" : "nio", seedList.isEmpty() ? "none" : seedList,
                config.discovery().enabled() ? "on" : "off", config.persistence().enabled()
                        ? config.persistence().stateDir().toAbsolutePath() : "not kept", configSource);
        awaitStop(stopRequested, stopCause, components, rt);
        return 0;
    }

    /**
     * Makes SIGTERM, SIGINT and SIGHUP (a closed terminal; landht has nothing to reload) count the latch down, the
     * first one naming itself in {@code cause} ({@link #signalCause}).
     */
    private static CountDownLatch catchStopSignals(AtomicReference<String> cause) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT", "HUP")) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    cause.compareAndSet(null, signalCause(name));
                    stopRequested.countDown();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return stopRequested;
    }

    /**
     * Waits for a stop signal ({@link #catchStopSignals}), then stops in order and returns, so a clean stop exits 0.
     * A shutdown hook covers every other way the JVM may end; if the stop is already running it waits for it (up to
     * {@link #STOP_WAIT}), so the final snapshot is not cut short.
     */
    private static void awaitStop(CountDownLatch stopRequested, AtomicReference<String> cause,
                                  Deque<AutoCloseable> components, NodeRuntime rt) {
        Runnable stop = new StopOnce(() -> {
            cause.compareAndSet(null, JVM_SHUTDOWN);
            LOG.info("landht stopping: {}", cause.get());
            closeAll(components, rt);
            LOG.info("landht stopped");
        }, STOP_WAIT);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "landht-shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.run();
    }

    /** Why the node stops when the JVM ends without a stop signal. */
    static final String JVM_SHUTDOWN = "the JVM is shutting down (System.exit, or a signal landht does not catch)";

    /** Why the node stops, for the stop line: {@code SIGTERM received (systemctl stop, docker stop, kill)}. */
    static String signalCause(String signal) {
        String hint = switch (signal) {
            case "TERM" -> " (systemctl stop, docker stop, kill)";
            case "INT" -> " (Ctrl-C)";
            case "HUP" -> " (the terminal was closed; landht has nothing to reload)";
            default -> "";
        };
        return "SIG" + signal + " received" + hint;
    }

    /**
     * Closes the DHT sockets first, so nothing is received or acknowledged after that and the state's final snapshot
     * holds every acknowledged value; then the components (newest first), the DHT's timers, and the event loop.
     */
    private static void closeAll(Deque<AutoCloseable> components, NodeRuntime rt) {
        rt.transport().closeSockets();
        while (!components.isEmpty()) {
            AutoCloseable c = components.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        rt.loop().submit(rt.dht()::stop).awaitUninterruptibly(2, TimeUnit.SECONDS);
        rt.transport().close();
    }

    private static UdpTransport.Binding binding(NodeConfig config) throws UnknownHostException {
        NodeConfig.Dht d = config.dht();
        InetAddress v4 = d.ipv4() ? InetAddress.getByName(d.bind4()) : null;
        InetAddress v6 = d.ipv6() ? InetAddress.getByName(d.bind6()) : null;
        return new UdpTransport.Binding(d.port(), v4, v6);
    }
}
