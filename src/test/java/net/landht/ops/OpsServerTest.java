package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.landht.NodeRuntime;
import net.landht.config.NodeConfig;
import net.landht.dht.DhtCounters;
import net.landht.net.UdpTransport;
import net.landht.value.Refusal;
import net.landht.wire.DecodeError;

/** The ops endpoint in front of a real (peerless) node on loopback: routes, status codes, bodies, bind failures. */
class OpsServerTest {
    private static final ObjectMapper JSON = OpsTestNode.JSON;

    @TempDir
    Path stateDir;

    private OpsTestNode node;
    private UdpTransport transport;
    private NodeRuntime rt;
    private OpsServer ops;

    @BeforeEach
    void startNode() throws Exception {
        node = new OpsTestNode(stateDir);
        transport = node.transport;
        rt = node.rt;
        ops = node.ops;
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return node.get(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return node.send(b);
    }

    private URI uri(String path) {
        return node.uri(path);
    }

    private void ping() throws IOException {
        node.ping();
    }

    @Test
    void healthIs200WithGoodNodesAndTheUdpAddressWhileTheSocketsAreOpen() throws Exception {
        HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("good_nodes").isInt()).isTrue();
        assertThat(body.path("udp").get(0).asText()).isEqualTo("127.0.0.1:" + transport.port());
    }

    @Test
    void healthIs503OnceTheUdpSocketsAreClosed() throws Exception {
        transport.close();

        HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("down");
    }

