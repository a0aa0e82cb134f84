package net.landht.ops;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import net.landht.NodeRuntime;
import net.landht.cli.ManifestVersion;
import net.landht.dht.DhtCounters;
import net.landht.discovery.PeerDiscovery;
import net.landht.net.Addresses;
import net.landht.net.BindFailure;
import net.landht.net.ServerBindException;
import net.landht.persist.StatePersistence;

/**
 * The operations HTTP endpoint: {@code GET /health}, {@code /metrics} (Prometheus text), {@code /stats} (JSON) and
 * the status page at {@code /} ({@link StatusRoutes}) on {@code ops.bind:ops.port} (127.0.0.1:8422 by default),
 * served by one thread of its own, apart from the DHT's event loop, whose state it reads only through tasks posted
 * to that loop. That thread also samples the request and reply counters every {@link RateHistory#INTERVAL} for the
 * page's chart.
 *
 * <p>If the port cannot be bound the node does not start (exit status 1): an admin who left the endpoint on expects
 * health checks and scrapes to work, and a container's HEALTHCHECK would otherwise fail with no clear reason. Turn
 * it off with {@code ops.enabled: false} or {@code --no-ops}.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    /** Longest wait for the DHT's event loop to hand over a snapshot. */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(1);
    /** Open connections beyond this are closed at once. */
    static final int MAX_CONNECTIONS = 64;
    /** A connection that sends nothing for this long is closed. */
    static final int IDLE_SECONDS = 30;
    /** Largest request body accepted: only admin imports carry one (a name's line is ~2 KiB). */
    private static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel server;
    private final OpsMetrics metrics;
    private int connections;  // ops thread only

    private OpsServer(NodeRuntime rt, PeerDiscovery discovery, StatePersistence state, List<OpsSection> sections,
                      LanStatusPage lan, InetSocketAddress at) throws InterruptedException {
        String version = ManifestVersion.version();
        Snapshots snapshots = new Snapshots(rt.loop(), rt.dht(), rt.clock(), SNAPSHOT_TIMEOUT);
        this.metrics = new OpsMetrics(rt, discovery, state, snapshots, version, sections);
        StatsDocument stats = new StatsDocument(rt, version, sections);
        RateHistory history = new RateHistory(RateHistory.CAPACITY);
        StatusJson status = new StatusJson(stats, rt.config().http(), history);
        OpsHandler handler = new OpsHandler(rt.transport()::isOpen, snapshots, metrics, stats,
                sections.stream().map(OpsSection::admin).filter(java.util.Objects::nonNull).toList(),
                new StatusRoutes(snapshots, status, StatusRoutes.OPS_PAGE));
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("landht-ops", true),
                NioIoHandler.newFactory());
        DhtCounters counters = rt.dht().counters();
        group.scheduleAtFixedRate(() -> history.record(rt.clock().millis(), counters.requestsIn(),
                counters.sent(DhtCounters.Kind.REPLY)), 0, RateHistory.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        ServerBootstrap bs = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections >= MAX_CONNECTIONS) {
                            LOG.debug("ops: {} connections open, closing the one from {}", connections,
                                    ch.remoteAddress());
                            ch.close();
                            return;
                        }
                        connections++;
                        ch.closeFuture().addListener(f -> connections--);
                        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS), new HttpServerCodec(),
                                new HttpServerKeepAliveHandler(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                handler);
                    }
                });
        Channel ch;
        try {
            ch = bs.bind(at).sync().channel();
        } catch (Exception e) {
            shutdown(group);
            metrics.close();
            throw e;
        }
        this.server = ch;
        status.opsBound((InetSocketAddress) ch.localAddress());
        if (lan != null) {
            lan.attach(new StatusRoutes(snapshots, status, LanStatusPage.PATH), group.next());
        }
    }

    /**
     * Starts the endpoint as configured, or returns a no-op when {@code ops.enabled} is false.
     *
     * @param discovery the node's peer discovery, for its counters (a stopped one when it is off)
     * @param state     the node's persistence, for its counters and file sizes
     * @param sections  what other services add to /metrics and /stats (the LAN HTTP server, the proxy)
     * @param lan       the status page on the LAN HTTP port, served from now on, or null when it is off
     * @throws OpsBindException when the address cannot be bound
     */
    public static AutoCloseable start(NodeRuntime rt, PeerDiscovery discovery, StatePersistence state,
                                      List<OpsSection> sections, LanStatusPage lan) {
        if (!rt.config().ops().enabled()) {
            LOG.info("ops HTTP endpoint off (ops.enabled: false)");
            return () -> { };
        }
        OpsServer s = open(rt, discovery, state, sections, lan);
        LOG.info("ops HTTP on http://{} (status page at /; /health, /metrics, /stats)",
                Addresses.hostPort(s.localAddress()));
        return s;
    }

    /** Like {@link #start} without other services' sections and without the LAN status page. */
    public static AutoCloseable start(NodeRuntime rt, PeerDiscovery discovery, StatePersistence state) {
        return start(rt, discovery, state, List.of(), null);
    }

    /** Binds {@code ops.bind:ops.port} whatever {@code ops.enabled} says. */
    static OpsServer open(NodeRuntime rt, PeerDiscovery discovery, StatePersistence state) {
        return open(rt, discovery, state, List.of(), null);
    }

    /**
     * Binds {@code ops.bind:ops.port} whatever {@code ops.enabled} says, with other services' sections and the LAN
     * status page (or null).
     */
    static OpsServer open(NodeRuntime rt, PeerDiscovery discovery, StatePersistence state,
                          List<OpsSection> sections, LanStatusPage lan) {
        String bind = rt.config().ops().bind();
        int port = rt.config().ops().port();
        String where = (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
        InetSocketAddress at;
        try {
            at = new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            throw new OpsBindException("cannot serve ops HTTP on " + where + ": not an address (ops.bind)", e);
        }
        try {
            return new OpsServer(rt, discovery, state, sections, lan, at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsBindException("interrupted while binding the ops HTTP endpoint " + where, e);
        } catch (Exception e) {
            throw new OpsBindException("cannot serve ops HTTP on " + BindFailure.describe("TCP", at, e, "ops.bind",
                    "ops.port / --ops-port") + " (or turn the endpoint off: ops.enabled: false / --no-ops)", e);
        }
    }

    /** The address actually bound (its port is the real one when {@code ops.port} is 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdown(group);
        metrics.close();
    }

    private static void shutdown(EventLoopGroup g) {
        g.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** The endpoint could not be bound; the message names the address and what to change. */
    public static final class OpsBindException extends ServerBindException {
        private static final long serialVersionUID = 1L;

        OpsBindException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
