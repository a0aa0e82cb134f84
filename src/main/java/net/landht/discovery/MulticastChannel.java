package net.landht.discovery;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One family's discovery socket: bound to the discovery port on the wildcard address with {@code SO_REUSEADDR}
 * (Jami or a dhtnode on the same host bind it too), joined to the group on each selected interface, non-blocking and
 * registered with the discovery thread's selector. Multicast goes out on each joined interface in turn
 * ({@code IP_MULTICAST_IF}), with the system's default TTL/hop limit of 1 and loopback on, as OpenDHT's socket.
 * When no interface qualifies it can instead join by the kernel's default multicast route, naming no interface,
 * as OpenDHT always does ({@link #useDefaultRoute}). Joins and leaves are logged at INFO.
 * OpenDHT: src/peer_discovery.cpp {@code DomainPeerDiscovery}. Discovery thread only.
 */
final class MulticastChannel implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MulticastChannel.class);

    /** Organization-local IPv4 group. OpenDHT: src/peer_discovery.cpp MULTICAST_ADDRESS_IPV4. */
    static final String GROUP4 = "239.192.0.1";
    /** Organization-local IPv6 group. OpenDHT: src/peer_discovery.cpp MULTICAST_ADDRESS_IPV6. */
    static final String GROUP6 = "ff08::101";
    /** How {@link #joinedNames()} names a membership by the kernel's default multicast route. */
    static final String DEFAULT_ROUTE = "default route";

    private record Membership(LocalInterface iface, NetworkInterface ni, MembershipKey key) {
    }

    private final boolean ipv6;
    private final InetSocketAddress group;
    private final Selector selector;
    private DatagramChannel channel;
    private final Map<String, Membership> joined = new LinkedHashMap<>();
    /** Joined by the default multicast route (no interface named); exclusive with {@link #joined}. */
    private boolean defaultJoined;
    /** Whether {@code IP_MULTICAST_IF} was ever set on {@link #channel} (it cannot be unset). */
    private boolean multicastIfSet;

    private MulticastChannel(boolean ipv6, InetSocketAddress group, Selector selector) {
        this.ipv6 = ipv6;
        this.group = group;
        this.selector = selector;
    }

    /** Opens, binds and registers the socket (not yet joined anywhere). */
    static MulticastChannel open(boolean ipv6, int port, Selector selector) throws IOException {
        InetAddress g = InetAddress.getByName(ipv6 ? GROUP6 : GROUP4);
        MulticastChannel mc = new MulticastChannel(ipv6, new InetSocketAddress(g, port), selector);
        mc.channel = mc.bindNew();
        return mc;
    }

    private DatagramChannel bindNew() throws IOException {
        DatagramChannel ch = DatagramChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(ipv6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"),
                    group.getPort()));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, this);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    boolean isIpv6() {
        return ipv6;
    }

    String familyName() {
        return ipv6 ? "IPv6" : "IPv4";
    }

    InetSocketAddress group() {
        return group;
    }

    /** Names of the interfaces the group is joined on ({@value #DEFAULT_ROUTE} when joined by the default route). */
    List<String> joinedNames() {
        return defaultJoined ? List.of(DEFAULT_ROUTE) : new ArrayList<>(joined.keySet());
    }

    /** How many interfaces the group is joined on (1 by the default route). */
    int joinedCount() {
        return defaultJoined ? 1 : joined.size();
    }

    /**
     * Joins the group by the kernel's default multicast route (naming no interface, as OpenDHT's socket does), or
     * leaves it. Only while no interface is joined by name. A join that fails (no multicast route) is logged at
     * DEBUG and retried at the next call: the caller warns when no interface is reached at all.
     */
    void useDefaultRoute(boolean on) {
        if (on == defaultJoined || (on && !joined.isEmpty())) {
            return;
        }
        try {
            if (on) {
                if (multicastIfSet) {
                    reopen(); // sends would keep naming the interface last set
                }
                channel.socket().joinGroup(group, null);
                defaultJoined = true;
                LOG.info("peer discovery joined {} by the default multicast route", groupName());
            } else {
                defaultJoined = false;
                channel.socket().leaveGroup(group, null);
                LOG.info("peer discovery left {} on the default multicast route", groupName());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("peer discovery cannot {} {} by the default multicast route: {}", on ? "join" : "leave",
                    groupName(), e.toString());
        }
    }

    /** Replaces the socket with a fresh one (no membership, no multicast interface set). */
    private void reopen() throws IOException {
        DatagramChannel fresh = bindNew();
        joined.clear();
        channel.close();
        channel = fresh;
        multicastIfSet = false;
    }

    private String groupName() {
        return group.getAddress().getHostAddress();
    }

    /**
     * Leaves the group on interfaces no longer selected (or changed), joins it on the new ones that have an address
     * of this family. A join that fails is logged and retried at the next change.
     */
    void updateMemberships(List<LocalInterface> selected) {
        if (defaultJoined && !selected.isEmpty()) {
            useDefaultRoute(false);
        }
        Map<String, LocalInterface> wanted = new LinkedHashMap<>();
        for (LocalInterface i : selected) {
            if (ipv6 ? i.hasIpv6() : i.hasIpv4()) {
                wanted.put(i.name(), i);
            }
        }
        joined.entrySet().removeIf(e -> {
            LocalInterface now = wanted.get(e.getKey());
            if (now != null && now.equals(e.getValue().iface()) && e.getValue().key().isValid()) {
                return false;
            }
            e.getValue().key().drop();
            LOG.info("peer discovery left {} on {}", groupName(), e.getKey());
            return true;
        });
        for (LocalInterface i : wanted.values()) {
            if (joined.containsKey(i.name())) {
                continue;
            }
            try {
                NetworkInterface ni = NetworkInterface.getByIndex(i.index());
                if (ni == null || !ni.getName().equals(i.name())) {
                    LOG.debug("{} interface {} vanished before joining {}", familyName(), i.name(), group);
                    continue;
                }
                joined.put(i.name(), new Membership(i, ni, channel.join(group.getAddress(), ni)));
                LOG.info("peer discovery joined {} on {}", groupName(), i.name());
            } catch (IOException | RuntimeException e) {
                LOG.info("peer discovery cannot join {} on {}: {}", groupName(), i.name(), e.toString());
            }
        }
    }

    /**
     * Sends {@code datagram} to the group once on every joined interface (once by the default route when joined so).
     *
     * @return the number of interfaces it could not be sent on
     */
    int sendToGroup(byte[] datagram) {
        if (defaultJoined) {
            try {
                return channel.send(ByteBuffer.wrap(datagram), group) == 0 ? 1 : 0;
            } catch (IOException | RuntimeException e) {
                LOG.debug("multicast by the default route failed: {}", e.toString());
                return 1;
            }
        }
        int failed = 0;
        for (Membership m : joined.values()) {
            try {
                multicastIfSet = true;
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, m.ni());
                if (channel.send(ByteBuffer.wrap(datagram), group) == 0) {
                    failed++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("multicast on {} failed: {}", m.iface().name(), e.toString());
                failed++;
            }
        }
        return failed;
    }

    /** Sends {@code datagram} by unicast; false when the socket could not take it. */
    boolean sendTo(InetSocketAddress to, byte[] datagram) {
        try {
            return channel.send(ByteBuffer.wrap(datagram), to) > 0;
        } catch (IOException | RuntimeException e) {
            LOG.debug("unicast to {} failed: {}", to, e.toString());
            return false;
        }
    }

    /** Reads one datagram into {@code buf} (cleared first); null when none is waiting. */
    InetSocketAddress receive(ByteBuffer buf) throws IOException {
        buf.clear();
        return (InetSocketAddress) channel.receive(buf);
    }

    @Override
    public void close() throws IOException {
        joined.clear();
        defaultJoined = false;
        channel.close();
    }
}
