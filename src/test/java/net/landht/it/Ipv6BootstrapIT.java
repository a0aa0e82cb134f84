package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import net.landht.it.support.BootstrapNode;
import net.landht.it.support.ItFixture;
import net.landht.it.support.NodeUnderTest;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** landht bound to ::1 only: IPv6 peers bootstrap from it, find each other and exchange a value. */
class Ipv6BootstrapIT {

    private static final int PEERS = 4;
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final ItFixture it = ItFixture.withIpv6Loopback();

    @Test
    void ipv6PeersBootstrappedOnlyFromLandhtFindEachOther() {
        BootstrapNode landht = it.add(NodeUnderTest.start(it.logs(), List.of("::1"), List.of()));
        List<PythonPeer> peers = Swarm.joinOneByOne(it.cleanup(), it.logs(), PEERS,
                PythonPeer.Options.of(landht.hostPort()).ipv6(true), PEERS - 1, BootstrapSwarmIT.PER_PEER);
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();

        await("each peer knows all others over IPv6").atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertEachKnowsOthers(peers, PEERS - 1, true));
        await("landht holds all peers as good in n6").atMost(BootstrapSwarmIT.left(deadline))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(landht.address(), Swarm.idsAndPorts(peers)));
    }

    @Test
    void valuePutOverIpv6IsReadByAnotherPeerAndStoredOnLandht() {
        BootstrapNode landht = it.add(NodeUnderTest.start(it.logs(), List.of("::1"), List.of()));
        List<PythonPeer> peers = it.peersConnectedTo(landht, 2, true, CONVERGENCE);
        String key = Swarm.randomKey();
        String text = "landht-it6-" + Swarm.randomKey().substring(0, 8);

        assertThat(peers.get(0).put(key, text)).as("put reported done and ok").isTrue();

        assertThat(peers.get(1).get(key)).as("values the other peer gets").contains(text);
        Swarm.assertStores(landht.address(), key, text);
    }
}
