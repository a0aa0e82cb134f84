package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.landht.NodeRuntime;
import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;

class PeerDiscoveryTest {

    @Test
    void whenDisabledItOpensNothingAndClosesQuietly() {
        NodeConfig d = NodeConfig.defaults();
        NodeConfig off = new NodeConfig(d.dht(), d.storage(), d.persistence(),
                new NodeConfig.Discovery(false, 8888, List.of()), d.ops(), d.limits(), d.logging());
        // no transport, DHT or event loop: a disabled discovery must not touch them
        NodeRuntime rt = new NodeRuntime(off, "test", InfoHash.ZERO, null, null, null, Clock.systemUTC(),
                new Random(1));
        try (PeerDiscovery pd = PeerDiscovery.start(rt)) {
            assertThat(pd.isRunning()).isFalse();
            assertThat(pd.counters().announcementsSent()).isZero();
        }
    }

    @Test
    void aV4MappedSourceIsSeenAsIpv4() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 7}, -1), 8888);
        assertThat(mapped.getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(PeerDiscovery.sender(mapped)).isEqualTo(new InetSocketAddress("10.0.0.7", 8888));
        InetSocketAddress v6 = new InetSocketAddress("fd00::7", 8888);
        assertThat(PeerDiscovery.sender(v6)).isSameAs(v6);
    }

    @Test
    void anUnspecifiedSourceIsThisHostsLoopback() {
        assertThat(PeerDiscovery.sender(new InetSocketAddress("0.0.0.0", 8888)))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 8888));
        assertThat(PeerDiscovery.sender(new InetSocketAddress("::", 8888)))
                .isEqualTo(new InetSocketAddress("::1", 8888));
    }
}
