package net.landht.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.landht.it.support.BootstrapNode;
import net.landht.it.support.DhtnodeProcess;
import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.NodeUnderTest;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** landht started with {@code --bootstrap} of a real dhtnode learns that node's neighbours. */
class SeededByDhtnodeIT {

    private static final int NEIGHBOURS = 3;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** The setup may wait longer for the seed than landht is given (see {@link #MIN_HANDED_OUT}). */
    private static final Duration SEED_SETTLE = Duration.ofSeconds(90);
    /**
     * A dhtnode verifies a node that only pinged it when one of its maintenance finds, sent to a random node of a
     * bucket every 5–25 s, reaches it; so all of them may take minutes. Landht must learn those the seed hands out.
     */
    private static final int MIN_HANDED_OUT = 2;

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void landhtLearnsTheNeighboursOfTheDhtnodeItBootstrapsFrom() {
        Path logs = it.logs();
        DhtnodeProcess seed = it.add(DhtnodeProcess.isolated(logs, "seed", FreePorts.udp()));
        List<DhtnodeProcess> neighbours = new ArrayList<>();
        for (int i = 0; i < NEIGHBOURS; i++) {
            neighbours.add(it.add(
                    DhtnodeProcess.start(logs, "dhtnode" + i, FreePorts.udp(), seed.hostPort(), 0, false)));
        }
        Map<String, Integer> neighbourPorts = new LinkedHashMap<>();
        neighbours.forEach(n -> neighbourPorts.put(n.nodeId(), n.address().getPort()));
        // Precondition, or the test would prove nothing: the seed itself hands out at least MIN_HANDED_OUT of them.
        Set<String> handedOut = await("the seed dhtnode hands out " + MIN_HANDED_OUT + " of its " + NEIGHBOURS
                + " neighbours").atMost(SEED_SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> Swarm.heldAsGood(seed.address(), neighbourPorts), held -> held.size() >= MIN_HANDED_OUT);
        Map<String, Integer> expected = new LinkedHashMap<>();
        handedOut.forEach(id -> expected.put(id, neighbourPorts.get(id)));

        BootstrapNode landht = it.add(
                NodeUnderTest.start(logs, List.of("127.0.0.1"), List.of(seed.hostPort())));

        expected.put(seed.nodeId(), seed.address().getPort());
        await("landht holds the seed and its neighbours as good").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(landht.address(), expected));
    }
}
