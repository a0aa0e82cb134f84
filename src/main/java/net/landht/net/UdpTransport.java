package net.landht.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * The UDP sockets of a node, on one Netty event loop thread that also owns the DHT state. Uses the native epoll
 * transport when available, NIO otherwise.
 *
 * <p>Sockets: with both families on their wildcard addresses, one IPv6 socket is bound to {@code [::]:port}; if the
 * kernel lets an IPv4 socket bind {@code 0.0.0.0:port} too, the IPv6 one is v6-only and both are kept, otherwise it
 * is dual-stack and serves IPv4 peers as v4-mapped addresses (reported as IPv4). Explicit addresses get one socket
 * each. Fact sheet §1. On a wildcard address with epoll, replies leave from the address the request reached
 * ({@link SourceSockets}); with NIO, from the address the kernel prefers.
 */
public final class UdpTransport implements DatagramSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);

    static {
        // Netty 4.2 registers its buffer-allocation JFR events when it first allocates, which loads the JFR
        // machinery: about half of the time to the first answered ping on a 2-core host (BENCHMARKS.md). Off unless
        // the operator asks for them with -Dio.netty.jfr.enabled=true; JDK events and JFR itself are unaffected.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        // Netty derives the "machine id" part of its channel ids from a MAC address and WARNs when the host has
        // none (a loopback-only namespace or container): a random one is as unique for landht's few channels.
        if (System.getProperty("io.netty.machineId") == null) {
            byte[] id = new byte[8];
            new java.security.SecureRandom().nextBytes(id);
            System.setProperty("io.netty.machineId", java.util.HexFormat.ofDelimiter(":").formatHex(id));
        }
    }
    /**
     * With epoll, datagrams are read {@value #BATCH_SLOTS} at a time with one recvmmsg call, each into a slot of
     * this size. OpenDHT keeps every datagram it sends below the Ethernet MTU (value parts of 1,280 data bytes,
     * fact sheet §1, §13), so a datagram that fills a whole slot can only be a truncated, oversized one and is
     * dropped ({@link #truncatedDatagrams()}).
     */
    private static final int BATCH_SLOT = 8_192;
    /** Datagrams per recvmmsg call (epoll). */
    private static final int BATCH_SLOTS = 8;
    /** Bytes of one read: a batch with epoll; with NIO, one datagram of up to 64 KiB and more fits. */
    private static final int READ_BUFFER = BATCH_SLOT * BATCH_SLOTS;
    /** Datagrams handled per wake-up before replies are flushed and other channels get a turn. */
    private static final int MAX_MESSAGES_PER_READ = 64;

    /** Receives datagrams on the event loop thread. */
    public interface Receiver {
        /**
         * One datagram. {@code data} is a fresh array owned by the receiver.
         *
         * @param from the sender, IPv4 for v4-mapped sources
         */
        void onDatagram(byte[] data, InetSocketAddress from);
    }

    /**
     * Where to listen.
     *
     * @param port  UDP port (0 = any)
     * @param bind4 IPv4 address, or null for no IPv4 socket
     * @param bind6 IPv6 address, or null for no IPv6 socket
     */
    public record Binding(int port, InetAddress bind4, InetAddress bind6) {
    }

    private final EventLoopGroup group;
    private final boolean epoll;
    private Channel channel4;
    private Channel channel6;
    private boolean dualStack;
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    /**
     * True on the event loop while a batch of received datagrams is handled: replies are then only written, and
     * flushed together (one sendmmsg) when the batch ends ({@code channelReadComplete}). Event loop only.
     */
    private boolean reading;
    /** Sockets written to during the current batch, to flush when it ends. Event loop only. */
    private final List<Channel> unflushed = new ArrayList<>(4);
    /** Per-address sockets for replies (null unless bound to a wildcard address with epoll). */
    private SourceSockets sources;

    public UdpTransport() {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, factory);
    }

    /** The single event loop that runs all DHT work. */
    public EventLoop eventLoop() {
        return group.next();
    }

    /** True when the native epoll transport is used. */
    public boolean isEpoll() {
        return epoll;
    }

    /**
     * Binds the sockets.
     *
     * @throws UdpBindException when an address cannot be bound (port in use, address not local, privileged port): the
     *     caller reports it ({@link BindFailure#describe}) and exits
     */
    public void bind(Binding b, Receiver receiver) throws InterruptedException {
        boolean wildcards = b.bind4() != null && b.bind6() != null && b.bind4().isAnyLocalAddress()
                && b.bind6().isAnyLocalAddress();
        if (wildcards) {
            channel6 = open(new InetSocketAddress(b.bind6(), b.port()), receiver);
            int port = ((InetSocketAddress) channel6.localAddress()).getPort();
            try {
                channel4 = open(new InetSocketAddress(b.bind4(), port), receiver);
            } catch (Exception e) {
                dualStack = true;
                LOG.debug("IPv4 served by the dual-stack IPv6 socket: {}", e.toString());
            }
        } else {
            if (b.bind4() != null) {
                channel4 = open(new InetSocketAddress(b.bind4(), b.port()), receiver);
            }
            if (b.bind6() != null) {
                int port = channel4 != null && b.port() == 0
                        ? ((InetSocketAddress) channel4.localAddress()).getPort() : b.port();
                channel6 = open(new InetSocketAddress(b.bind6(), port), receiver);
            }
        }
        answerFromReachedAddress(receiver);
    }

    /**
     * With epoll and a wildcard socket: sets it up to report each datagram's destination and to share its port with
     * the per-address sockets of {@link SourceSockets} ({@code SO_REUSEPORT}, set after the bind so that starting
     * next to another node on the port still fails).
     */
    private void answerFromReachedAddress(Receiver receiver) {
        if (!epoll) {
            return;
        }
        List<Channel> wildcards = new ArrayList<>();
        for (Channel ch : new Channel[] {channel4, channel6}) {
            if (ch != null && ((InetSocketAddress) ch.localAddress()).getAddress().isAnyLocalAddress()) {
                wildcards.add(ch);
            }
        }
        if (wildcards.isEmpty()) {
            return;
        }
        try {
            for (Channel ch : wildcards) {
                ch.config().setOption(EpollChannelOption.SO_REUSEPORT, true);
                ch.config().setOption(EpollChannelOption.IP_RECVORIGDSTADDR, true);
            }
        } catch (RuntimeException e) {
            LOG.debug("replies leave from the kernel's preferred address: {}", e.toString());
            return;
        }
        sources = new SourceSockets(port(), at -> bootstrap(at, receiver)
                .option(EpollChannelOption.SO_REUSEPORT, true).bind(at));
    }

    private Channel open(InetSocketAddress at, Receiver receiver) throws InterruptedException {
        Bootstrap bs = bootstrap(at, receiver);
        try {
            return bs.bind(at).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            throw new UdpBindException(at, e);
        }
    }

    private Bootstrap bootstrap(InetSocketAddress at, Receiver receiver) {
        SocketProtocolFamily family = at.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        Bootstrap bs = new Bootstrap().group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(READ_BUFFER).maxMessagesPerRead(MAX_MESSAGES_PER_READ))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        ByteBuf buf = p.content();
                        if (epoll && buf.readableBytes() >= BATCH_SLOT) {
                            truncated.increment();
                            return;
                        }
                        reading = true;
                        byte[] data = new byte[buf.readableBytes()];
                        buf.readBytes(data);
                        InetSocketAddress from = Addresses.unmap(p.sender());
                        if (sources != null && p.recipient() != null) {
                            sources.reached(from, p.recipient().getAddress());
                        }
                        try {
                            receiver.onDatagram(data, from);
                        } catch (RuntimeException | StackOverflowError e) {
                            // the receiver counts and logs its own failures; this is the last line of defence
                            handlerErrors.increment();
                            LOG.error("bug: the receiver threw on a datagram from {}; dropped", p.sender(), e);
                        }
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        reading = false;
                        flushUnflushed();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        if (cause instanceof java.io.IOException) {
                            // sends are written with the channel's void promise: a failed one ends up here
                            sendErrors.increment();
                            LOG.debug("socket error: {}", cause.toString());
                            return;
                        }
                        handlerErrors.increment();
                        LOG.error("bug: exception in the UDP pipeline; the socket stays open", cause);
                    }
                });
        if (epoll) {
            bs.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, BATCH_SLOT);
        }
        return bs;
    }

    /** Flushes the replies written during a batch of reads. Event loop only. */
    private void flushUnflushed() {
        for (Channel ch : unflushed) {
            ch.flush();
        }
        unflushed.clear();
    }

    /** The addresses actually bound. */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        if (channel4 != null) {
            out.add((InetSocketAddress) channel4.localAddress());
        }
        if (channel6 != null) {
            out.add((InetSocketAddress) channel6.localAddress());
        }
        return out;
    }

    /** The UDP port bound (the same for both families). */
    public int port() {
        return localAddresses().get(0).getPort();
    }

    /** True while every bound socket is open. */
    public boolean isOpen() {
        return (channel4 != null || channel6 != null) && (channel4 == null || channel4.isOpen())
                && (channel6 == null || channel6.isOpen());
    }

    @Override
    public boolean hasIpv4() {
        return channel4 != null || dualStack;
    }

    @Override
    public boolean hasIpv6() {
        return channel6 != null;
    }

    /** Exceptions that reached the socket's handler (bugs: each is logged at ERROR). */
    public long handlerErrors() {
        return handlerErrors.sum();
    }

    /** Datagrams dropped on receive because they filled a whole batch slot ({@value #BATCH_SLOT} bytes). */
    public long truncatedDatagrams() {
        return truncated.sum();
    }

    /**
     * Local addresses that got no reply socket of their own ({@link SourceSockets}: over its bound, or the bind
     * failed); replies to requests that reached them leave from the kernel's preferred address.
     */
    public long replySocketsRefused() {
        return sources == null ? 0 : sources.refused();
    }

    /** Peers whose reached address was forgotten because {@link SourceSockets#MAX_PEERS} were remembered. */
    public long replyAddressEvictions() {
        return sources == null ? 0 : sources.peerEvictions();
    }

    /** Datagrams that could not be handed to a socket. */
    public long sendErrors() {
        return sendErrors.sum();
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
        io.netty.channel.ChannelFuture bound = sources != null ? sources.socketFor(to) : null;
        if (bound != null && !bound.isDone()) {
            bound.addListener(f -> send(to, datagram)); // the first reply from a newly seen address
            return;
        }
        Channel ch = bound != null && bound.isSuccess() && bound.channel().isActive() ? bound.channel() : null;
        if (ch == null) {
            ch = to.getAddress() instanceof Inet4Address ? (channel4 != null ? channel4 : dualStack ? channel6 : null)
                    : channel6;
        }
        if (ch == null) {
            sendErrors.increment();
            return;
        }
        InetSocketAddress dest = ch == channel6 && to.getAddress() instanceof Inet4Address ? mapped(to) : to;
        // written straight into a pooled direct buffer: a wrapped heap array would be copied into one anyway
        // (epoll and NIO both send from direct memory), through two more wrapper objects per reply
        ByteBuf content = ch.alloc().directBuffer(datagram.length);
        content.writeBytes(datagram);
        DatagramPacket packet = new DatagramPacket(content, dest);
        if (reading && ch.eventLoop().inEventLoop()) {
            // answering a datagram of the current batch: flushed with the others when the batch ends
            ch.write(packet, ch.voidPromise());
            if (!unflushed.contains(ch)) {
                unflushed.add(ch);
            }
        } else {
            ch.writeAndFlush(packet, ch.voidPromise());
        }
    }

    private static InetSocketAddress mapped(InetSocketAddress a) {
        byte[] v4 = a.getAddress().getAddress();
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, b, 12, 4);
        try {
            return new InetSocketAddress(Inet6Address.getByAddress(null, b, -1), a.getPort());
        } catch (java.net.UnknownHostException e) {
            return a;
        }
    }

    /**
     * Closes the sockets and keeps the event loop running, so that components stopping after it (the last state
     * snapshot) see no more datagrams, and no request is acknowledged after its value was saved for the last time.
     * Idempotent.
     */
    public void closeSockets() {
        if (sources != null) {
            for (Channel ch : sources.channels()) {
                ch.close().awaitUninterruptibly();
            }
        }
        if (channel4 != null) {
            channel4.close().awaitUninterruptibly();
        }
        if (channel6 != null) {
            channel6.close().awaitUninterruptibly();
        }
    }

    @Override
    public void close() {
        closeSockets();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
