package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.landht.config.NodeConfig;
import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.testing.HttpWire;
import net.landht.testing.LoopbackNode;

/**
 * The proxy routes over real sockets in front of a real lone DHT node on loopback ({@link LoopbackNode}: its client,
 * store and listens): answers, streams, value ids, cancellation. The bounds' refusals: {@link ProxyBoundsTest}.
 */
class ProxyServiceTest {
    private static final String KEY = "3f29a411e871d0cb57a53942ebf6b6fd5218f1ee";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ProxyCounters counters = new ProxyCounters(0);
    private LoopbackNode node;
    private LanHttpServer server;

    @BeforeEach
    void start() {
        node = LoopbackNode.start();
        ProxyService proxy = new ProxyService(node.client(), counters, ProxyService.NO_PUSH, timers,
                Clock.systemUTC());
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpRouter.builder().route("/", proxy).build(), HttpLimits.defaults(), List.of(), new HttpCounters());
    }

    @AfterEach
    void stop() {
        server.close();
        node.close();
        timers.shutdownNow();
    }

    private HttpWire connect() {
        return HttpWire.connect(server.localAddress());
    }

    private static String post(String path, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    @Test
    void nodeInfoReportsItselfGoodAndTheClientAddressInMappedForm() {
        try (HttpWire c = connect()) {
            HttpWire.Response r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"good\":1").contains("\"public_ip\":\"::ffff:127.0.0.1\"")
                    .contains("\"node_id\":\"" + node.nodeIdHex() + "\"").endsWith("}\n");
        }
    }

    @Test
    void withoutPushPingPushIs501AndStatsCountNoPushes() {
        try (HttpWire c = connect()) {
            HttpWire.Response ping = c.send(post("/node/pingPush", "{\"key\":\"t\",\"platform\":\"android\"}"))
                    .read();
            assertThat(ping.status()).isEqualTo(501);
            assertThat(ping.text()).contains("Push notifications are not supported");
            assertThat(c.send("GET /node/pingPush HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .as("only POST is routed").contains("Not implemented");
            String stats = c.send("GET /node/stats HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
            String none = "{\"highPriorityCount\":0,\"normalPriorityCount\":0}";
            assertThat(stats).startsWith("{\"androidPush\":" + none + ",\"iosPush\":" + none + ",")
                    .endsWith(",\"unifiedPush\":" + none + "}\n");
        }
    }

    /** The value id of a put's answer {@code {"data":…,"id":"<decimal>","type":0}}. */
    private static String idOf(HttpWire.Response r) {
        Matcher m = ID.matcher(r.text());
        assertThat(m.find()).as("an id in %s", r.text()).isTrue();
        return m.group(1);
    }

    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");

    @Test
    void putAnswersTheValueWithTheIdTheDhtAssignedAsADecimalString() {
        try (HttpWire c = connect()) {
            HttpWire.Response r = c.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"id\":\"0\",\"type\":0}")).read();
            assertThat(r.status()).isEqualTo(200);
            String id = idOf(r);
            assertThat(Long.parseUnsignedLong(id)).as("the id the DHT picked for id 0").isNotZero();
            assertThat(r.text()).isEqualTo("{\"data\":\"aGk=\",\"id\":\"" + id + "\",\"type\":0}\n");
            assertThat(c.send("GET /key/" + KEY + " HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .as("stored under that id").isEqualTo(r.text());
        }
    }

    @Test
    void aPermanentPutRepostedWithId0AndTheSameContentExtendsTheFirstInsteadOfAddingOne() {
        String body = "{\"data\":\"aGk=\",\"id\":\"0\",\"type\":0,"
                + "\"permanent\":{\"key\":\"tok\",\"client_id\":\"phone\"}}";
        try (HttpWire c = connect()) {
            HttpWire.Response first = c.send(post("/key/" + KEY, body)).read();
            List<String> answers = List.of(first.text(), c.send(post("/key/" + KEY, body)).read().text(),
                    c.send(post("/key/" + KEY, body)).read().text());
            assertThat(answers).containsOnly("{\"data\":\"aGk=\",\"id\":\"" + idOf(first) + "\",\"type\":0}\n");
            assertThat(c.send("GET /node/stats HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .contains("\"putCount\":1,");
        }
        assertThat(node.client().permanentPuts()).as("permanent puts the DHT client keeps").isEqualTo(1);
    }

    @Test
    void aPermanentPutWithAnotherClientIdOrContentIsANewPut() {
        try (HttpWire c = connect()) {
            String a = idOf(c.send(post("/key/" + KEY,
                    "{\"data\":\"aGk=\",\"permanent\":{\"key\":\"t\",\"client_id\":\"a\"}}")).read());
            String b = idOf(c.send(post("/key/" + KEY,
                    "{\"data\":\"aGk=\",\"permanent\":{\"key\":\"t\",\"client_id\":\"b\"}}")).read());
            String other = idOf(c.send(post("/key/" + KEY, "{\"data\":\"aGV5\",\"permanent\":true}")).read());
            String again = idOf(c.send(post("/key/" + KEY, "{\"data\":\"aGV5\",\"permanent\":true}")).read());
            assertThat(List.of(a, b, other)).doesNotHaveDuplicates();
            assertThat(again).isEqualTo(other);
        }
        assertThat(node.client().permanentPuts()).isEqualTo(3);
    }

    @Test
    void aPutLandhtsStoreRefusesWithNoOtherNodeGetsItsReasonInsteadOfOpenDhts502() {
        try (LoopbackNode small = LoopbackNode.withStorage(s -> new NodeConfig.Storage(s.maxValueBytes(), 1,
                s.maxTotalBytes(), s.maxBytesPerSource(), s.maxListenersPerKey(), s.maxListenersPerSource()));
             LanHttpServer proxy = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     HttpRouter.builder().route("/", new ProxyService(small.client(), counters, ProxyService.NO_PUSH,
                             timers, Clock.systemUTC())).build(), HttpLimits.defaults(), List.of(),
                     new HttpCounters());
             HttpWire c = HttpWire.connect(proxy.localAddress())) {
            assertThat(c.send(post("/key/" + KEY, "{\"data\":\"aGk=\"}")).read().status()).isEqualTo(200);
            HttpWire.Response full = c.send(post("/key/" + KEY, "{\"data\":\"aGV5\"}")).read();
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.text()).isEqualTo("{\"err\":\"This key holds too many values\",\"reason\":\"KEY_FULL\"}");
        }
        assertThat(counters.puts(ProxyCounters.PutOutcome.REFUSED)).isEqualTo(1);
    }

    @Test
    void listenStreamsLaterPutsAndItsDhtListenIsCancelledWhenTheClientCloses() {
        try (HttpWire listener = connect(); HttpWire putter = connect()) {
            listener.send("GET /key/" + KEY + "/listen HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().chunked()).isTrue();
            putter.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}")).read();
            assertThat(new String(listener.readChunk(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}\n");
            assertThat(node.client().listens()).isEqualTo(1);
            assertThat(node.client().listenedKeys()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> node.client().listens() == 0);
        await().atMost(WAIT).until(() -> node.client().listenedKeys() == 0);
        await().atMost(WAIT).until(() -> counters.openListens() == 0);
    }

    @Test
    void getEndsWhenTheDhtGetIsDone() {
        try (HttpWire c = connect()) {
            c.send(post("/" + KEY, "{\"data\":\"aGk=\",\"id\":\"7\"}")).read();
            HttpWire.Response r = c.send("GET /" + KEY + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.chunked()).isTrue();
            assertThat(r.text()).isEqualTo("{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}\n");
        }
    }

    @Test
    void anHttp10GetIsStreamedUnchunkedAndEndedByClosing() {
        try (HttpWire c = connect()) {
            c.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"id\":\"7\"}")).read();
        }
        try (HttpWire c = connect()) {
            HttpWire.Response head = c.send("GET /key/" + KEY + " HTTP/1.0\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.chunked()).as("HTTP/1.0 has no chunked coding").isFalse();
            assertThat(head.header("transfer-encoding")).isNull();
            assertThat(head.header("content-length")).isNull();
            assertThat(head.header("connection")).isEqualTo("close");
            assertThat(new String(c.readToEnd(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}\n");
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
    }

    @Test
    void anHttp10ListenStreamsRawLinesEvenWhenItAsksForKeepAlive() {
        try (HttpWire listener = connect(); HttpWire putter = connect()) {
            HttpWire.Response head = listener.send("GET /key/" + KEY + "/listen HTTP/1.0\r\nConnection: keep-alive"
                    + "\r\n\r\n").readHead();
            assertThat(head.chunked()).isFalse();
            assertThat(head.header("connection")).isEqualTo("close");
            putter.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}")).read();
            assertThat(listener.readLine()).isEqualTo("{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}");
        }
    }

    @Test
    void subscribeAnswers501JsonUntilPushExists() {
        try (HttpWire c = connect()) {
            HttpWire.Response r = c.send("SUBSCRIBE /key/" + KEY + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                    + "\r\n{}").read();
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.text()).startsWith("{\"err\":");
        }
    }

    @Test
    void badPutBodiesGet400Json() {
        try (HttpWire c = connect()) {
            assertThat(c.send(post("/key/" + KEY, "{\"type\":9223372036854775808}")).read().status()).isEqualTo(400);
            assertThat(c.send(post("/key/" + KEY, "{\"data\": ")).read().text())
                    .isEqualTo("{\"err:\":\"Incorrect JSON\"}");
            assertThat(c.send(post("/key/" + KEY, "")).read().text()).isEqualTo("{\"err\":\"Missing parameters\"}");
        }
    }
}
