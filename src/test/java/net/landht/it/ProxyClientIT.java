package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.DhtnodeCli;
import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;

/**
 * OpenDHT's own DHT proxy client, Debian's {@code dhtnode --proxyclient http://127.0.0.1:PORT} (2.4.12), driven
 * through its console against landht's proxy, with a plain UDP OpenDHT node (python3-opendht) bootstrapped to
 * landht on the other side (issue 11, acceptance): what the proxy client puts the UDP node gets, and the reverse;
 * its listen receives the UDP node's put within a second; its signed put verifies on the UDP side.
 */
class ProxyClientIT {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration OPERATION = Duration.ofSeconds(20);

    @RegisterExtension
    final ItFixture it = new ItFixture();

    private record Setup(LandhtProcess landht, PythonPeer peer, DhtnodeCli client) {
    }

    private Setup start(boolean identity) {
        int httpPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).httpPort(httpPort).start());
        PythonPeer peer = it.peerConnectedTo(landht, CONNECT);
        DhtnodeCli client = it.add(DhtnodeCli.proxyClient(it.logs(), "proxyclient",
                "http://127.0.0.1:" + httpPort, identity));
        return new Setup(landht, peer, client);
    }

    private static String log(LandhtProcess landht) throws java.io.IOException {
        return java.nio.file.Files.readString(landht.logFile(), StandardCharsets.ISO_8859_1);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValueTheProxyClientPutsIsGotByAUdpNode() {
        Setup s = start(false);
        String key = Swarm.randomKey();
        s.client().send("p " + key + " from-the-proxy-client");
        s.client().awaitLine(l -> l.contains("Put: success"), "a successful put", OPERATION);
        await().atMost(OPERATION).until(() -> s.peer().get(key).contains("from-the-proxy-client"));
    }

    @Test
    void aValueAUdpNodePutsIsGotByTheProxyClient() {
        Setup s = start(false);
        String key = Swarm.randomKey();
        assertThat(s.peer().put(key, "from-the-udp-node")).isTrue();
        s.client().send("g " + key);
        s.client().awaitLine(l -> l.contains(hex("from-the-udp-node")) || l.contains("from-the-udp-node"),
                "the UDP node's value", OPERATION);
    }

    @Test
    void theProxyClientsListenReceivesAUdpPutWithinASecond() {
        Setup s = start(false);
        String key = Swarm.randomKey();
        s.client().send("l " + key);
        s.client().awaitLine(l -> l.contains("Listening"), "the listen started", OPERATION);
        // "Listening" is printed before the request is sent: wait until landht has the listen
        await().atMost(OPERATION).until(() -> log(s.landht()).contains("proxy listen " + key));
        assertThat(s.peer().put(key, "wake-up-listener")).isTrue();
        s.client().awaitLine(l -> l.contains(hex("wake-up-listener")) || l.contains("wake-up-listener"),
                "the UDP node's put on the listen", Duration.ofSeconds(1));
    }

    @Test
    void aSignedPutThroughTheProxyVerifiesOnTheUdpSide() {
        Setup s = start(true);
        String key = Swarm.randomKey();
        s.client().send("s " + key + " signed-through-proxy");
        s.client().awaitLine(l -> l.contains("Put signed: success"), "a successful signed put", OPERATION);
        await().atMost(OPERATION).until(() -> s.peer().getValues(key).stream()
                .anyMatch(v -> v.path("data").asText().equals("signed-through-proxy")));
        JsonNode v = s.peer().getValues(key).stream()
                .filter(x -> x.path("data").asText().equals("signed-through-proxy")).findFirst().orElseThrow();
        assertThat(v.path("signed").asBoolean()).as("signed, per OpenDHT's SecureDht: %s", v).isTrue();
    }
}
