package net.landht.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.net.Cidr;
import net.landht.testing.HttpWire;

/**
 * The LAN HTTP server's limits over real loopback sockets, with small test services: every refusal is JSON and
 * comes before the offending bytes are read, pipelined requests are answered in order, slow and idle connections
 * are closed, and a stream whose reader stops reading is closed and its close listener run.
 */
class LanHttpServerTest {
    private static final Duration SHORT = Duration.ofMillis(400);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();
    private final HttpCounters counters = new HttpCounters();
    private final AtomicInteger streamsClosed = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();
    private LanHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        elsewhere.shutdownNow();
    }

    private InetSocketAddress start(HttpLimits limits, List<String> allow) {
        HttpRouter router = HttpRouter.builder()
                .route("/echo", ex -> {
                    ex.route("echo");
                    ex.respond(HttpResponseStatus.OK, "{\"bytes\":" + ex.body().length + "}\n");
                })
                .route("/later/", ex -> {
                    int delay = Integer.parseInt(ex.path().substring("/later/".length()));
                    elsewhere.schedule(() -> ex.respond(HttpResponseStatus.OK, "{\"n\":" + delay + "}\n"),
                            delay, TimeUnit.MILLISECONDS);
                })
                .route("/boom", ex -> {
                    throw new IllegalStateException("a bug in a service");
                })
                .route("/hold", ex -> {
                    ex.stream(HttpResponseStatus.OK);
                })
                .route("/flood", ex -> {
                    HttpStream s = ex.stream(HttpResponseStatus.OK);
                    ex.onClose(streamsClosed::incrementAndGet);
                    flood(s);
                })
                .build();
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, limits,
                Cidr.parseAll(allow), counters);
        return server.localAddress();
    }

    private InetSocketAddress start() {
        return start(HttpLimits.defaults(), List.of());
    }

    /** Writes 16 KiB chunks as long as the stream takes them, 64 MiB at most. */
    private void flood(HttpStream s) {
        if (flooded.addAndGet(16 * 1024) <= 64 * 1024 * 1024 && s.send("x".repeat(16 * 1024 - 1) + "\n")) {
            elsewhere.execute(() -> flood(s));
        }
    }

    private static InetAddress other() throws Exception {
        return InetAddress.getByName("127.0.0.2");
    }

    @Test
    void bodyOverTheBoundGets413BeforeItIsSent() {
        try (HttpWire c = HttpWire.connect(start())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 64000000\r\n\r\n");
            HttpWire.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(r.text()).startsWith("{\"err\":");
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        assertThat(counters.refused(HttpCounters.Refusal.BODY_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void chunkedBodyIsCountedAsItComesAndRefusedOverTheBound() {
        try (HttpWire c = HttpWire.connect(start())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(8192) + "\r\n" + "a".repeat(8192) + "\r\n";
            for (int i = 0; i < 13 && !c.writeFails(new byte[0]); i++) {
                c.send(chunk);
            }
            assertThat(c.read().status()).isEqualTo(413);
        }
    }

    @Test
    void bodyWithinTheBoundIsRead() {
        try (HttpWire c = HttpWire.connect(start())) {
            String body = "b".repeat(90_000);
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(c.read().text()).isEqualTo("{\"bytes\":90000}\n");
        }
    }

    @Test
    void overLongRequestTargetGets414() {
        try (HttpWire c = HttpWire.connect(start())) {
            c.send("GET /" + "a".repeat(65_536) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpWire.Response r = c.read();
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.text()).startsWith("{\"err\":");
        }
    }

    @Test
    void overLargeHeaderBlockGets431() {
        try (HttpWire c = HttpWire.connect(start())) {
            StringBuilder h = new StringBuilder("GET /echo HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 100; i++) {
                h.append("X-Filler-").append(i).append(": ").append("v".repeat(300)).append("\r\n");
            }
            c.send(h.append("\r\n").toString());
            assertThat(c.read().status()).isEqualTo(431);
        }
    }

    @Test
    void garbageGets400JsonAndTheConnectionCloses() {
        try (HttpWire c = HttpWire.connect(start())) {
            c.send(new byte[] {0, 1, 'g', 'a', 'r', 'b', 'a', 'g', 'e', '\r', '\n', '\r', '\n'});
            HttpWire.Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).startsWith("{\"err\":");
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
    }

    @Test
    void pathNoServiceClaimsGets404Json() {
        try (HttpWire c = HttpWire.connect(start())) {
            HttpWire.Response r = c.send("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).isEqualTo("{\"err\":\"Not found\"}");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrderEvenWhenLaterOnesFinishFirst() {
        try (HttpWire c = HttpWire.connect(start())) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                all.append("GET /later/").append(40 - 2 * i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            c.send(all.toString());
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                bodies.add(c.read().text());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("{\"n\":" + (40 - 2 * i) + "}\n");
            }
            assertThat(bodies).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aThrowingServiceGets500AndTheConnectionServesTheNextRequest() {
        try (HttpWire c = HttpWire.connect(start())) {
            c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpWire.Response r = c.read();
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).isEqualTo("{\"err\":\"Internal server error\"}");
            assertThat(c.read().status()).isEqualTo(200);
        }
        assertThat(counters.refused(HttpCounters.Refusal.HANDLER_ERROR)).isEqualTo(1);
    }

    @Test
    void keepAliveFollowsTheRequest() {
        InetSocketAddress at = start();
        try (HttpWire c = HttpWire.connect(at)) {
            HttpWire.Response r = c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.header("connection")).isEqualTo("keep-alive");
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
        try (HttpWire c = HttpWire.connect(at)) {
            HttpWire.Response r = c.send("GET /echo HTTP/1.0\r\n\r\n").read();
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        try (HttpWire c = HttpWire.connect(at)) {
            HttpWire.Response r = c.send("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
    }

    @Test
    void idleConnectionIsClosed() {
        InetSocketAddress at = start(HttpLimits.defaults().withTimeouts(WAIT, SHORT, WAIT), List.of());
        try (HttpWire c = HttpWire.connect(at)) {
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        assertThat(counters.idleClosed()).isEqualTo(1);
    }

    @Test
    void slowlorisIsBoundedPerSourceAndTimedOutWhileOtherSourcesAreServed() throws Exception {
        InetSocketAddress at = start(HttpLimits.defaults().withTimeouts(SHORT, WAIT, WAIT).withConnections(100, 8),
                List.of());
        List<HttpWire> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                HttpWire c = HttpWire.connect(at);
                slow.add(c);
                c.writeFails("G".getBytes(StandardCharsets.US_ASCII));
            }
            await().atMost(WAIT).until(() -> counters.refused(HttpCounters.Refusal.TOO_MANY_FROM_SOURCE) >= 22);
            try (HttpWire ok = HttpWire.connect(at, other())) {
                assertThat(ok.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            await().atMost(WAIT).until(() -> counters.openConnections() == 0);
            assertThat(counters.refused(HttpCounters.Refusal.READ_TIMEOUT)).isEqualTo(8);
        } finally {
            slow.forEach(HttpWire::close);
        }
    }

    @Test
    void sourcesOutsideTheAllowListAreClosedWithoutAnAnswer() throws Exception {
        InetSocketAddress at = start(HttpLimits.defaults(), List.of("127.0.0.2/32"));
        try (HttpWire refused = HttpWire.connect(at)) {
            refused.writeFails("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(refused.readToEnd()).isEmpty();
        }
        try (HttpWire allowed = HttpWire.connect(at, other())) {
            assertThat(allowed.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
        assertThat(counters.refused(HttpCounters.Refusal.NOT_ALLOWED)).isEqualTo(1);
    }

    @Test
    void streamWhoseReaderDoesNotReadIsClosedAndItsCloseListenerRuns() {
        InetSocketAddress at = start();
        try (HttpWire c = HttpWire.connect(at)) {
            c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> streamsClosed.get() == 1);
        }
        assertThat(counters.refused(HttpCounters.Refusal.SLOW_READER)).isEqualTo(1);
        assertThat(counters.openStreams()).isZero();
    }

    @Test
    void theBoundOnBytesWaitingOnAllConnectionsClosesANonReaderBeforeItsOwnBound() {
        InetSocketAddress at = start(HttpLimits.defaults().withQueues(Integer.MAX_VALUE, 256 * 1024), List.of());
        try (HttpWire c = HttpWire.connect(at)) {
            c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> streamsClosed.get() == 1);
        }
        assertThat(flooded.get()).as("bytes the service wrote before the close").isLessThan(64L * 1024 * 1024);
    }

    /** A request whose header block is about 15 KiB (within the 16 KiB bound). */
    private static String bigHeaderRequest() {
        StringBuilder b = new StringBuilder("GET /echo HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 15; i++) {
            b.append("X-").append(i).append(": ").append("y".repeat(1000)).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    @Test
    void headerBytesOfWaitingRequestsCountTowardThePipelineBound() {
        try (HttpWire c = HttpWire.connect(start())) {
            // 31 requests of ~15 KiB headers (465 KiB, no body) behind a stream that never ends
            c.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n" + bigHeaderRequest().repeat(31));
            assertThat(c.readHead().status()).isEqualTo(200);
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        assertThat(counters.refused(HttpCounters.Refusal.PIPELINE_FULL)).isEqualTo(1);
        assertThat(counters.refused(HttpCounters.Refusal.BAD_REQUEST)).as("requests cut by the close").isZero();
    }

    @Test
    void requestBytesHeldOnAllConnectionsAreBoundedAndRefusedWith503() {
        InetSocketAddress at = start(HttpLimits.defaults().withHeldRequestBytes(256 * 1024), List.of());
        List<HttpWire> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {  // 40 streams holding a ~15 KiB request each: 600 KiB asked
                HttpWire c = HttpWire.connect(at);
                clients.add(c);
                c.send(bigHeaderRequest().replace("/echo", "/hold"));
            }
            await().atMost(WAIT).until(() -> counters.refused(HttpCounters.Refusal.SERVER_BUSY) > 0);
            assertThat(server.heldRequestBytes()).isLessThanOrEqualTo(256 * 1024);
            HttpWire.Response busy = null;
            for (HttpWire c : clients) {
                HttpWire.Response r = c.readHead();
                if (r.status() == 503) {
                    busy = r;
                    break;
                }
            }
            assertThat(busy).as("a 503 answer").isNotNull();
        } finally {
            clients.forEach(HttpWire::close);
        }
        await().atMost(WAIT).until(() -> server.heldRequestBytes() == 0);
    }

    @Test
    void aHundredPipelinedRequestsAreAllAnsweredInOrder() {
        try (HttpWire c = HttpWire.connect(start())) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                all.append("GET /later/").append(i % 3).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            c.send(all.toString());
            for (int i = 0; i < 100; i++) {
                assertThat(c.read().text()).as("answer %d", i).isEqualTo("{\"n\":" + i % 3 + "}\n");
            }
        }
        assertThat(counters.refused(HttpCounters.Refusal.PIPELINE_FULL)).isZero();
    }

    @Test
    void requestsPipelinedBehindAStreamThatNeverEndsAreClosedWhenTheyMakeNoProgress() {
        InetSocketAddress at = start(HttpLimits.defaults().withTimeouts(SHORT, WAIT, WAIT), List.of());
        try (HttpWire c = HttpWire.connect(at)) {
            c.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n".repeat(40));
            assertThat(c.readHead().status()).isEqualTo(200);
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        assertThat(counters.refused(HttpCounters.Refusal.PIPELINE_FULL)).isEqualTo(1);
        await().atMost(WAIT).until(() -> server.heldRequestBytes() == 0);
    }

    @Test
    void aReadOfMoreTinyPipelinedRequestsThanTheBytesBoundAllowsIsClosedAndCounted() {
        try (HttpWire c = HttpWire.connect(start())) {
            c.send("GET /later/1 HTTP/1.1\r\n\r\n".repeat(1000));  // 26 KiB: one read, 1,000 requests
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        await().atMost(WAIT).until(() -> counters.refused(HttpCounters.Refusal.PIPELINE_FULL) == 1);
        await().atMost(WAIT).until(() -> server.heldRequestBytes() == 0);
    }

    /** Sends {@code request} on a new connection and reads its answer, after which the connection must close. */
    private HttpWire.Response answerBeforeClose(String request) {
        try (HttpWire c = HttpWire.connect(start())) {
            HttpWire.Response r = c.send(request).read();
            assertThat(c.closedWithin(WAIT)).as("closed after %d", r.status()).isTrue();
            return r;
        }
    }

    @Test
    void aTransferCodingOtherThanChunkedGets501InsteadOfBeingReadAsChunked() {
        HttpWire.Response r = answerBeforeClose("POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertThat(List.of(r.status(), counters.refused(HttpCounters.Refusal.BAD_REQUEST))).containsExactly(501, 1L);
        assertThat(r.text()).startsWith("{\"err\":");
    }

    @Test
    void anExpectationOtherThan100ContinueGets417() {
        assertThat(answerBeforeClose("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}")
                .status()).isEqualTo(417);
    }
}
