package net.landht.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import net.landht.it.support.BootstrapNode;
import net.landht.it.support.ItFixture;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Twelve real OpenDHT peers whose only bootstrap is landht (IPv4 loopback) form one swarm through it: within 30 s
 * of the last one joining, each knows at least 10 of the others, and landht holds all 12 as good. Peers join one
 * after the other, each once it has learned the peers before it ({@link Swarm#joinOneByOne} says why).
 *
 * <p>What it takes, measured on loopback with python3-opendht 2.4.12 peers: a newcomer learns the swarm from the
 * bootstrap's answer to its first search, so a bootstrap that returns only the 8 closest good nodes (OpenDHT's
 * {@code SEND_NODES}) leaves peers at 8 of 11, and stock dhtnode reaches only 5–6 of 11 after 45 s (it also makes
 * newcomers good only in its maintenance rounds): this test fails in the reference run
 * ({@code -Dlandht.it.reference=dhtnode}) by design. A bootstrap that pings newcomers back at once and returns more
 * good nodes (receivers accept any number of whole 26-byte records) gets every peer to 11 of 11.
 */
class BootstrapSwarmIT {

    private static final int PEERS = 12;
    private static final int MIN_KNOWN = 10;
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);
    /** How long a newcomer may take to learn the peers before it (its first search runs 3–5 s after start). */
    static final Duration PER_PEER = Duration.ofSeconds(15);

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void peersBootstrappedOnlyFromLandhtFindEachOtherAndLandhtHoldsThemAllAsGood() {
        BootstrapNode landht = it.landhtOnLoopback();
        List<PythonPeer> peers = Swarm.joinOneByOne(it.cleanup(), it.logs(), PEERS,
                PythonPeer.Options.of(landht.hostPort()), MIN_KNOWN, PER_PEER);
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();

        await("each peer knows " + MIN_KNOWN + " of the others").atMost(CONVERGENCE)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertEachKnowsOthers(peers, MIN_KNOWN, false));
        await("landht holds all " + PEERS + " peers as good").atMost(left(deadline))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(landht.address(), Swarm.idsAndPorts(peers)));
    }

    /** What remains of the shared deadline (at least a moment for one last check). */
    static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(deadlineNanos - System.nanoTime(), Duration.ofMillis(1500).toNanos()));
    }
}