    @Test
    void healthIs503StalledWhenTheEventLoopDoesNotAnswerInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        rt.loop().execute(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            HttpResponse<String> r = get("/health");

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("stalled");
        } finally {
            release.countDown();
        }
    }

    @Test
    void metricsParseAsPrometheusTextWithTheNodeFamiliesAndCountAPing() throws Exception {
        ping();

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(OpsMetrics.TEXT_FORMAT);
        PrometheusText m = PrometheusText.parse(r.body());
        assertThat(m.family("landht_packets_total").getType()).isEqualTo(MetricType.COUNTER);
        assertThat(m.value("landht_packets_total", "direction", "in", "type", "ping")).isEqualTo(1.0);
        assertThat(m.value("landht_datagrams_total", "direction", "in")).isEqualTo(1.0);
        assertThat(m.value("landht_datagrams_total", "direction", "out")).isGreaterThanOrEqualTo(1.0);
        assertThat(m.family("landht_drops_total").getMetrics()).hasSize(DhtCounters.Drop.values().length);
        assertThat(m.family("landht_decode_errors_total").getMetrics()).hasSize(DecodeError.values().length);
        assertThat(m.family("landht_routing_nodes").getType()).isEqualTo(MetricType.GAUGE);
        assertThat(m.family("landht_routing_nodes").getMetrics()).hasSize(6);  // 2 families x 3 states
        assertThat(m.value("landht_storage_values")).isZero();
        assertThat(m.value("landht_storage_bytes")).isZero();
        assertThat(m.value("landht_listeners")).isZero();
        assertThat(m.family("landht_storage_refusals_total").getMetrics()).hasSize(Refusal.values().length);
        assertThat(m.value("landht_udp_up")).isEqualTo(1.0);
        assertThat(m.value("landht_client_operations", "kind", "listen")).isZero();
        assertThat(m.family("landht_client_refusals_total").getMetrics())
                .hasSize(net.landht.dht.DhtClient.Limit.values().length);
        assertThat(m.value("landht_info", "node_id", rt.id().toString())).isEqualTo(1.0);
        assertThat(m.families()).containsKeys("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes",
                "jvm_threads_live_threads", "process_uptime_seconds", "system_cpu_count", "process_cpu_usage");
    }

    @Test
    void metricsAreOpenMetricsWhenTheScraperAsksForThem() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").GET());

        assertThat(r.headers().firstValue("content-type")).hasValue(OpsMetrics.OPENMETRICS_FORMAT);
        assertThat(r.body()).endsWith("# EOF\n");
    }

    @Test
    void statsIsJsonWithIdentityAddressesAndCounters() throws Exception {
        ping();

        HttpResponse<String> r = get("/stats");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.path("node_id").asText()).isEqualTo(rt.id().toString());
        assertThat(s.path("config_source").asText()).isEqualTo("test config");
        assertThat(s.path("udp").get(0).asText()).isEqualTo("127.0.0.1:" + transport.port());
        assertThat(s.path("snapshot_fresh").asBoolean()).isTrue();
        assertThat(s.path("nodes").path("ipv4").path("buckets").asInt()).isEqualTo(1);
        assertThat(s.path("storage").path("values").asInt()).isZero();
        assertThat(s.path("requests").path("in").asLong()).isEqualTo(1);
        assertThat(s.path("packets").path("in").path("ping").asLong()).isEqualTo(1);
        assertThat(s.path("datagrams").path("out").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.path("drops").path("total").asLong()).isZero();
        assertThat(s.path("client").path("listens").isInt()).isTrue();
        assertThat(s.path("uptime_seconds").isNumber()).isTrue();
    }

    @Test
    void everyLandhtMetricSaysWhatItCountsAndEveryCounterEndsInTotal() throws Exception {
        PrometheusText m = node.metrics();

        assertThat(m.families().keySet()).filteredOn(name -> name.startsWith("landht_"))
                .hasSizeGreaterThan(30)
                .allSatisfy(name -> assertThat(m.family(name).getHelp()).as("HELP of %s", name).isNotBlank());
        assertThat(m.families().keySet()).filteredOn(name -> name.startsWith("landht_")
                        && m.family(name).getType() == MetricType.COUNTER)
                .allSatisfy(name -> assertThat(name).endsWith("_total"));
    }

    @Test
    void anOtherPathIs404() throws Exception {
        assertThat(get("/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/healthz").statusCode()).isEqualTo(404);
    }

    @Test
    void aPathWithAQueryStringIsServed() throws Exception {
        assertThat(get("/health?verbose=1").statusCode()).isEqualTo(200);
    }

    @Test
    void anOtherMethodIs405WithAllowGet() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/stats"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void aBusyPortFailsWithTheAddressAndTheWayOutInTheMessage() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeRuntime other = new NodeRuntime(withOps(true, busy.getLocalPort()), "test", rt.id(), transport,
                    rt.dht(), rt.loop(), rt.clock(), rt.random());

            assertThatThrownBy(() -> OpsServer.start(other, node.discovery, node.state))
                    .isInstanceOf(OpsServer.OpsBindException.class)
                    .hasToString("cannot serve ops HTTP on TCP 127.0.0.1:" + busy.getLocalPort()
                            + ": Address already in use: another program already uses TCP 127.0.0.1:"
                            + busy.getLocalPort() + " (a second landht?): stop it or choose another port with "
                            + "ops.port / --ops-port (or turn the endpoint off: ops.enabled: false / --no-ops)");
        }
    }

    @Test
    void anAddressNotOnThisHostSaysSoAndNamesOpsBind() throws Exception {
        NodeRuntime other = new NodeRuntime(withOps(true, "192.0.2.123", 8422), "test", rt.id(), transport,
                rt.dht(), rt.loop(), rt.clock(), rt.random());

        assertThatThrownBy(() -> OpsServer.start(other, node.discovery, node.state))
                .isInstanceOf(OpsServer.OpsBindException.class)
                .hasMessageStartingWith("cannot serve ops HTTP on TCP 192.0.2.123:8422: Cannot assign requested "
                        + "address: 192.0.2.123 is not an address of this host: check ops.bind; at boot");
    }

    @Test
    void aDisabledEndpointBindsNothing() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeRuntime off = new NodeRuntime(withOps(false, busy.getLocalPort()), "test", rt.id(), transport,
                    rt.dht(), rt.loop(), rt.clock(), rt.random());

            try (AutoCloseable none = OpsServer.start(off, node.discovery, node.state)) {
                assertThat(none).isNotInstanceOf(OpsServer.class);
            }
        }
    }

    private NodeConfig withOps(boolean enabled, int port) {
        return withOps(enabled, "127.0.0.1", port);
    }

    private NodeConfig withOps(boolean enabled, String bind, int port) {
        NodeConfig c = rt.config();
        return new NodeConfig(c.dht(), c.storage(), c.persistence(), c.discovery(),
                new NodeConfig.Ops(enabled, bind, port), c.limits(), c.logging());
    }
}
