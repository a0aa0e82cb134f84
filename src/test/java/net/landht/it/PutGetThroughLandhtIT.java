package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.landht.it.support.BootstrapNode;
import net.landht.it.support.Cleanup;
import net.landht.it.support.ItLogs;
import net.landht.it.support.NodeUnderTest;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Two OpenDHT peers whose only common contact is landht exchange a plain value. */
class PutGetThroughLandhtIT {

    private static final Duration CONNECT = Duration.ofSeconds(30);

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
    void valuePutByOnePeerIsReadByAnotherAndStoredOnLandht(TestInfo test) {
        Path logs = ItLogs.dir(test);
        BootstrapNode landht = cleanup.add(NodeUnderTest.start(logs, List.of("127.0.0.1"), List.of()));
        List<PythonPeer> peers = Swarm.start(cleanup, logs, 2, PythonPeer.Options.of(landht.hostPort()));
        Swarm.awaitAllHoldAsGood(peers, landht.nodeId(), false, CONNECT);
        String key = Swarm.randomKey();
        String text = "landht-it-" + Swarm.randomKey().substring(0, 8);

        assertThat(peers.get(0).put(key, text)).as("put reported done and ok").isTrue();

        assertThat(peers.get(1).get(key)).as("values the other peer gets").contains(text);
        Swarm.assertStores(landht.address(), key, text);
    }

    @Test
    void listenerIsNotifiedOfAValuePutByAnotherPeer(TestInfo test) {
        Path logs = ItLogs.dir(test);
        BootstrapNode landht = cleanup.add(NodeUnderTest.start(logs, List.of("127.0.0.1"), List.of()));
        List<PythonPeer> peers = Swarm.start(cleanup, logs, 2, PythonPeer.Options.of(landht.hostPort()));
        Swarm.awaitAllHoldAsGood(peers, landht.nodeId(), false, CONNECT);
        String key = Swarm.randomKey();
        String text = "landht-it-" + Swarm.randomKey().substring(0, 8);
        peers.get(1).listen(key);

        assertThat(peers.get(0).put(key, text)).as("put reported done and ok").isTrue();

        await("the listening peer is notified").atMost(CONNECT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(peers.get(1).pushedValues()).contains(text));
    }
}
