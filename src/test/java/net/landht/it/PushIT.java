package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.DhtnodeCli;
import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import net.landht.push.RecordingGateway;
import net.landht.push.WebPushReceiver;
import net.landht.testing.HttpWire;

/**
 * Push notifications end to end (issue 12, acceptance), on loopback: landht with {@code --push-server} pointed at a
 * recording gateway the test runs; subscriptions from Debian's {@code dhtnode --proxyclient --devicekey} (2.4.12)
 * or, for UnifiedPush (which 2.4's client cannot ask for), the captured SUBSCRIBE requests replayed over HTTP; a
 * plain UDP OpenDHT node (python3-opendht) bootstrapped to landht puts the values.
 */
class PushIT {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration OPERATION = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ItFixture it = new ItFixture();

    private RecordingGateway gateway;
    private LandhtProcess landht;
    private PythonPeer peer;
    private int httpPort;
    private int opsPort;

    @BeforeEach
    void start() throws Exception {
        gateway = new RecordingGateway();
        httpPort = FreePorts.tcp();
        opsPort = FreePorts.tcp();
        landht = it.add(LandhtProcess.builder(it.logs()).httpPort(httpPort).opsPort(opsPort)
                .args("--push-server", gateway.url()).start());
        peer = it.peerConnectedTo(landht, CONNECT);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private int openSubscriptions() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + opsPort + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        int n = 0;
        for (JsonNode v : JSON.readTree(r.body()).findValue("subscriptions_open")) {
            n += v.asInt();
        }
        return n;
    }

    private HttpWire.Response call(String method, String key, String json) {
        return request(method, "/key/" + key, json);
    }

