package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.Hex;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.Swarm;

/**
 * landht's DHT proxy in front of a real swarm (issue 11, acceptance "values live on other nodes"): landht as users run
 * it, its HTTP proxy on loopback, and eight real OpenDHT 2.4.12 nodes (python3-opendht) bootstrapped from it. The
 * peers' ids lie in the lower half of the id space and landht's in the upper half, so for a key in the lower half all
 * eight peers are closer than landht: the proxy must search the network, not answer from its own store.
 *
 * <p>Unlike {@link DhtClientIT} (ten peers), the value the proxy must find is not put by a peer: an OpenDHT put goes
 * to the 8 closest nodes its search found (TARGET_NODES, OpenDHT src/search.h), and with eight peers those are the
 * seven other peers plus landht. The test puts it with a raw UDP client on the two peers closest to the key instead,
 * so exactly those hold it.
 */
class ProxySwarmIT {
    private static final int PEERS = 8;
    private static final Duration CONNECT = Duration.ofSeconds(40);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);
    private static final String LANDHT_ID = "c0ffee0000000000000000000000000000000002";
    /** Type 5 (ICE candidates) expires after one minute on OpenDHT nodes (value/TypeRules, OpenDHT default_types). */
    private static final int SHORT_LIVED_TYPE = 5;
    private static final Duration TYPE_EXPIRY_AND_MARGIN = Duration.ofSeconds(65);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @RegisterExtension
    final ItFixture it = ItFixture.requiring(Prerequisites::requirePythonOpendht);

    private LandhtProcess landht;
    private List<PythonPeer> peers;
    private String proxy;
    private String metrics;

    @BeforeEach
    void startSwarm() {
        int httpPort = FreePorts.tcp();
        int opsPort = FreePorts.tcp();
        landht = it.add(LandhtProcess.builder(it.logs()).httpPort(httpPort).opsPort(opsPort)
                .args("--node-id", LANDHT_ID).start());
        assertThat(landht.nodeId()).isEqualTo(LANDHT_ID);
        proxy = "http://127.0.0.1:" + httpPort;
        metrics = "http://127.0.0.1:" + opsPort + "/metrics";
        peers = Swarm.startInLowerHalf(it.cleanup(), it.logs(), PEERS, PythonPeer.Options.of(landht.hostPort()));
        Swarm.awaitAllHoldAsGood(peers, LANDHT_ID, false, CONNECT);
        await("the peers know each other").atMost(CONNECT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> Swarm.assertEachKnowsOthers(peers, PEERS - 1, false));
        await("landht holds every peer as good").atMost(CONNECT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(landht.address(), Swarm.idsAndPorts(peers)));
    }

    @Test
    void aGetThroughTheProxyReturnsAValueOnlyOtherNodesHold() throws Exception {
        String key = Swarm.lowerHalfKey();
        String text = "held-elsewhere-" + key.substring(0, 8);
        List<PythonPeer> holders = putOnClosestPeers(key, text, 2);
        holders.forEach(p -> Swarm.assertStores(p.address(), key, text));
        assertThat(valuesOnLandht(key)).as("landht's own store").isEmpty();

        long t0 = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(proxy + "/key/" + key)).GET());
        System.out.printf("ProxySwarmIT: GET /key answered after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(r.statusCode()).as("GET /key/%s: %s", key, r.body()).isEqualTo(200);
        assertThat(dataOfLines(r.body())).containsExactly(text);
    }

    @Test
    void aPermanentPutThroughTheProxyIsStillGotByARealPeerAfterItsTypesExpiry() throws Exception {
        String key = Swarm.lowerHalfKey();
        String text = "permanent-" + key.substring(0, 8);
        ObjectNode body = valueJson(text, SHORT_LIVED_TYPE).put("permanent", true);

        JsonNode answer = post(key, body);
        assertThat(valuesOnLandht(key)).as("landht is far from the key: it does not store it").isEmpty();
        assertThat(peers.get(PEERS - 1).get(key)).as("a peer's get right after the put").contains(text);
        ItFixture.sleep(TYPE_EXPIRY_AND_MARGIN);

        assertThat(peers.get(3).get(key)).as("a peer's get after the type's expiry").contains(text);
        assertThat(FuzzIT.metrics(metrics).value("landht_client_events_total", "event", "reannounce"))
                .as("landht announced it again").isGreaterThanOrEqualTo(1);
        assertThat(answer.path("id").asText()).isNotEqualTo("0");
    }

    @Test
    void aPlainPutThroughTheProxyIsGotByARealPeerAndAnswersADecimalId() throws Exception {
        String key = Swarm.lowerHalfKey();
        String text = "put-through-proxy-" + key.substring(0, 8);

        JsonNode answer = post(key, valueJson(text, 0));

        JsonNode id = answer.path("id");
        assertThat(id.isTextual()).as("id is a JSON string: %s", answer).isTrue();
        assertThat(id.asText()).matches("[1-9][0-9]{0,19}");
        assertThat(new BigInteger(id.asText())).isLessThan(BigInteger.ONE.shiftLeft(64));
        assertThat(valuesOnLandht(key)).as("landht is far from the key: it does not store it").isEmpty();
        List<JsonNode> got = peers.get(5).getValues(key);
        assertThat(got).extracting(v -> v.path("data").asText()).containsExactly(text);
        assertThat(got.get(0).path("id").asText()).as("the id the peer sees").isEqualTo(id.asText());
    }

    private static ObjectNode valueJson(String text, int type) {
        ObjectNode v = JSON.createObjectNode();
        v.put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        v.put("type", type);
        return v;
    }

    /** POSTs {@code body} to {@code /key/{key}}; returns the answer's JSON once it is 200. */
    private JsonNode post(String key, ObjectNode body) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(proxy + "/key/" + key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        System.out.printf("ProxySwarmIT: POST /key answered after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(r.statusCode()).as("POST /key/%s: %s", key, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data (UTF-8) of each JSON line of a chunked get answer. */
    private static List<String> dataOfLines(String body) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                byte[] data = Base64.getDecoder().decode(JSON.readTree(line).path("data").asText());
                out.add(new String(data, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** What landht answers a raw UDP get with: only values in its own store (a node answers from its storage). */
    private List<byte[]> valuesOnLandht(String key) {
        try (RawDhtClient client = RawDhtClient.forTarget(landht.address()).asClient()) {
            RawDhtClient.Reply reply = client.get(landht.address(), Hex.decode(key));
            assertThat(reply.isError()).as("landht's answer to a get: %s", reply).isFalse();
            return reply.valueData();
        }
    }

    /** Puts a plain value with a raw UDP client on the {@code n} peers closest to {@code key} (and nowhere else). */
    private List<PythonPeer> putOnClosestPeers(String key, String text, int n) {
        BigInteger k = new BigInteger(key, 16);
        List<PythonPeer> closest = peers.stream()
                .sorted(Comparator.comparing((PythonPeer p) -> new BigInteger(p.nodeId(), 16).xor(k)))
                .limit(n).toList();
        byte[] packed = RawValues.plain(0x5eed0000L + text.hashCode(), 0, text.getBytes(StandardCharsets.UTF_8),
                null);
        try (RawDhtClient client = new RawDhtClient(false, 0).asClient()) {
            for (PythonPeer p : closest) {
                RawDhtClient.Reply token = client.get(p.address(), Hex.decode(key));
                RawDhtClient.Reply put = client.put(p.address(), Hex.decode(key), token.token(), packed);
                assertThat(put.isError()).as("%s's answer to the raw put: %s", p, put).isFalse();
            }
        }
        return closest;
    }
}
