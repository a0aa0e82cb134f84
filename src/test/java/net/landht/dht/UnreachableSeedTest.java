package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.net.DatagramSender;
import net.landht.testing.ManualScheduler;
import net.landht.wire.Request;

/** A seed of a family the node has no socket for is skipped with one WARN, not silently. */
class UnreachableSeedTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Maintenance.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final CapturingSender captured = new CapturingSender();
    /** An IPv4-only node (as with {@code --bind 127.0.0.1}). */
    private final DatagramSender ipv4Only = new DatagramSender() {
        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            captured.send(to, datagram);
        }

        @Override
        public boolean hasIpv4() {
            return true;
        }

        @Override
        public boolean hasIpv6() {
            return false;
        }
    };

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void anIpv6SeedWithoutAnIpv6SocketIsWarnedAboutOnceAndTheIpv4OneIsPinged() {
        ManualScheduler clock = new ManualScheduler();
        InetSocketAddress v6 = new InetSocketAddress("::1", 4222);
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 4222);
        InfoHash self = InfoHash.fromHex("8000000000000000000000000000000000000000");
        DhtService dht = new DhtService(NodeConfig.defaults(), self, ipv4Only, clock, clock, new SplittableRandom(7), () -> List.of(v6, v4));

        dht.bootstrap();
        dht.bootstrap();

        assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("bootstrap node [::1]:4222 skipped: it is IPv6 and landht has no IPv6 socket")
                .contains("dht.ipv6");
        assertThat(captured.sent).extracting(CapturingSender.Sent::to).containsOnly(v4);
        assertThat(captured.take(Request.Ping.class)).isNotEmpty();
    }
}
