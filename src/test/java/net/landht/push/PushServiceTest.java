package net.landht.push;

import static net.landht.push.PushFixture.KEY;
import static net.landht.push.PushFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.landht.testing.HttpWire;

/**
 * SUBSCRIBE/UNSUBSCRIBE over real sockets, a real lone DHT node on loopback behind the proxy (its listens carry the
 * puts to the push service), and a recording gateway on loopback.
 */
class PushServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong now = new AtomicLong(PushFixture.START_MILLIS);
    private PushFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = PushFixture.onTestClock(url -> url,
                new PushSender.Settings(8, 2, 3, Duration.ofMillis(10), Duration.ofSeconds(5), 2), now);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpWire.Response call(String method, String path, String json) {
        try (HttpWire c = HttpWire.connect(fixture.server.localAddress())) {
            return c.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json).read();
        }
    }

    private static String android(String extra) {
        return "{\"key\": \"tok-android\", \"client_id\": \"cid-a\", \"session_id\": \"sess-a\", \"platform\": "
                + "\"android\"" + extra + "}";
    }

    /** A UnifiedPush subscription on KEY whose endpoint is {@code path} on the fixture.gateway. */
    private void subscribeUnifiedPush(String path) {
        assertThat(call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"" + fixture.gateway.url() + path
                + "\",\"client_id\":\"c\",\"platform\":\"unifiedpush\"}").status()).isEqualTo(200);
    }

    /** Puts {@code data} on KEY through the proxy; the value id the DHT gave it. */
    private String putValue(String data) throws Exception {
        HttpWire.Response r = call("POST", "/key/" + KEY, "{\"data\":\"" + data + "\",\"type\":0}");
        assertThat(r.status()).isEqualTo(200);
        return json(r.text()).get("id").asText();
    }

    /** Waits until the DHT client holds {@code n} listens (a cancel is posted to the DHT loop). */
    private void awaitListens(int n) {
        await().atMost(WAIT).until(() -> fixture.dht.listens() == n);
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void aNewSubscriptionAnswersAnEmptyObjectWithContentLengthAsTheCapture() {
        // proxy-vectors/curl/14-subscribe-android.txt
        HttpWire.Response r = call("SUBSCRIBE", "/key/" + KEY, android(", \"topic\": \"\""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.chunked()).isFalse();
        assertThat(r.header("Content-Length")).isEqualTo("3");
        assertThat(r.text()).isEqualTo("{}\n");
        assertThat(fixture.dht.listens()).isEqualTo(1);
        assertThat(fixture.counters.subscriptions(Platform.ANDROID)).isEqualTo(1);
    }

    @Test
    void subscribingAgainStreamsTheKeysCurrentValuesAndARefreshStreamsAnEmptyObject() throws Exception {
        call("SUBSCRIBE", "/key/" + KEY, android(""));
        String id = putValue("cHVzaC1tZS1hbmRyb2lk");
        HttpWire.Response again = call("SUBSCRIBE", "/key/" + KEY, android(""));
        assertThat(again.chunked()).isTrue();
        assertThat(again.text()).isEqualTo("{\"data\":\"cHVzaC1tZS1hbmRyb2lk\",\"id\":\"" + id + "\",\"type\":0}\n");
        HttpWire.Response refresh = call("SUBSCRIBE", "/" + KEY, android(", \"refresh\": true"));
        assertThat(refresh.chunked()).isTrue();
        assertThat(refresh.text()).isEqualTo("{}\n");
        assertThat(fixture.dht.listens()).isEqualTo(1);
    }

    @Test
    void noTokenAndBadJsonGetOpenDhtsErrorBodies() {
        HttpWire.Response noKey = call("SUBSCRIBE", "/key/" + KEY, "{\"client_id\": \"cid-a\"}");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.text()).isEqualTo("{\"err\":\"No token\"}");
        HttpWire.Response bad = call("SUBSCRIBE", "/key/" + KEY, "{not json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).isEqualTo("{\"err:\":\"Incorrect JSON\"}");
        assertThat(fixture.dht.listens()).isZero();
    }

    @Test
    void unsubscribeAnswersEmptyAndCancelsTheListen() {
        call("SUBSCRIBE", "/key/" + KEY, android(""));
        HttpWire.Response r = call("UNSUBSCRIBE", "/key/" + KEY,
                "{\"key\": \"tok-android\", \"client_id\": \"cid-a\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("0");
        awaitListens(0);
        assertThat(fixture.push.subscriptionCount()).isZero();
    }

    @Test
    void aPutOnASubscribedKeyPostsTheGorushAndroidFormWithBoth24And4xFields() throws Exception {
        call("SUBSCRIBE", "/key/" + KEY, android(""));
        String id = putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/api/push").size() == 1);
        RecordingGateway.Request req = fixture.gateway.requests("/api/push").get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        JsonNode n = json(req.text()).get("notifications").get(0);
        assertThat(n.get("platform").asInt()).isEqualTo(2);
        assertThat(n.get("priority").asText()).isEqualTo("high");
        assertThat(n.get("time_to_live").asInt()).isEqualTo(86400);
        assertThat(n.get("android").toString()).isEqualTo("{\"priority\":\"high\",\"ttl\":\"86400s\"}");
        assertThat(n.get("tokens").toString()).isEqualTo("[\"tok-android\"]");
        assertThat(n.get("data").toString()).isEqualTo("{\"ids\":\"" + id + "\",\"key\":\"" + KEY
                + "\",\"pt\":\"\",\"s\":\"sess-a\",\"t\":" + now.get() + ",\"to\":\"cid-a\"}");
        await().atMost(WAIT).until(() -> fixture.counters.pushes("gorush", PushCounters.Outcome.SENT) == 1);
    }

    @Test
    void anIosPushCarriesTheCapturedAlertShapeAndANonZeroPrioMakesItBackground() throws Exception {
        call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"tok-ios\",\"client_id\":\"cid-i\",\"session_id\":\"sess-i\","
                + "\"platform\":\"ios\",\"topic\":\"com.example.app\"}");
        String id = putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/api/push").size() == 1);
        JsonNode n = json(fixture.gateway.requests("/api/push").get(0).text()).get("notifications").get(0);
        // proxy-vectors/push/ios-subscribe.txt, apart from the data's 4.x fields
        assertThat(n.toString()).isEqualTo("{\"alert\":{\"title\":\"hello\"},\"data\":{\"ids\":\"" + id + "\",\"key\":\""
                + KEY + "\",\"pt\":\"\",\"s\":\"sess-i\",\"t\":" + now.get() + ",\"to\":\"cid-i\"},\"expiration\":"
                + (now.get() / 1000 + 86400) + ",\"mutable_content\":true,\"platform\":1,\"priority\":\"high\","
                + "\"push_type\":\"alert\",\"tokens\":[\"tok-ios\"],\"topic\":\"com.example.app\"}");
        assertThat(call("POST", "/key/" + KEY, "{\"data\":\"aGk=\",\"prio\":1}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/api/push").size() == 2);
        JsonNode low = json(fixture.gateway.requests("/api/push").get(1).text()).get("notifications").get(0);
        assertThat(low.get("priority").asText()).isEqualTo("normal");
        assertThat(low.get("push_type").asText()).isEqualTo("background");
        assertThat(low.get("content_available").asBoolean()).isTrue();
    }

    @Test
    void unifiedPushPostsThePlainDataToTheEndpointWithItsPortAndTtlAndUrgency() throws Exception {
        call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"" + fixture.gateway.url() + "/up/endpoint-xyz\","
                + "\"client_id\":\"cid-u\","
                + "\"session_id\":\"sess-u\",\"platform\":\"unifiedpush\"}");
        putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/up/endpoint-xyz").size() == 1);
        RecordingGateway.Request req = fixture.gateway.requests("/up/endpoint-xyz").get(0);
        assertThat(req.header("TTL")).isEqualTo("86400");
        assertThat(req.header("Urgency")).isEqualTo("high");
        assertThat(req.header("Content-Encoding")).isNull();
        assertThat(json(req.text()).get("to").asText()).isEqualTo("cid-u");
        assertThat(json(req.text()).get("key").asText()).isEqualTo(KEY);
        await().atMost(WAIT).until(() -> fixture.counters.pushes("unifiedpush", PushCounters.Outcome.SENT) == 1);
    }

    @Test
    void unifiedPushWithKeysInTheTopicSendsABodyTheReceiverDecrypts() throws Exception {
        WebPushReceiver phone = WebPushReceiver.random();
        String topic = Base64.getUrlEncoder().withoutPadding().encodeToString(phone.publicKey()) + "|"
                + Base64.getEncoder().encodeToString(phone.auth());
        call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"" + fixture.gateway.url() + "/up/enc\",\"client_id\":\"cid-u\","
                + "\"session_id\":\"sess-u\",\"platform\":\"unifiedpush\",\"topic\":\"" + topic + "\"}");
        String id = putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/up/enc").size() == 1);
        RecordingGateway.Request req = fixture.gateway.requests("/up/enc").get(0);
        assertThat(req.header("Content-Encoding")).isEqualTo("aes128gcm");
        JsonNode data = json(new String(phone.decrypt(req.body()), StandardCharsets.UTF_8));
        assertThat(data.get("to").asText()).isEqualTo("cid-u");
        assertThat(data.get("ids").asText()).isEqualTo(id);
    }

    @Test
    void anEndpointThatIsNotHttpIsRefusedAtSubscribe() {
        HttpWire.Response r = call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"file:///etc/passwd\",\"client_id\":\"c\","
                + "\"platform\":\"unifiedpush\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(fixture.counters.refused(PushCounters.Refusal.BAD_ENDPOINT)).isEqualTo(1);
        assertThat(fixture.dht.listens()).isZero();
    }

    @Test
    void at22HoursTheTimeoutPushGoesOutAndAt24HoursTheListenEnds() throws Exception {
        call("SUBSCRIBE", "/key/" + KEY, android(""));
        now.addAndGet(Duration.ofHours(22).toMillis() - 1);
        fixture.push.sweep();
        now.addAndGet(1);
        fixture.push.sweep();
        fixture.push.sweep();
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/api/push").size() == 1);
        assertThat(json(fixture.gateway.requests("/api/push").get(0).text()).get("notifications").get(0).get("data")
                .toString()).isEqualTo("{\"s\":\"sess-a\",\"timeout\":\"" + KEY + "\",\"to\":\"cid-a\"}");
        now.addAndGet(Duration.ofHours(2).toMillis());
        fixture.push.sweep();
        awaitListens(0);
        assertThat(fixture.counters.expiredSubscriptions()).isEqualTo(1);
    }

    @Test
    void aRefreshRestartsBothTimers() {
        call("SUBSCRIBE", "/key/" + KEY, android(""));
        now.addAndGet(Duration.ofHours(21).toMillis());
        call("SUBSCRIBE", "/" + KEY, android(", \"refresh\": true"));
        now.addAndGet(Duration.ofHours(21).toMillis());
        fixture.push.sweep();
        assertThat(fixture.counters.timeoutPushes()).isZero();
        now.addAndGet(Duration.ofHours(2).toMillis());
        fixture.push.sweep();
        assertThat(fixture.dht.listens()).isEqualTo(1);
        assertThat(fixture.counters.timeoutPushes()).isEqualTo(1);
    }

    @Test
    void aPermanentPutWithAPushObjectGetsItsRepostPushWithTheValueIdAt22Hours() throws Exception {
        // proxy-vectors/client/push-04-put-permanent-with-fixture.push.txt
        HttpWire.Response put = call("POST", "/key/" + KEY, "{\"data\":\"cGVybS13aXRoLXB1c2g=\",\"id\":\"0\","
                + "\"permanent\":{\"client_id\":\"dhtnode\",\"key\":\"tok-dhtnode\",\"platform\":\"\","
                + "\"session_id\":\"9XQe0rmp\",\"topic\":\"\"},\"type\":0,\"utype\":\"text/plain\"}");
        assertThat(put.status()).isEqualTo(200);
        String id = json(put.text()).get("id").asText();
        assertThat(fixture.push.permanentPutCount()).isEqualTo(1);
        now.addAndGet(Duration.ofHours(22).toMillis());
        fixture.push.sweep();
        await().atMost(WAIT).until(() -> fixture.gateway.requests("/api/push").size() == 1);
        JsonNode n = json(fixture.gateway.requests("/api/push").get(0).text()).get("notifications").get(0);
        assertThat(n.get("platform").asInt()).isEqualTo(1);
        assertThat(n.get("data").toString()).isEqualTo("{\"s\":\"9XQe0rmp\",\"timeout\":\"" + KEY
                + "\",\"to\":\"dhtnode\",\"vid\":\"" + id + "\"}");
        now.addAndGet(Duration.ofHours(2).toMillis());
        fixture.push.sweep();
        assertThat(fixture.push.permanentPutCount()).isZero();
    }

    @Test
    void aTokenTheGatewaySaysIsGoneLosesItsSubscription() throws Exception {
        subscribeUnifiedPush("/up/gone");
        fixture.gateway.answer("/up/gone", 410);
        putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.push.subscriptionCount() == 0);
        awaitListens(0);
        assertThat(fixture.counters.pushes("unifiedpush", PushCounters.Outcome.GONE)).isEqualTo(1);
        assertThat(fixture.counters.droppedSubscriptions()).isEqualTo(1);
    }

    @Test
    void a500IsRetriedThenCountedAndRepeatedFailuresDropTheToken() throws Exception {
        subscribeUnifiedPush("/up/err");
        fixture.gateway.answer("/up/err", 500);
        putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.counters.pushes("unifiedpush", PushCounters.Outcome.FAILED) == 1);
        assertThat(fixture.gateway.requests("/up/err")).hasSize(3);
        assertThat(fixture.counters.retries()).isEqualTo(2);
        assertThat(fixture.push.subscriptionCount()).isEqualTo(1);
        putValue("aGk=");
        await().atMost(WAIT).until(() -> fixture.push.subscriptionCount() == 0);
        assertThat(fixture.counters.droppedSubscriptions()).isEqualTo(1);
    }

    @Test
    void aHangingEndpointNeitherBlocksAnotherNorGrowsTheQueuePastItsBound() throws Exception {
        fixture.gateway.hang("/up/hang");
        subscribeUnifiedPush("/up/hang");
        for (int i = 0; i < 12; i++) {
            putValue("aGk=");
        }
        await().atMost(WAIT).until(() -> fixture.counters.pushes("unifiedpush", PushCounters.Outcome.QUEUE_FULL) == 4);
        assertThat(fixture.push.queuedPushes()).isEqualTo(8);
        assertThat(fixture.gateway.requests("/up/hang")).hasSizeLessThanOrEqualTo(2);
        String other = "a86cac18ffdbe349d99415cb487e3f3225dae320";
        assertThat(call("SUBSCRIBE", "/key/" + other, android("")).status()).isEqualTo(200);
        assertThat(fixture.dht.listens()).isEqualTo(2);
    }

    @Test
    void subscriptionsFromOneAddressAreBounded() {
        for (int i = 0; i < 4; i++) {
            assertThat(call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"t" + i + "\",\"client_id\":\"c\"}").status())
                    .isEqualTo(200);
        }
        assertThat(call("SUBSCRIBE", "/key/" + KEY, "{\"key\":\"t9\",\"client_id\":\"c\"}").status()).isEqualTo(429);
        assertThat(fixture.counters.refused(PushCounters.Refusal.PER_SOURCE)).isEqualTo(1);
        assertThat(fixture.dht.listens()).isEqualTo(4);
    }
}
