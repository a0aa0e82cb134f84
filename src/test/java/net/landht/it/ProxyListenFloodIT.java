package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.Swarm;

/**
 * 1,000 proxy listen streams whose readers never read (issue 11), on one key, with one real UDP OpenDHT node
 * (python3-opendht) next to landht: first that node puts to the key, and its updates reach landht through the one
 * remote listen landht shares among all 1,000 listeners (not 1,000 remote listens, each update multiplied by 1,000
 * and rate-limited away); then puts through the proxy are written to every stream until each reader's bytes pass
 * landht's bounds, and each connection is closed and its DHT listen cancelled. landht runs with a 128 MiB heap,
 * which a thousand unbounded write queues (40 values of 12 KiB, 16 KB as JSON lines, to 1,000 streams is 650 MB) or
 * a thousand copies of each value would overflow; it keeps answering pings and HTTP meanwhile, and logs no
 * OutOfMemoryError.
 */
class ProxyListenFloodIT {
    private static final int STREAMS = 1000;
    private static final int PUTS = 40;
    /** Puts by the UDP node while all streams are open. */
    private static final int PEER_PUTS = 5;
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void aThousandNonReadingListenersAreClosedWithTheHeapBoundedAndTheNodeAnswering() throws Exception {
        int httpPort = FreePorts.tcp();
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).httpPort(httpPort).opsPort(opsPort)
                .logLevel("info").jvmArgs("-Xmx128m").start());
        PythonPeer peer = it.add(PythonPeer.start(it.logs(), "putter",
                PythonPeer.Options.of("127.0.0.1:" + landht.address().getPort())));
        String key = Swarm.randomKey();
        List<Socket> readers = new ArrayList<>();
        try (RawDhtClient pinger = RawDhtClient.forTarget(landht.address())) {
            for (int i = 0; i < STREAMS; i++) {
                readers.add(listenWithoutReading(httpPort, key, i));
            }
            // the ops port may bind a moment after the UDP socket the process start waits for
            await().atMost(CONNECT).ignoreExceptions().until(() -> proxy(opsPort).path("listens").asInt() == STREAMS);
            await().atMost(CONNECT).until(() -> clientEvent(opsPort, "listen_sent") > 0); // placed on the peer
            for (int i = 0; i < PEER_PUTS; i++) {
                assertThat(peer.put(key, "from the udp node " + i + " " + "u".repeat(1024))).as("peer put %d", i)
                        .isTrue();
            }
            await().atMost(CONNECT).until(() -> clientEvent(opsPort, "update_in") >= PEER_PUTS);
            JsonNode afterPeer = stats(opsPort);
            assertThat(afterPeer.path("client").path("events").path("listen_shared").asInt())
                    .as("one shared listen for the key").isEqualTo(1);
            assertThat(afterPeer.path("client").path("events").path("update_in").asInt())
                    .as("updates: one per put (and a refresh), not one per listener").isLessThanOrEqualTo(2 * PEER_PUTS);
            assertThat(afterPeer.path("drops").path("rate_limited").asInt()).as("updates dropped as rate_limited")
                    .isZero();
            System.out.printf("ProxyListenFloodIT: %d listeners, %d UDP puts: %d updates in, %d listens sent, "
                            + "%d datagrams in, %d drops%n", STREAMS, PEER_PUTS,
                    afterPeer.path("client").path("events").path("update_in").asLong(),
                    afterPeer.path("client").path("events").path("listen_sent").asLong(),
                    afterPeer.path("datagrams").path("in").asLong(), afterPeer.path("drops").path("total").asLong());
            assertThat(pinger.ping(landht.address()).id()).isEqualTo(landht.nodeId());
            String data = Base64.getEncoder().encodeToString("v".repeat(12 * 1024).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < PUTS; i++) {
                HttpResponse<String> put = post("http://127.0.0.1:" + httpPort + "/key/" + key,
                        "{\"data\":\"" + data + "\",\"id\":\"" + (i + 1) + "\",\"type\":0}");
                assertThat(put.statusCode()).as("put %d: %s", i, put.body()).isEqualTo(200);
                assertThat(pinger.ping(landht.address()).id()).isEqualTo(landht.nodeId());
            }
            await().atMost(DRAIN).until(() -> proxy(opsPort).path("listens_open").asInt() == 0);
            assertThat(pinger.ping(landht.address()).id()).isEqualTo(landht.nodeId());
            assertThat(get("http://127.0.0.1:" + httpPort + "/").statusCode()).isEqualTo(200);
            assertThat(stats(opsPort).path("http").path("refused").path("slow_reader").asInt())
                    .as("connections closed as slow readers").isGreaterThan(0);
        } finally {
            for (Socket s : readers) {
                s.close();
            }
        }
        assertThat(Files.readString(landht.logFile(), StandardCharsets.ISO_8859_1))
                .doesNotContain("java.lang.OutOfMemoryError");
    }

    /** A listen from its own loopback address (127.1.x.y: per-source bounds stay out of the way), never read. */
    private static Socket listenWithoutReading(int httpPort, String key, int i) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.bind(new InetSocketAddress(InetAddress.getByName("127.1." + (i / 250) + "." + (i % 250 + 1)), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 3000);
        s.getOutputStream().write(("GET /key/" + key + "/listen HTTP/1.1\r\nHost: landht\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static JsonNode stats(int opsPort) throws Exception {
        return JSON.readTree(get("http://127.0.0.1:" + opsPort + "/stats").body());
    }

    private static long clientEvent(int opsPort, String event) throws Exception {
        return stats(opsPort).path("client").path("events").path(event).asLong();
    }

    private static JsonNode proxy(int opsPort) throws Exception {
        return stats(opsPort).path("proxy");
    }

    private static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
