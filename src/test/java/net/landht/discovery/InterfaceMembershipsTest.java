package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import net.landht.testing.LogCapture;

/**
 * The warning when discovery reaches no interface, and its pace. No socket is opened here (joining a group on the
 * host's interfaces would send IGMP reports onto its network): with no discovery socket nothing can be reached,
 * which is the case under test. Joins on real interfaces are tested in namespaces by PeerDiscoveryIT.
 */
class InterfaceMembershipsTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private final LogCapture log = LogCapture.of(InterfaceMemberships.class);
    private final DiscoveryCounters counters = new DiscoveryCounters();

    @AfterEach
    void release() {
        log.close();
    }

    private long warnings() {
        return log.messages(Level.WARN).stream().filter(m -> m.contains("reaches no network interface")).count();
    }

    @Test
    void reachingNoInterfaceWarnsAtOnceThenAtMostOnceAnHour() {
        InterfaceMemberships memberships = new InterfaceMemberships(List.of(), List.of(), counters);
        memberships.update(List.of(), 0, true);
        assertThat(warnings()).isEqualTo(1);
        memberships.update(List.of(), HOUR / 2, false);
        memberships.update(List.of(), HOUR - 1, false);
        assertThat(warnings()).isEqualTo(1);
        memberships.update(List.of(), HOUR, false);
        assertThat(warnings()).isEqualTo(2);
        assertThat(counters.interfacesInUse()).isZero();
    }

    @Test
    void theWarningNamesTheConfiguredInterfacesWhenThereAreSome() {
        InterfaceMemberships memberships = new InterfaceMemberships(List.of("eth7"), List.of(), counters);
        memberships.update(List.of(), 0, true);
        assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("none of [eth7] is up"))
                .anyMatch(m -> m.contains("[eth7] named in discovery.interfaces not found or down"));
    }

    @Test
    void theFirstReadingIsLoggedEvenWhenEmpty() {
        new InterfaceMemberships(List.of(), List.of(), counters).update(List.of(), 0, true);
        assertThat(log.messages(Level.INFO)).anyMatch(m -> m.startsWith("peer discovery on UDP"));
    }
}
