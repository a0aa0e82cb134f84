package net.landht.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.config.NodeConfig;
import net.landht.testing.HttpWire;

/**
 * The bounds on open connections over real loopback sockets: in total, and per source as
 * {@code http.max-connections-per-source} configures it (many Jami desktops behind one NAT router share an address).
 */
class ConnectionBoundsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GET = "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n";

    private final HttpCounters counters = new HttpCounters();
    private final List<HttpWire> held = new ArrayList<>();
    private LanHttpServer server;

    @AfterEach
    void stop() {
        held.forEach(HttpWire::close);
        if (server != null) {
            server.close();
        }
    }

    private static HttpRouter echo() {
        return HttpRouter.builder().route("/echo", ex -> {
            ex.route("echo");
            ex.respond(HttpResponseStatus.OK, "{}\n");
        }).build();
    }

    /** Opens {@code n} connections from the default loopback address and waits until the server holds them. */
    private void hold(InetSocketAddress at, int n) {
        for (int i = 0; i < n; i++) {
            held.add(HttpWire.connect(at));
        }
        await().atMost(WAIT).until(() -> counters.openConnections() == n);
    }

    @Test
    void theConfiguredPerSourceBoundIsHitWhileAnotherSourceIsServed() throws Exception {
        NodeConfig.Http http = new NodeConfig.Http(true, "127.0.0.1", 0, false, 5);
        server = LanHttpServer.open(http, List.of(), echo(), HttpLimits.of(http), counters);
        InetSocketAddress at = server.localAddress();
        hold(at, 5);
        for (HttpWire c : held) {
            assertThat(c.send(GET).read().status()).isEqualTo(200);
        }
        try (HttpWire extra = HttpWire.connect(at)) {
            assertThat(extra.closedWithin(WAIT)).isTrue();
        }
        assertThat(counters.refused(HttpCounters.Refusal.TOO_MANY_FROM_SOURCE)).isEqualTo(1);
        try (HttpWire other = HttpWire.connect(at, InetAddress.getByName("127.0.0.2"))) {
            assertThat(other.send(GET).read().status()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultPerSourceBoundIs256() {
        assertThat(HttpLimits.of(NodeConfig.defaults().http()).maxConnectionsPerSource()).isEqualTo(256);
        assertThat(HttpLimits.defaults().maxConnectionsPerSource()).isEqualTo(256);
    }

    @Test
    void connectionsOverTheTotalBoundAreClosedAtOnce() {
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo(),
                HttpLimits.defaults().withConnections(3, 3), List.of(), counters);
        InetSocketAddress at = server.localAddress();
        hold(at, 3);
        try (HttpWire extra = HttpWire.connect(at)) {
            assertThat(extra.closedWithin(WAIT)).isTrue();
        }
        assertThat(counters.refused(HttpCounters.Refusal.TOO_MANY_CONNECTIONS)).isEqualTo(1);
    }
}
