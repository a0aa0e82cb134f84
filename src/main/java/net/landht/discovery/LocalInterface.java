package net.landht.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * What peer discovery needs to know of a network interface, as a value: two snapshots are equal when nothing that
 * matters (state, flags, addresses) changed.
 *
 * @param name      interface name ({@code eth0})
 * @param index     kernel interface index
 * @param up        whether it is up
 * @param loopback  whether it is a loopback interface
 * @param multicast whether it supports multicast
 * @param virtual   whether it is a sub-interface (alias)
 * @param addresses its addresses, sorted by text
 */
record LocalInterface(String name, int index, boolean up, boolean loopback, boolean multicast, boolean virtual,
                      List<InetAddress> addresses) {
    LocalInterface {
        addresses = List.copyOf(addresses);
    }

    boolean hasIpv4() {
        return addresses.stream().anyMatch(a -> a instanceof Inet4Address);
    }

    boolean hasIpv6() {
        return addresses.stream().anyMatch(a -> a instanceof Inet6Address);
    }

    /** Every interface of this host (top-level ones; aliases are part of their parent). */
    static List<LocalInterface> all() throws SocketException {
        List<LocalInterface> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            out.add(of(ni));
        }
        return out;
    }

    static LocalInterface of(NetworkInterface ni) throws SocketException {
        List<InetAddress> addrs = new ArrayList<>();
        for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
            if (ia != null && ia.getAddress() != null) {
                addrs.add(ia.getAddress());
            }
        }
        addrs.sort(Comparator.comparing(InetAddress::getHostAddress));
        return new LocalInterface(ni.getName(), ni.getIndex(), ni.isUp(), ni.isLoopback(), ni.supportsMulticast(),
                ni.isVirtual(), addrs);
    }

    /**
     * The interfaces to announce on [discovery.interfaces]: the named ones that exist and are up (in the order
     * named), or, when none are named, every up interface with the {@code MULTICAST} flag that is not an alias,
     * loopback included when it has the flag (an empty answer then means: use the kernel's default multicast route,
     * as OpenDHT does, which joins without naming an interface). OpenDHT: src/peer_discovery.cpp.
     */
    static List<LocalInterface> select(List<LocalInterface> all, List<String> names) {
        List<LocalInterface> out = new ArrayList<>();
        if (names.isEmpty()) {
            for (LocalInterface i : all) {
                if (i.up() && i.multicast() && !i.virtual()) {
                    out.add(i);
                }
            }
            out.sort(Comparator.comparing(LocalInterface::name));
            return out;
        }
        for (String n : names) {
            for (LocalInterface i : all) {
                if (i.name().equals(n) && i.up()) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /** The named interfaces that do not exist or are down. */
    static List<String> missing(List<LocalInterface> all, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (all.stream().noneMatch(i -> i.name().equals(n) && i.up())) {
                out.add(n);
            }
        }
        return out;
    }
}
