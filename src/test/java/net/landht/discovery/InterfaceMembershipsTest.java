package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The warning when discovery reaches no interface, and its pace. No socket is opened here (joining a group on the
 * host's interfaces would send IGMP reports onto its network): with no discovery socket nothing can be reached,
 * which is the case under test. Joins on real interfaces are tested in namespaces by PeerDiscoveryIT.
 */
class InterfaceMembershipsTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private final Logger logger = (Logger) LoggerFactory.getLogger(InterfaceMemberships.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final DiscoveryCounters counters = new DiscoveryCounters();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private long warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("reaches no network interface")).count();
    }

    @Test
    void reachingNoInterfaceWarnsAtOnceThenAtMostOnceAnHour() {
        InterfaceMemberships m = new InterfaceMemberships(List.of(), List.of(), counters);
        m.update(List.of(), 0, true);
        assertThat(warnings()).isEqualTo(1);
        m.update(List.of(), HOUR / 2, false);
        m.update(List.of(), HOUR - 1, false);
        assertThat(warnings()).isEqualTo(1);
        m.update(List.of(), HOUR, false);
        assertThat(warnings()).isEqualTo(2);
        assertThat(counters.interfacesInUse()).isZero();
    }

    @Test
    void theWarningNamesTheConfiguredInterfacesWhenThereAreSome() {
        InterfaceMemberships m = new InterfaceMemberships(List.of("eth7"), List.of(), counters);
        m.update(List.of(), 0, true);
        assertThat(appender.list).anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("none of [eth7] is up"));
        assertThat(appender.list).anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("[eth7] named in discovery.interfaces not found or down"));
    }

    @Test
    void theFirstReadingIsLoggedEvenWhenEmpty() {
        new InterfaceMemberships(List.of(), List.of(), counters).update(List.of(), 0, true);
        assertThat(appender.list).anyMatch(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().startsWith("peer discovery on UDP"));
    }
}
