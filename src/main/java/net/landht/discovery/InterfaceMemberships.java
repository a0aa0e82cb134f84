package net.landht.discovery;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.net.LogThrottle;

/**
 * Keeps the discovery sockets joined to their group on the interfaces to use, from each new reading of the host's
 * interfaces: the ones named in {@code discovery.interfaces}, or when none are named every up interface with the
 * {@code MULTICAST} flag ({@link LocalInterface#select}), or when none has it the kernel's default multicast route,
 * as OpenDHT joins (src/peer_discovery.cpp). Logs the memberships when they change, warns about named interfaces that
 * are missing, and warns when discovery reaches no interface at all: at once, then at most once per
 * {@link #NO_INTERFACE_WARNING} while it lasts. Publishes the number of memberships per family to
 * {@link DiscoveryCounters}. Discovery thread only.
 */
final class InterfaceMemberships {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceMemberships.class);

    /** Least time between two warnings that discovery reaches no interface. */
    static final Duration NO_INTERFACE_WARNING = Duration.ofHours(1);

    private final List<String> names;
    private final List<MulticastChannel> channels;
    private final DiscoveryCounters counters;
    private List<LocalInterface> selected = List.of();
    private boolean defaultRoute;
    private List<String> missingWarned = List.of();
    private String lastSummary = "";
    private LogThrottle noInterfaceLog;

    /**
     * @param names    {@code discovery.interfaces}: interface names, or empty for the automatic choice
     * @param channels the open discovery sockets (one per family)
     * @param counters where the membership gauge goes
     */
    InterfaceMemberships(List<String> names, List<MulticastChannel> channels, DiscoveryCounters counters) {
        this.names = List.copyOf(names);
        this.channels = channels;
        this.counters = counters;
    }

    /**
     * Brings the memberships in line with {@code all}, the host's interfaces now.
     *
     * @param nowNanos monotonic time, for the warning's pace
     * @param initial  true for the first reading (the memberships are logged whatever they are)
     * @return true when the memberships changed (the caller announces again)
     */
    boolean update(List<LocalInterface> all, long nowNanos, boolean initial) {
        warnMissing(all);
        List<LocalInterface> current = LocalInterface.select(all, names);
        boolean viaDefault = names.isEmpty() && current.isEmpty();
        if (initial || !current.equals(selected) || viaDefault != defaultRoute) {
            selected = current;
            defaultRoute = viaDefault;
            for (MulticastChannel ch : channels) {
                ch.updateMemberships(current);
            }
        }
        if (viaDefault) {
            for (MulticastChannel ch : channels) {
                ch.useDefaultRoute(true); // retried at every reading until a multicast route exists
            }
        }
        String summary = summary();
        boolean changed = !summary.equals(lastSummary);
        lastSummary = summary;
        if (initial || changed) {
            LOG.info("peer discovery {}UDP {}: {}", initial ? "on " : "interfaces changed, ",
                    channels.isEmpty() ? 0 : channels.get(0).group().getPort(), summary);
        }
        publishGauge();
        warnIfNowhere(nowNanos);
        return changed && !initial;
    }

    /** {@code 239.192.0.1 on [eth0], ff08:0:0:0:0:0:0:101 on [eth0]}. */
    private String summary() {
        StringBuilder sb = new StringBuilder();
        for (MulticastChannel ch : channels) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(ch.group().getAddress().getHostAddress()).append(" on ").append(ch.joinedNames());
        }
        return sb.toString();
    }

    private void publishGauge() {
        int v4 = 0;
        int v6 = 0;
        for (MulticastChannel ch : channels) {
            if (ch.isIpv6()) {
                v6 += ch.joinedCount();
            } else {
                v4 += ch.joinedCount();
            }
        }
        counters.interfacesInUse(v4, v6);
    }

    private void warnMissing(List<LocalInterface> all) {
        List<String> missing = LocalInterface.missing(all, names);
        if (!missing.equals(missingWarned)) {
            if (!missing.isEmpty()) {
                LOG.warn("peer discovery: interface(s) {} named in discovery.interfaces not found or down", missing);
            }
            missingWarned = missing;
        }
    }

    private void warnIfNowhere(long nowNanos) {
        if (counters.interfacesInUse() > 0) {
            if (noInterfaceLog != null) {
                LOG.info("peer discovery reaches an interface again");
                noInterfaceLog = null;
            }
            return;
        }
        if (noInterfaceLog == null) {
            noInterfaceLog = new LogThrottle(NO_INTERFACE_WARNING);
        }
        if (noInterfaceLog.admit(nowNanos) >= 0) {
            LOG.warn("peer discovery is on but reaches no network interface, so no local peer can find this node: "
                    + "{} (check that an interface is up with multicast on and an address, e.g. `ip link set DEV "
                    + "multicast on`, or a multicast route such as `ip route add 224.0.0.0/4 dev DEV`; "
                    + "discovery.interfaces names the interfaces to use){}", names.isEmpty()
                    ? "no interface is up with the MULTICAST flag and the default multicast route cannot be joined"
                    : "none of " + names + " is up with an address", " [repeated at most once an hour]");
        }
    }
}
