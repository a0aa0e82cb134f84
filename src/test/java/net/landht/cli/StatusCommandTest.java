package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code landht status} against a stub of the node's ops endpoint (the real one is tested with the node). */
class StatusCommandTest {
    private HttpServer server;
    private final List<String> paths = new ArrayList<>();

    private String serve(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void printsStatsAsKeyValueLines() throws IOException {
        String url = serve(200, "application/json", """
                {"nodeId":"0123456789abcdef0123456789abcdef01234567","uptimeSeconds":42,
                 "nodes":{"ipv4":{"good":12,"dubious":1},"ipv6":{"good":0,"dubious":0}},
                 "bound":["0.0.0.0:4222","[::]:4222"],"seeds":[],"lastError":null,
                 "peers":[{"address":"10.0.0.5:4222","good":true}]}
                """);
        CliRun r = CliRun.run("status", "--ops-url", url);
        assertThat(r.code).isZero();
        assertThat(r.out.lines()).containsExactly(
                "nodeId: 0123456789abcdef0123456789abcdef01234567",
                "uptimeSeconds: 42",
                "nodes.ipv4.good: 12",
                "nodes.ipv4.dubious: 1",
                "nodes.ipv6.good: 0",
                "nodes.ipv6.dubious: 0",
                "bound: 0.0.0.0:4222, [::]:4222",
                "seeds: (none)",
                "lastError: -",
                "peers[0].address: 10.0.0.5:4222",
                "peers[0].good: true");
        assertThat(paths).containsExactly("/stats");
    }

    @Test
    void urlWithAPathIsUsedAsItIs() throws IOException {
        String url = serve(200, "application/json", "{\"a\":1}");
        CliRun r = CliRun.run("status", "--ops-url", url + "/custom/stats");
        assertThat(r.code).isZero();
        assertThat(paths).containsExactly("/custom/stats");
    }

    @Test
    void httpErrorExitsOneWithTheStatus() throws IOException {
        String url = serve(503, "application/json", "{\"status\":\"down\"}");
        CliRun r = CliRun.run("status", "--ops-url", url);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("answered HTTP 503").contains("down");
    }

    @Test
    void unreachableNodeGivesAClearErrorAndExitsOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run("status", "--ops-url", "http://127.0.0.1:" + port);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).startsWith("landht status: cannot connect to http://127.0.0.1:" + port + "/stats")
                .contains("is landht running");
        assertThat(r.out).isEmpty();
    }

    @Test
    void badUrlIsAUsageError() {
        CliRun r = CliRun.run("status", "--ops-url", "ftp://x");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--ops-url");
    }

    @Test
    void withoutOpsUrlTheNodesOpsPortIsTakenFromTheEnvironment() throws IOException {
        String url = serve(200, "application/json", "{\"uptimeSeconds\":7}");
        String port = url.substring(url.lastIndexOf(':') + 1);

        CliRun r = CliRun.run(Map.of("LANDHT_OPS_PORT", port), "status");

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out.lines()).containsExactly("uptimeSeconds: 7");
        assertThat(paths).containsExactly("/stats");
    }

    @Test
    void withoutOpsUrlTheNodesOpsEndpointIsTakenFromTheConfigFileAWildcardBindMeaningLoopback(@TempDir Path dir)
            throws IOException {
        String url = serve(200, "application/json", "{\"uptimeSeconds\":8}");
        String port = url.substring(url.lastIndexOf(':') + 1);
        Path file = dir.resolve("landht.yaml");
        Files.writeString(file, "ops:\n  bind: 0.0.0.0\n  port: " + port + "\n");

        CliRun r = CliRun.run("status", "-c", file.toString());

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out.lines()).containsExactly("uptimeSeconds: 8");
    }

    @Test
    void aBadConfigFileIsAUsageErrorNamingTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("landht.yaml");
        Files.writeString(file, "ops:\n  prot: 1\n");

        CliRun r = CliRun.run("status", "-c", file.toString());

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("ops.prot").contains(file.toString());
    }
}
