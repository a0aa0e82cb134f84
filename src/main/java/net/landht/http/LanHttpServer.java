package net.landht.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;

import net.landht.config.NodeConfig;
import net.landht.net.Addresses;
import net.landht.net.BindFailure;
import net.landht.net.ServerBindException;
import net.landht.net.Cidr;

/**
 * The LAN-facing HTTP/1.1 server ({@code http.bind:http.port}, {@code [::]:8000} by default): one thread of its own,
 * apart from the DHT's event loop; the services behind {@link HttpRouter} reach the DHT only through
 * {@code DhtClient}. A new connection is admitted by the allow-list and the connection bounds
 * ({@link ConnectionGate}) or closed at once; then Netty's decoder (request line and header bounds) and an
 * {@link HttpConnection} (body bound, pipelining, timers) serve it.
 *
 * <p>If the port cannot be bound the node does not start (as for the ops endpoint): an admin who left it on expects
 * phones to reach it. Turn it off with {@code http.enabled: false} or {@code --no-http}.
 */
public final class LanHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LanHttpServer.class);
    /**
     * The kernel's send buffer per connection. Fixed, so Linux does not grow it (up to 4 MiB by default) for a reader
     * that stopped reading: without it 1,000 dead listen streams held 650 MB in the kernel before landht's own
     * bounds ({@link HttpLimits#maxQueuedBytes}) saw a byte waiting. Ample for values of at most 64 KiB on a LAN.
     */
    static final int SEND_BUFFER_BYTES = 64 * 1024;
    /** The wildcard that means "every interface, both families". */
    private static final String ALL_INTERFACES = "::";

    private final EventLoopGroup group;
    private final Channel server;
    private final HttpCounters counters;
    private final ServerContext shared;

    private LanHttpServer(InetSocketAddress at, HttpRouter router, HttpLimits limits, List<Cidr> allow,
                          HttpCounters counters) throws InterruptedException {
        this.counters = counters;
        ConnectionGate gate = new ConnectionGate(allow, limits.maxConnections(), limits.maxConnectionsPerSource());
        this.shared = new ServerContext(router, limits, counters, new AtomicLong(), new AtomicLong());
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes()).setMaxChunkSize(8192);
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("landht-http", true),
                NioIoHandler.newFactory());
        ServerBootstrap bs = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InetAddress source = ch.remoteAddress().getAddress();
                        HttpCounters.Refusal refused = gate.admit(source);
                        if (refused != null) {
                            counters.refuse(refused);
                            LOG.debug("HTTP connection from {} refused: {}", source, refused);
                            ch.close();
                            return;
                        }
                        counters.connectionOpened();
                        ch.closeFuture().addListener(f -> {
                            gate.release(source);
                            counters.connectionClosed();
                        });
                        HttpConnection connection = new HttpConnection(shared);
                        ch.pipeline().addLast(connection.rawBytes(),
                                new HttpServerCodec(decoder, HeldRequests.maxRequestsInFlight(limits)), connection);
                    }
                });
        Channel ch;
        try {
            ch = bs.bind(at).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            throw e;
        }
        this.server = ch;
    }

    /**
     * Binds {@code at} and serves {@code router}.
     *
     * @throws ServerBindException when the address cannot be bound
     */
    public static LanHttpServer open(InetSocketAddress at, HttpRouter router, HttpLimits limits, List<Cidr> allow,
                                     HttpCounters counters) {
        try {
            return new LanHttpServer(at, router, limits, allow, counters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerBindException("interrupted while binding HTTP " + Addresses.hostPort(at), e);
        } catch (Exception e) {
            throw new ServerBindException("cannot serve the LAN HTTP service (DHT proxy) on " + BindFailure.describe("TCP",
                    at, e, "http.bind / --http-bind", "http.port / --http-port")
                    + " (or turn it off: http.enabled: false / --no-http)", e);
        }
    }

    /**
     * Serves {@code router} as {@code http} configures, with the allow-list {@code allow}. The default bind
     * {@code ::} falls back to {@code 0.0.0.0} on a host without IPv6.
     *
     * @throws ServerBindException when the address cannot be bound or is not an address
     */
    public static LanHttpServer open(NodeConfig.Http http, List<Cidr> allow, HttpRouter router, HttpLimits limits,
                                     HttpCounters counters) {
        InetSocketAddress at;
        try {
            at = new InetSocketAddress(InetAddress.getByName(http.bind()), http.port());
        } catch (UnknownHostException e) {
            throw new ServerBindException("cannot serve HTTP on " + http.bind() + ": not an address (http.bind)", e);
        }
        try {
            return open(at, router, limits, allow, counters);
        } catch (ServerBindException e) {
            if (!http.bind().equals(ALL_INTERFACES) || BindFailure.of(e) == BindFailure.IN_USE
                    || BindFailure.of(e) == BindFailure.PRIVILEGED) {
                throw e;
            }
            LOG.info("HTTP: cannot bind [::] ({}), trying 0.0.0.0", e.getCause().getMessage());
            return open(new InetSocketAddress(http.port()), router, limits, allow, counters);
        }
    }

    /** The address actually bound (its port is the real one when the port asked was 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    public HttpCounters counters() {
        return counters;
    }

    /** Request bytes held now on all connections ({@link HttpLimits#maxHeldRequestBytes}). */
    public long heldRequestBytes() {
        return shared.heldTotal().get();
    }

    /** Stops accepting, closes every connection (their close listeners run), stops the thread. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

}
