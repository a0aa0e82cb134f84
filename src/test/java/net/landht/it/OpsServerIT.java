package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.JarCommand;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import net.landht.ops.PrometheusText;

/**
 * The ops endpoint of a running landht with real OpenDHT peers (python3-opendht) that bootstrapped from it, put a
 * value through it and listen on it: /health, /metrics read by a Prometheus text parser, /stats, and
 * {@code landht status} — and a node whose ops port is taken does not start.
 */
class OpsServerIT {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ItFixture it = ItFixture.requiring(Prerequisites::requirePythonOpendht);

    @Test
    void healthMetricsStatsAndStatusDescribeANodeWithRealPeers() throws Exception {
        Path logs = it.logs();
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(opsPort).logLevel("info").start());
        String ops = "http://127.0.0.1:" + opsPort;
        List<PythonPeer> peers = it.peersConnectedTo(landht, 2, false, CONNECT);
        String key = Swarm.randomKey();
        peers.get(1).listen(key);
        assertThat(peers.get(0).put(key, "ops-it")).as("put reported done and ok").isTrue();
        Swarm.assertStores(landht.address(), key, "ops-it");

        await("/health reports the peers as good nodes").atMost(CONNECT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    HttpResponse<String> health = get(ops + "/health");
                    assertThat(health.statusCode()).isEqualTo(200);
                    JsonNode h = JSON.readTree(health.body());
                    assertThat(h.path("status").asText()).isEqualTo("ok");
                    assertThat(h.path("good_nodes").asInt()).isGreaterThanOrEqualTo(2);
                    assertThat(h.path("udp").get(0).asText()).isEqualTo(landht.hostPort());
                });

        HttpResponse<String> metrics = get(ops + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        PrometheusText m = PrometheusText.parse(metrics.body());
        assertThat(m.family("landht_packets_total").getType()).isEqualTo(MetricType.COUNTER);
        assertThat(m.value("landht_packets_total", "direction", "in", "type", "find")).isPositive();
        assertThat(m.value("landht_packets_total", "direction", "in", "type", "put")).isPositive();
        assertThat(m.value("landht_packets_total", "direction", "in", "type", "listen")).isPositive();
        assertThat(m.value("landht_packets_total", "direction", "out", "type", "ping")).isPositive();
        assertThat(m.value("landht_datagrams_total", "direction", "in")).isGreaterThan(
                m.value("landht_packets_total", "direction", "in", "type", "put"));
        assertThat(m.value("landht_routing_nodes", "family", "ipv4", "state", "good")).isGreaterThanOrEqualTo(2);
        assertThat(m.value("landht_routing_buckets", "family", "ipv4")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("landht_storage_values")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("landht_storage_bytes")).isGreaterThanOrEqualTo("ops-it".length());
        assertThat(m.value("landht_listeners")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("landht_storage_puts_total", "outcome", "stored")).isGreaterThanOrEqualTo(1);
        assertThat(m.sum("landht_storage_refusals_total")).isZero();
        assertThat(m.family("landht_drops_total").getType()).isEqualTo(MetricType.COUNTER);
        assertThat(m.family("landht_decode_errors_total").getType()).isEqualTo(MetricType.COUNTER);
        assertThat(m.value("landht_udp_up")).isEqualTo(1);
        assertThat(m.value("landht_info", "node_id", landht.nodeId())).isEqualTo(1);
        // the components the daemon hands to the endpoint: discovery (off here), persistence (on), rate limiters
        assertThat(m.value("landht_discovery_up")).isZero();
        assertThat(m.value("landht_discovery_peers_fed_total")).isZero();
        assertThat(m.value("landht_persistence_snapshot_bytes")).isPositive();
        assertThat(m.value("landht_persistence_journal_bytes")).isPositive();
        assertThat(m.value("landht_persistence_write_errors_total")).isZero();
        assertThat(m.family("landht_rate_limit_evictions_total").getMetrics()).hasSize(3);
        assertThat(m.value("landht_truncated_datagrams_total")).isZero();
        assertThat(m.value("landht_handler_failures_total")).isZero();
        assertThat(m.value("jvm_memory_used_bytes", "area", "heap", "id", "G1 Old Gen")).isPositive();
        assertThat(m.value("jvm_threads_live_threads")).isGreaterThanOrEqualTo(2);
        assertThat(m.value("process_uptime_seconds")).isPositive();

        HttpResponse<String> stats = get(ops + "/stats");
        assertThat(stats.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(stats.body());
        assertThat(s.path("node_id").asText()).isEqualTo(landht.nodeId());
        assertThat(s.path("version").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(s.path("config_source").asText()).contains("--ops-port");
        assertThat(s.path("udp").get(0).asText()).isEqualTo(landht.hostPort());
        assertThat(s.path("nodes").path("ipv4").path("good").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(s.path("storage").path("values").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(s.path("storage").path("listeners").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(s.path("requests").path("in").asLong()).isPositive();
        assertThat(s.path("drops").path("total").isNumber()).isTrue();

        JarCommand.Result status = JarCommand.run(logs, "status", List.of("status", "--ops-url", ops));
        assertThat(status.exitCode()).as("landht status exit code; output:\n" + status.output()).isZero();
        assertThat(status.output()).contains("node_id: " + landht.nodeId() + "\n", "udp: " + landht.hostPort() + "\n")
                .containsPattern("(?m)^nodes\\.ipv4\\.good: [2-9]\\d*$")
                .containsPattern("(?m)^storage\\.values: [1-9]\\d*$")
                .containsPattern("(?m)^requests\\.in: [1-9]\\d*$");
    }

    @Test
    void aNodeWhoseOpsPortIsTakenDoesNotStartAndSaysWhichAddress() throws Exception {
        Path logs = it.logs();
        try (ServerSocket busy = new ServerSocket(FreePorts.tcp(), 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            JarCommand.Result r = JarCommand.run(logs, "landht-busy-ops", List.of("--port",
                    Integer.toString(FreePorts.udp()), "--bind", "127.0.0.1", "--no-peer-discovery", "--no-http", "--ops-port", Integer.toString(port),
                    "--state-dir", logs.resolve("busy-state").toString()));

            assertThat(r.exitCode()).as("exit code; output:\n" + r.output()).isEqualTo(1);
            assertThat(r.output()).contains("ERROR", "cannot serve ops HTTP on TCP 127.0.0.1:" + port,
                    "Address already in use", "--no-ops");
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