    private HttpWire.Response request(String method, String path, String json) {
        try (HttpWire c = HttpWire.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort))) {
            return c.send(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort + "\r\nAccept: */*\r\n"
                    + "Content-Type: application/json\r\nContent-Length: "
                    + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json).read();
        }
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void aUdpPutOnAKeyDhtnodesProxyClientSubscribedPostsTheGorushFormWithinASecond() throws Exception {
        DhtnodeCli client = it.add(DhtnodeCli.proxyClient(it.logs(), "proxyclient", "http://127.0.0.1:" + httpPort,
                false, "--devicekey", "tok-dhtnode"));
        String key = Swarm.randomKey();
        client.send("l " + key);
        await().atMost(OPERATION).until(() -> openSubscriptions() == 1);
        long before = System.currentTimeMillis();
        long sent = System.nanoTime();
        assertThat(peer.put(key, "wake-up")).isTrue();
        long acked = System.nanoTime();
        // the wait is longer than the bound, so that a slow push fails on its measured latency, not on a timeout
        await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.requests("/api/push").isEmpty());
        RecordingGateway.Request req = gateway.requests("/api/push").get(0);
        Duration fromSend = Duration.ofNanos(req.receivedNanos() - sent);
        Duration fromAck = Duration.ofNanos(req.receivedNanos() - acked);
        System.out.printf("PushIT: gorush POST %d ms after the UDP put was sent, %d ms after it was acknowledged%n",
                fromSend.toMillis(), fromAck.toMillis());
        // issue 12: "within 1 s" of the UDP put; measured from before the peer sent it (its search included), an
        // upper bound of landht's own latency
        assertThat(fromSend).as("from the UDP put sent to gorush's POST received (%d ms after the peer's put was"
                + " acknowledged)", fromAck.toMillis()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        JsonNode n = json(req.text()).get("notifications").get(0);
        // the shape of proxy-vectors/push/dhtnode-devicekey-no-platform.txt (no --bundleid topic here)
        assertThat(n.get("platform").asInt()).isEqualTo(1);
        assertThat(n.get("tokens").toString()).isEqualTo("[\"tok-dhtnode\"]");
        assertThat(n.get("priority").asText()).isEqualTo("high");
        assertThat(n.get("push_type").asText()).isEqualTo("alert");
        assertThat(n.get("data").get("key").asText()).isEqualTo(key);
        assertThat(n.get("data").get("s").asText()).hasSize(8);
        assertThat(n.get("data").get("t").asLong()).isGreaterThanOrEqualTo(before);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aPingPushReachesTheGatewayAsAHighPriorityPongAndNodeStatsCountsIt() throws Exception {
        // OpenDHT 2.5+: POST /node/pingPush with a SUBSCRIBE-like body; 4.3 never answers it, landht answers {}
        HttpWire.Response r = request("POST", "/node/pingPush", "{\"key\": \"tok-ping\", \"platform\": \"android\","
                + " \"topic\": \"\", \"client_id\": \"cid-p\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{}\n");
        await().atMost(OPERATION).until(() -> gateway.requests("/api/push").size() == 1);
        JsonNode n = json(gateway.requests("/api/push").get(0).text()).get("notifications").get(0);
        assertThat(n.get("data").toString()).isEqualTo("{\"pong\":true,\"to\":\"cid-p\"}");
        assertThat(n.get("tokens").toString()).isEqualTo("[\"tok-ping\"]");
        assertThat(n.get("priority").asText()).isEqualTo("high");
        JsonNode stats = json(request("GET", "/node/stats", "").text());
        assertThat(stats.get("androidPush").get("highPriorityCount").asLong()).isEqualTo(1);
        assertThat(stats.get("unifiedPush").get("highPriorityCount").asLong()).isZero();
    }

    @Test
    void aReplayedUnifiedPushSubscribeGetsThePlainDataOnItsEndpointWithItsPortAndUnsubscribeStopsIt()
            throws Exception {
        String key = Swarm.randomKey();
        String other = Swarm.randomKey();
        // proxy-vectors/curl/18-subscribe-unifiedpush.txt, the endpoint on the recording gateway (port kept)
        assertThat(call("SUBSCRIBE", key, "{\"key\": \"" + gateway.url() + "/up/endpoint-xyz\", \"client_id\": "
                + "\"cid-u\", \"session_id\": \"sess-u\", \"platform\": \"unifiedpush\"}").text()).isEqualTo("{}\n");
        assertThat(call("SUBSCRIBE", other, "{\"key\": \"" + gateway.url() + "/up/other\", \"client_id\": "
                + "\"cid-u\", \"session_id\": \"sess-u\", \"platform\": \"unifiedpush\"}").status()).isEqualTo(200);
        assertThat(peer.put(key, "first")).isTrue();
        await().atMost(OPERATION).until(() -> gateway.requests("/up/endpoint-xyz").size() == 1);
        RecordingGateway.Request req = gateway.requests("/up/endpoint-xyz").get(0);
        assertThat(req.header("TTL")).isEqualTo("86400");
        assertThat(req.header("Urgency")).isEqualTo("high");
        JsonNode data = json(req.text());
        assertThat(data.get("key").asText()).isEqualTo(key);
        assertThat(data.get("to").asText()).isEqualTo("cid-u");
        assertThat(data.get("s").asText()).isEqualTo("sess-u");
        // proxy-vectors/curl/19-unsubscribe.txt
        HttpWire.Response un = call("UNSUBSCRIBE", key, "{\"key\": \"" + gateway.url() + "/up/endpoint-xyz\", "
                + "\"client_id\": \"cid-u\"}");
        assertThat(un.status()).isEqualTo(200);
        assertThat(un.body()).isEmpty();
        assertThat(peer.put(key, "second")).isTrue();
        assertThat(peer.put(other, "marker")).isTrue();
        await().atMost(OPERATION).until(() -> gateway.requests("/up/other").size() == 1);
        assertThat(gateway.requests("/up/endpoint-xyz")).hasSize(1);
    }

    @Test
    void aUnifiedPushTopicWithKeysGetsABodyOnlyThePhonesPrivateKeyDecrypts() throws Exception {
        WebPushReceiver phone = WebPushReceiver.random();
        String topic = Base64.getEncoder().encodeToString(phone.publicKey()) + "|"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(phone.auth());
        String key = Swarm.randomKey();
        assertThat(call("SUBSCRIBE", key, "{\"key\": \"" + gateway.url() + "/up/enc\", \"client_id\": \"cid-e\", "
                + "\"session_id\": \"sess-e\", \"platform\": \"unifiedpush\", \"topic\": \"" + topic + "\"}").status())
                .isEqualTo(200);
        assertThat(peer.put(key, "secret")).isTrue();
        await().atMost(OPERATION).until(() -> gateway.requests("/up/enc").size() == 1);
        RecordingGateway.Request req = gateway.requests("/up/enc").get(0);
        assertThat(req.header("Content-Encoding")).isEqualTo("aes128gcm");
        JsonNode data = json(new String(phone.decrypt(req.body()), StandardCharsets.UTF_8));
        assertThat(data.get("key").asText()).isEqualTo(key);
        assertThat(data.get("to").asText()).isEqualTo("cid-e");
    }

    @Test
    void endpointsThatHangFailOrAreGoneLeaveTheDhtAndTheOtherSubscriptionsWorkingAndTheGoneOneIsDropped()
            throws Exception {
        gateway.hang("/up/hang");
        gateway.answer("/up/err", 500);
        gateway.answer("/up/gone", 410);
        String[] paths = {"/up/hang", "/up/err", "/up/gone", "/up/good"};
        String[] keys = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            keys[i] = Swarm.randomKey();
            assertThat(call("SUBSCRIBE", keys[i], "{\"key\": \"" + gateway.url() + paths[i] + "\", \"client_id\": "
                    + "\"c" + i + "\", \"platform\": \"unifiedpush\"}").status()).isEqualTo(200);
        }
        for (int round = 0; round < 3; round++) {
            for (String key : keys) {
                assertThat(peer.put(key, "round-" + round)).isTrue();
            }
        }
        await().atMost(OPERATION).until(() -> gateway.requests("/up/good").size() == 3);
        await().atMost(OPERATION).until(() -> openSubscriptions() == 3);
        int goneSeen = gateway.requests("/up/gone").size();  // those queued before the first 410 came back
        assertThat(peer.put(keys[2], "after-the-410")).isTrue();
        assertThat(peer.put(keys[3], "marker")).isTrue();
        await().atMost(OPERATION).until(() -> gateway.requests("/up/good").size() == 4);
        assertThat(gateway.requests("/up/gone")).hasSize(goneSeen);
        assertThat(gateway.requests("/up/hang")).hasSizeLessThanOrEqualTo(4);
        String fresh = Swarm.randomKey();
        assertThat(peer.put(fresh, "still-working")).isTrue();
        try (HttpWire c = HttpWire.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort))) {
            assertThat(c.send("GET /key/" + fresh + " HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .contains(Base64.getEncoder().encodeToString("still-working".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aSubscriptionSurvivesAKill9AndTheNextUdpPutStillPushes() throws Exception {
        String key = Swarm.randomKey();
        assertThat(call("SUBSCRIBE", key, "{\"key\": \"" + gateway.url() + "/up/kept\", \"client_id\": \"cid-k\", "
                + "\"session_id\": \"sess-k\", \"platform\": \"unifiedpush\"}").status()).isEqualTo(200);
        java.nio.file.Path saved = it.logs().resolve("landht-state").resolve("push-subscriptions.json");
        await().atMost(OPERATION).until(() -> java.nio.file.Files.exists(saved)
                && java.nio.file.Files.readString(saved).contains(key));
        landht.kill();
        LandhtProcess second = it.add(LandhtProcess.builder(it.logs()).name("landht2")
                .stateDir(it.logs().resolve("landht-state")).httpPort(FreePorts.tcp()).opsPort(FreePorts.tcp())
                .args("--push-server", gateway.url()).start());
        PythonPeer other = it.add(PythonPeer.start(it.logs(), "peer2", PythonPeer.Options.of(second.hostPort())));
        Swarm.awaitAllHoldAsGood(java.util.List.of(other), second.nodeId(), false, CONNECT);
        assertThat(other.put(key, "after-the-crash")).isTrue();
        await().atMost(OPERATION).until(() -> gateway.requests("/up/kept").size() == 1);
        JsonNode data = json(gateway.requests("/up/kept").get(0).text());
        assertThat(data.get("to").asText()).isEqualTo("cid-k");
        assertThat(data.get("s").asText()).isEqualTo("sess-k");
    }

    private static JsonNode stats(int ops) throws Exception {
        return json(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops
                + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aPermanentPutSurvivesAKill9AndAFreshUdpPeerGetsItFromTheRestoredPutAlone() throws Exception {
        String key = Swarm.randomKey();
        HttpWire.Response posted = call("POST", key, "{\"data\":\"" + Base64.getEncoder().encodeToString(
                "kept-across-kill".getBytes(StandardCharsets.UTF_8)) + "\",\"permanent\":{\"key\":\""
                + gateway.url() + "/up/perm\",\"client_id\":\"cid-p\",\"platform\":\"unifiedpush\"}}");
        assertThat(posted.status()).isEqualTo(200);
        String valueId = json(posted.text()).get("id").asText();
        java.nio.file.Path state = it.logs().resolve("landht-state");
        java.nio.file.Path saved = state.resolve("permanent-puts.json");
        await().atMost(OPERATION).until(() -> java.nio.file.Files.exists(saved)
                && java.nio.file.Files.readString(saved).contains(key));
        landht.kill();
        // only the permanent puts' file is left: the stored values and the routing table go, so whatever the new
        // peer finds comes from the put landht made again at start
        try (var files = java.nio.file.Files.list(state)) {
            for (java.nio.file.Path f : files.toList()) {
                if (!f.equals(saved) && java.nio.file.Files.isRegularFile(f)) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
        int ops2 = FreePorts.tcp();
        int http2 = FreePorts.tcp();
        LandhtProcess second = it.add(LandhtProcess.builder(it.logs()).name("landht2").stateDir(state)
                .httpPort(http2).opsPort(ops2).args("--push-server", gateway.url()).start());
        await().atMost(OPERATION).until(() -> stats(ops2).path("proxy").has("permanent_puts_restored"));
        JsonNode st = stats(ops2);
        assertThat(st.path("proxy").path("permanent_puts_restored").asLong()).isEqualTo(1);
        assertThat(st.path("proxy").path("permanent_puts_skipped").asLong()).isZero();
        assertThat(st.path("client").path("permanent_puts").asInt()).isEqualTo(1);
        PythonPeer other = it.add(PythonPeer.start(it.logs(), "peer2", PythonPeer.Options.of(second.hostPort())));
        Swarm.awaitAllHoldAsGood(java.util.List.of(other), second.nodeId(), false, CONNECT);
        await().atMost(OPERATION).until(() -> !other.getValues(key).isEmpty());
        JsonNode got = other.getValues(key).get(0);
        assertThat(got.path("data").asText()).isEqualTo("kept-across-kill");
        assertThat(got.path("id").asText()).isEqualTo(valueId);
    }
}
