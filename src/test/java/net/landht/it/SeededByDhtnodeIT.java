package net.landht.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.landht.it.support.BootstrapNode;
import net.landht.it.support.Cleanup;
import net.landht.it.support.DhtnodeProcess;
import net.landht.it.support.FreePorts;
import net.landht.it.support.ItLogs;
import net.landht.it.support.NodeUnderTest;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** landht started with {@code --bootstrap} of a real dhtnode learns that node's neighbours. */
class SeededByDhtnodeIT {

    private static final int NEIGHBOURS = 3;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * dhtnode verifies nodes that merely pinged it only in its maintenance rounds (seen: 22 s after start for the
     * first one, some runs over 30 s), so the setup may wait longer than landht is given.
     */
    private static final Duration SEED_SETTLE = Duration.ofSeconds(90);

    private final Cleanup cleanup = new Cleanup();

    @BeforeAll
    static void tools() {
        Prerequisites.requireAll();
    }

    @AfterEach
    void stopProcesses() {
        cleanup.close();
    }

    @Test
    void landhtLearnsTheNeighboursOfTheDhtnodeItBootstrapsFrom(TestInfo test) {
        Path logs = ItLogs.dir(test);
        DhtnodeProcess seed = cleanup.add(DhtnodeProcess.isolated(logs, "seed", FreePorts.udp()));
        List<DhtnodeProcess> neighbours = new ArrayList<>();
        for (int i = 0; i < NEIGHBOURS; i++) {
            neighbours.add(cleanup.add(
                    DhtnodeProcess.start(logs, "dhtnode" + i, FreePorts.udp(), seed.hostPort(), 0, false)));
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        neighbours.forEach(n -> expected.put(n.nodeId(), n.address().getPort()));
        // Precondition, or the test would prove nothing: the seed itself hands its neighbours out.
        await("the seed dhtnode holds its neighbours as good").atMost(SEED_SETTLE).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(seed.address(), expected));

        BootstrapNode landht = cleanup.add(
                NodeUnderTest.start(logs, List.of("127.0.0.1"), List.of(seed.hostPort())));

        expected.put(seed.nodeId(), seed.address().getPort());
        await("landht holds the seed and its neighbours as good").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(landht.address(), expected));
    }
}
