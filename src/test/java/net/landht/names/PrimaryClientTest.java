package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PrimaryClient} against a primary that stops answering half-way: a plain server socket on loopback that
 * sends what the test says and then holds the connection open. An exchange the client gave up on must not keep its
 * connection: otherwise every lookup a client sends to a secondary whose primary hangs leaves a socket open for good.
 */
class PrimaryClientTest {
    /** Short bounds so the test waits for the client's give-up, not the production 3/5/6 s. */
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration ANSWER = Duration.ofMillis(300);
    private static final Duration EXCHANGE = Duration.ofMillis(500);
    /** How long the primary waits to see the client close; far over the bounds above. */
    private static final int CLOSE_WAIT_MS = 10_000;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aBodyThatStopsHalfWayIs503AndItsConnectionIsClosed() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":\"";
        assertClosedAfterGiveUp(head);
    }

    @Test
    void aHeadThatNeverComesIs503AndItsConnectionIsClosed() throws Exception {
        assertClosedAfterGiveUp("");
    }

    /** The primary accepts, reads the request, sends {@code partial} and waits: the client must answer and close. */
    private void assertClosedAfterGiveUp(String partial) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            PrimaryClient client = new PrimaryClient("http://127.0.0.1:" + server.getLocalPort(), executor,
                    CONNECT, ANSWER, EXCHANGE);
            var relay = client.send("GET", "/name/alice", new byte[0]);
            try (Socket s = server.accept()) {
                s.setSoTimeout(CLOSE_WAIT_MS);
                InputStream in = s.getInputStream();
                readHead(in);
                OutputStream out = s.getOutputStream();
                out.write(partial.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                PrimaryClient.Relay r = relay.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
                assertThat(r.response().status()).isEqualTo(503);
                assertThat(r.outcome()).isEqualTo(ForwardCounters.Outcome.UNREACHABLE);
                // a read that times out (SocketTimeoutException) fails the test: the client kept the connection
                assertThat(in.read()).as("the client closed its connection to the primary").isEqualTo(-1);
            }
        }
    }

    private static void readHead(InputStream in) throws Exception {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            assertThat(b).as("request head").isNotEqualTo(-1);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }
}
