package net.landht.push;

import static net.landht.push.PushFixture.KEY;
import static net.landht.push.PushFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.landht.testing.HttpWire;

/**
 * {@code POST /node/pingPush} over real sockets: the pong push goes through the real senders to a recording gateway
 * on loopback; bad requests, a missing push server, a full queue and the per-source rate get their answers; and
 * {@code /node/stats} counts pushes by platform and priority.
 */
class PushPingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong now = new AtomicLong(PushFixture.START_MILLIS);
    private PushFixture fixture;

    /** A fixture whose gorush server is {@code pushServer} given the gateway's URL (null: none). */
    private void start(Function<URI, URI> pushServer) throws Exception {
        fixture = PushFixture.onTestClock(pushServer,
                new PushSender.Settings(8, 2, 1, Duration.ofMillis(10), Duration.ofSeconds(30), 2), now);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private HttpWire.Response call(InetAddress from, String method, String path, String json) {
        try (HttpWire c = HttpWire.connect(fixture.server.localAddress(), from)) {
            return c.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json).read();
        }
    }

    private HttpWire.Response ping(InetAddress from, String json) {
        return call(from, "POST", "/node/pingPush", json);
    }

    private HttpWire.Response ping(String json) {
        return ping(null, json);
    }

    private static String request(String token, String platform, String clientId) {
        return "{\"key\":\"" + token + "\",\"platform\":\"" + platform + "\",\"topic\":\"\",\"client_id\":\""
                + clientId + "\"}";
    }

    private String unifiedPush(String path) {
        return request(fixture.gateway.url() + path, "unifiedpush", "cid-u");
    }

    /** The one request the gateway got on {@code path}, once it came. */
    private RecordingGateway.Request onlyRequestTo(String path) {
        await().atMost(WAIT).until(() -> fixture.gateway.requests(path).size() == 1);
        return fixture.gateway.requests(path).get(0);
    }

    /** Asserts {@code r}'s status (its body in the failure message); the assertion on its body to go on with. */
    private static AbstractStringAssert<?> assertAnswer(HttpWire.Response r, int status) {
        assertThat(r.status()).as("status of the answer %s", r.text()).isEqualTo(status);
        return assertThat(r.text());
    }

    private static InetAddress loopback(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    @Test
    void anAndroidPingPostsAHighPriorityPongInTheGorushFormAndIsAnswered() throws Exception {
        start(url -> url);
        assertAnswer(ping(request("tok-android", "android", "cid-a")), 200).isEqualTo("{}\n");
        JsonNode n = JSON.readTree(onlyRequestTo("/api/push").text()).get("notifications").get(0);
        assertThat(n.get("data").toString()).isEqualTo("{\"pong\":true,\"to\":\"cid-a\"}");
        assertThat(n.get("platform").asInt()).isEqualTo(2);
        assertThat(n.get("priority").asText()).isEqualTo("high");
        assertThat(n.get("tokens").toString()).isEqualTo("[\"tok-android\"]");
        assertThat(fixture.counters.pings(PushCounters.PingOutcome.QUEUED)).isEqualTo(1);
        await().atMost(WAIT).until(() -> fixture.counters.pushes("gorush", PushCounters.Outcome.SENT) == 1);
    }

    @Test
    void aUnifiedPushPingGoesToTheEndpointWithoutAPushServer() throws Exception {
        start(url -> null);
        assertThat(ping(unifiedPush("/up/ping")).status()).isEqualTo(200);
        RecordingGateway.Request req = onlyRequestTo("/up/ping");
        assertThat(req.header("Urgency")).isEqualTo("high");
        assertThat(req.text()).isEqualTo("{\"pong\":true,\"to\":\"cid-u\"}");
    }

    @Test
    void aGorushPlatformWithoutAPushServerGets503NamingTheSetting() throws Exception {
        start(url -> null);
        assertAnswer(ping(request("tok-ios", "ios", "cid-i")), 503).contains("proxy.push-server");
        assertThat(fixture.counters.pings(PushCounters.PingOutcome.NOT_SENT)).isEqualTo(1);
        assertThat(fixture.counters.pushes("gorush", PushCounters.Outcome.NO_PUSH_SERVER)).isEqualTo(1);
        assertThat(fixture.gateway.requests()).isEmpty();
    }

    @Test
    void badJsonNoTokenAndAnEndpointThatIsNotHttpGet400() throws Exception {
        start(url -> url);
        assertAnswer(ping("{not json"), 400).isEqualTo("{\"err:\":\"Incorrect JSON\"}");
        assertAnswer(ping("{\"client_id\":\"cid-a\",\"platform\":\"android\"}"), 400)
                .isEqualTo("{\"err\":\"No token\"}");
        assertAnswer(ping(request("file:///etc/passwd", "unifiedpush", "c")), 400).contains("http or https");
        assertThat(fixture.counters.pings(PushCounters.PingOutcome.BAD_REQUEST)).isEqualTo(3);
        assertThat(fixture.counters.refused(PushCounters.Refusal.BAD_ENDPOINT)).isEqualTo(1);
        assertThat(fixture.gateway.requests()).isEmpty();
    }

    @Test
    void onlySixPingsAMinuteFromOneSourceAndOthersAreNotHeldBack() throws Exception {
        start(url -> url);
        String body = request("tok-android", "android", "cid-a");
        for (int i = 0; i < PushPings.PER_MINUTE; i++) {
            assertThat(ping(body).status()).isEqualTo(200);
        }
        assertAnswer(ping(body), 429).startsWith("{\"err\":");
        assertThat(ping("{not json").status()).as("every attempt counts").isEqualTo(429);
        assertThat(fixture.counters.pings(PushCounters.PingOutcome.RATE_LIMITED)).isEqualTo(2);
        assertThat(ping(loopback(2), body).status()).isEqualTo(200);
        now.addAndGet(Duration.ofSeconds(10).toMillis());  // a sixth of a minute: one more
        assertThat(ping(body).status()).isEqualTo(200);
        assertThat(ping(body).status()).isEqualTo(429);
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/api/push").size() == 8);
    }

    @Test
    void aFullQueueGets503() throws Exception {
        start(url -> url);
        fixture.gateway.hang("/up/hang");
        for (int i = 0; i < 8; i++) {  // the queue's bound
            assertThat(ping(loopback(1 + i / PushPings.PER_MINUTE), unifiedPush("/up/hang")).status())
                    .isEqualTo(200);
        }
        assertAnswer(ping(loopback(3), unifiedPush("/up/hang")), 503).contains("queue full");
        assertThat(fixture.counters.pushes("unifiedpush", PushCounters.Outcome.QUEUE_FULL)).isEqualTo(1);
        assertThat(fixture.counters.pings(PushCounters.PingOutcome.NOT_SENT)).isEqualTo(1);
    }

    @Test
    void nodeStatsCountsPushesByPlatformAndPriority() throws Exception {
        start(url -> url);
        assertThat(ping(request("tok-a", "android", "a")).status()).isEqualTo(200);
        assertThat(ping(request("tok-i", "ios", "i")).status()).isEqualTo(200);
        assertThat(ping(request("tok-n", "", "n")).status()).as("no platform: sent and counted as iOS")
                .isEqualTo(200);
        assertThat(call(null, "SUBSCRIBE", "/key/" + KEY, unifiedPush("/up/sub")).status()).isEqualTo(200);
        assertThat(call(null, "POST", "/key/" + KEY, "{\"data\":\"aGk=\",\"prio\":1}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> fixture.counters.queuedFor(Platform.UNIFIEDPUSH, false) == 1);
        JsonNode stats = JSON.readTree(call(null, "GET", "/node/stats", "").text());
        assertThat(stats.get("androidPush").toString())
                .isEqualTo("{\"highPriorityCount\":1,\"normalPriorityCount\":0}");
        assertThat(stats.get("iosPush").toString()).isEqualTo("{\"highPriorityCount\":2,\"normalPriorityCount\":0}");
        assertThat(stats.get("unifiedPush").toString())
                .isEqualTo("{\"highPriorityCount\":0,\"normalPriorityCount\":1}");
    }
}
