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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.Swarm;

/**
 * Request bytes a LAN host makes landht hold cannot exhaust its heap: from ten addresses, 64 connections each
 * (within the per-source bound of 256), a proxy listen followed by 12 pipelined requests with 15 KiB of headers,
 * which wait behind the never-ending stream (115 MB asked of a 128 MiB heap; before the bound, half of this filled
 * the heap in 0.1 s and left landht answering nothing). landht refuses what passes its bound with 503, keeps
 * answering HTTP and pings, and logs no OutOfMemoryError.
 */
class HttpRequestFloodIT {
    private static final int SOURCES = 10;
    private static final int PER_SOURCE = 64;
    private static final int WAITING = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void headerHeavyRequestsWaitingBehindListensAreRefusedBeforeTheHeapFills() throws Exception {
        int httpPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).httpPort(httpPort).opsPort(FreePorts.tcp())
                .logLevel("info").jvmArgs("-Xmx128m").start());
        String key = Swarm.randomKey();
        StringBuilder heavy = new StringBuilder("GET / HTTP/1.1\r\nHost: landht\r\n");
        for (int h = 0; h < 15; h++) {
            heavy.append("X-Filler-").append(h).append(": ").append("y".repeat(1000)).append("\r\n");
        }
        byte[] flood = (("GET /key/" + key + "/listen HTTP/1.1\r\nHost: landht\r\n\r\n")
                + (heavy + "\r\n").repeat(WAITING)).getBytes(StandardCharsets.US_ASCII);
        List<Socket> sockets = new ArrayList<>();
        try (RawDhtClient pinger = RawDhtClient.forTarget(landht.address())) {
            for (int s = 0; s < SOURCES; s++) {
                for (int c = 0; c < PER_SOURCE; c++) {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress(InetAddress.getByName("127.2.0." + (s + 1)), 0));
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 3000);
                    socket.getOutputStream().write(flood);
                    sockets.add(socket);
                }
            }
            String root = "http://127.0.0.1:" + httpPort + "/";
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(get(root)).isEqualTo(200));
            assertThat(pinger.ping(landht.address()).id()).isEqualTo(landht.nodeId());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(Files.readString(landht.logFile(), StandardCharsets.ISO_8859_1))
                .doesNotContain("java.lang.OutOfMemoryError");
    }

    private static int get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
