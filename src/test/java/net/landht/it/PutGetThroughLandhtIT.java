package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import net.landht.it.support.BootstrapNode;
import net.landht.it.support.ItFixture;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two OpenDHT peers whose only common contact is landht exchange a plain value. */
class PutGetThroughLandhtIT {

    private static final Duration CONNECT = Duration.ofSeconds(30);

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void valuePutByOnePeerIsReadByAnotherAndStoredOnLandht() {
        BootstrapNode landht = it.landhtOnLoopback();
        List<PythonPeer> peers = it.peersConnectedTo(landht, 2, false, CONNECT);
        String key = Swarm.randomKey();
        String text = "landht-it-" + Swarm.randomKey().substring(0, 8);

        assertThat(peers.get(0).put(key, text)).as("put reported done and ok").isTrue();

        assertThat(peers.get(1).get(key)).as("values the other peer gets").contains(text);
        Swarm.assertStores(landht.address(), key, text);
    }

    @Test
    void listenerIsNotifiedOfAValuePutByAnotherPeer() {
        BootstrapNode landht = it.landhtOnLoopback();
        List<PythonPeer> peers = it.peersConnectedTo(landht, 2, false, CONNECT);
        String key = Swarm.randomKey();
        String text = "landht-it-" + Swarm.randomKey().substring(0, 8);
        peers.get(1).listen(key);

        assertThat(peers.get(0).put(key, text)).as("put reported done and ok").isTrue();

        await("the listening peer is notified").atMost(CONNECT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(peers.get(1).pushedValues()).contains(text));
    }
}
