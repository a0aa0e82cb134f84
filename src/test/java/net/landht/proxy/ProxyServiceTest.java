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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.landht.dht.DhtClient;
import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.testing.HttpWire;
import net.landht.testing.MemoryDhtClient;

/** The proxy routes over real sockets with a map-backed DHT client: answers, streams, refusals, cancellation. */
class ProxyServiceTest {
    private static final String KEY = "3f29a411e871d0cb57a53942ebf6b6fd5218f1ee";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final MemoryDhtClient dht = new MemoryDhtClient();
    private final ProxyCounters counters = new ProxyCounters(0);
    private LanHttpServer server;

    @BeforeEach
    void start() {
        ProxyService proxy = new ProxyService(dht, counters, ProxyService.NO_PUSH, timers, Clock.systemUTC());
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpRouter.builder().route("/", proxy).build(), HttpLimits.defaults(), List.of(), new HttpCounters());
    }

    @AfterEach
    void stop() {
        server.close();
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
                    .contains("\"node_id\":\"" + MemoryDhtClient.NODE_ID.toHex() + "\"").endsWith("}\n");
        }
    }

    @Test
    void putAnswersTheValueWithTheIdTheDhtAssignedAsADecimalString() {
        try (HttpWire c = connect()) {
            HttpWire.Response r = c.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"id\":\"0\",\"type\":0}")).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("{\"data\":\"aGk=\",\"id\":\"1000\",\"type\":0}\n");
        }
    }

    @Test
    void putNobodyStoredGets502() {
        dht.failPuts();
        try (HttpWire c = connect()) {
            HttpWire.Response r = c.send(post("/key/" + KEY, "{\"data\":\"aGk=\"}")).read();
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.text()).isEqualTo("{\"err\":\"Put failed\"}");
        }
    }

    @Test
    void aPermanentPutRepostedWithId0AndTheSameContentExtendsTheFirstInsteadOfAddingOne() {
        String body = "{\"data\":\"aGk=\",\"id\":\"0\",\"type\":0,"
                + "\"permanent\":{\"key\":\"tok\",\"client_id\":\"phone\"}}";
        try (HttpWire c = connect()) {
            List<String> answers = List.of(c.send(post("/key/" + KEY, body)).read().text(),
                    c.send(post("/key/" + KEY, body)).read().text(),
                    c.send(post("/key/" + KEY, body)).read().text());
            assertThat(answers).containsOnly("{\"data\":\"aGk=\",\"id\":\"1000\",\"type\":0}\n");
            assertThat(c.send("GET /node/stats HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .contains("\"putCount\":1,");
        }
    }

    @Test
    void aPermanentPutWithAnotherClientIdOrContentIsANewPut() {
        try (HttpWire c = connect()) {
            c.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"permanent\":{\"key\":\"t\",\"client_id\":\"a\"}}"))
                    .read();
            assertThat(c.send(post("/key/" + KEY,
                    "{\"data\":\"aGk=\",\"permanent\":{\"key\":\"t\",\"client_id\":\"b\"}}")).read().text())
                    .contains("\"id\":\"1001\"");
            assertThat(c.send(post("/key/" + KEY, "{\"data\":\"aGV5\",\"permanent\":true}")).read().text())
                    .contains("\"id\":\"1002\"");
            assertThat(c.send(post("/key/" + KEY, "{\"data\":\"aGV5\",\"permanent\":true}")).read().text())
                    .contains("\"id\":\"1002\"");
        }
    }

    @Test
    void refusedOperationsGet429PerSourceAnd503InTotal() {
        try (HttpWire c = connect()) {
            dht.refuse(DhtClient.Limit.LISTENS_PER_SOURCE);
            assertThat(c.send("GET /key/" + KEY + "/listen HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                    .isEqualTo(429);
            dht.refuse(DhtClient.Limit.SEARCHES_TOTAL);
            assertThat(c.send("GET /key/" + KEY + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(503);
        }
        assertThat(counters.refused(DhtClient.Limit.SEARCHES_TOTAL)).isEqualTo(1);
    }

    @Test
    void listenStreamsLaterPutsAndItsDhtListenIsCancelledWhenTheClientCloses() {
        try (HttpWire listener = connect(); HttpWire putter = connect()) {
            listener.send("GET /key/" + KEY + "/listen HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().chunked()).isTrue();
            putter.send(post("/key/" + KEY, "{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}")).read();
            assertThat(new String(listener.readChunk(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"data\":\"aGk=\",\"id\":\"7\",\"type\":0}\n");
            assertThat(dht.listens()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> dht.listens() == 0);
        assertThat(dht.cancels()).isEqualTo(1);
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
