package net.landht.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * Answers from the address a request reached, on a host with several addresses (two VLANs, an alias, 127.0.0.2)
 * whose DHT socket is bound to a wildcard address: a reply from the kernel's preferred address instead is dropped by
 * the peer's stateful firewall, or not matched by its OpenDHT node. The wildcard socket reports each datagram's
 * destination ({@code IP_RECVORIGDSTADDR}, epoll only); for each local address seen there, one more socket is bound
 * to that address and the DHT port ({@code SO_REUSEPORT} on both: the kernel then delivers to the more specific
 * one; unlike {@code SO_REUSEADDR} it lets only processes of the same user share the port, so another local user
 * cannot bind a local address and port of ours), and datagrams to a peer leave by the socket of the address that
 * peer last reached.
 *
 * <p>Bounds: {@link #MAX_SOCKETS} addresses (only local addresses can be reached, but 127.0.0.0/8 is a lot of them;
 * past the bound the wildcard socket answers, counted in {@link #refused()}); {@link #MAX_PEERS} remembered peers
 * (least recently used forgotten, counted in {@link #peerEvictions()}). Link-local IPv6 and v4-mapped destinations
 * are left to the wildcard socket. Event loop only, but for the counters.
 */
final class SourceSockets {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSockets.class);

    /** Most local addresses given a socket of their own. */
    static final int MAX_SOCKETS = 64;
    /** Most peers whose reached address is remembered. */
    static final int MAX_PEERS = 16_384;

    private final int port;
    private final Function<InetSocketAddress, ChannelFuture> binder;
    private final Map<InetAddress, ChannelFuture> sockets = new HashMap<>();
    private final BoundedLruMap<InetSocketAddress, InetAddress> reached = new BoundedLruMap<>(MAX_PEERS);
    private final LongAdder refused = new LongAdder();

    /**
     * @param port   the DHT port, which every socket binds
     * @param binder binds a socket with {@code SO_REUSEPORT} to an address and port, on the event loop
     */
    SourceSockets(int port, Function<InetSocketAddress, ChannelFuture> binder) {
        this.port = port;
        this.binder = binder;
    }

    /**
     * A datagram from {@code from} reached the local address {@code to} (null when unknown): remembered for the
     * replies, and a socket bound to {@code to} if it has none yet.
     */
    void reached(InetSocketAddress from, InetAddress to) {
        if (!usable(to)) {
            return;
        }
        if (!sockets.containsKey(to) && !open(to)) {
            return;
        }
        reached.put(from, to);
    }

    /**
     * The socket to send to {@code to} from: the bind of the address it last reached (maybe not done yet: Netty
     * registers and binds in a later task of the loop; then the caller sends once it is), or null for the default.
     */
    ChannelFuture socketFor(InetSocketAddress to) {
        InetAddress local = reached.get(to);
        return local == null ? null : sockets.get(local);
    }

    private static boolean usable(InetAddress a) {
        if (a == null || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        return a instanceof Inet4Address || (a instanceof Inet6Address v6 && !v6.isLinkLocalAddress()
                && !v6.isIPv4CompatibleAddress());
    }

    /** Starts binding a socket to {@code local}. */
    private boolean open(InetAddress local) {
        if (sockets.size() >= MAX_SOCKETS) {
            refused.increment();
            return false;
        }
        ChannelFuture f = binder.apply(new InetSocketAddress(local, port));
        sockets.put(local, f);
        f.addListener(done -> {
            if (done.isSuccess()) {
                LOG.debug("replies to requests that reach {} leave from it", local.getHostAddress());
            } else {
                refused.increment();
                LOG.debug("cannot bind {}:{} to answer from it: {}", local.getHostAddress(), port,
                        done.cause().toString());
            }
        });
        return true;
    }

    /** The sockets opened so far (to flush and close them with the others). */
    List<Channel> channels() {
        List<Channel> out = new ArrayList<>();
        for (ChannelFuture f : sockets.values()) {
            out.add(f.channel());
        }
        return out;
    }

    /** Local addresses that got no socket of their own (over the bound, or their bind failed). */
    long refused() {
        return refused.sum();
    }

    /** Peers forgotten because {@link #MAX_PEERS} were remembered. */
    long peerEvictions() {
        return reached.evictions();
    }
}
