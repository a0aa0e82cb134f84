package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.testing.LogCapture;
import net.landht.testing.ManualScheduler;
import net.landht.wire.Request;

/** A seed of a family the node has no socket for is skipped with one WARN, not silently. */
class UnreachableSeedTest {
    private final LogCapture log = LogCapture.of(Maintenance.class);
    /** An IPv4-only node (as with {@code --bind 127.0.0.1}). */
    private final CapturingSender ipv4Only = new CapturingSender(true, false);

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void anIpv6SeedWithoutAnIpv6SocketIsWarnedAboutOnceAndTheIpv4OneIsPinged() {
        ManualScheduler clock = new ManualScheduler();
        InetSocketAddress v6 = new InetSocketAddress("::1", 4222);
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 4222);
        InfoHash self = InfoHash.fromHex("8000000000000000000000000000000000000000");
        DhtService dht = new DhtService(NodeConfig.defaults(), self, ipv4Only, clock, clock, new SplittableRandom(7),
                () -> List.of(v6, v4));

        dht.bootstrap();
        dht.bootstrap();

        assertThat(log.messages(Level.WARN)).singleElement().asString()
                .contains("bootstrap node [::1]:4222 skipped: it is IPv6 and landht has no IPv6 socket")
                .contains("dht.ipv6");
        assertThat(ipv4Only.sent).extracting(CapturingSender.Sent::to).containsOnly(v4);
        assertThat(ipv4Only.take(Request.Ping.class)).isNotEmpty();
    }
}
