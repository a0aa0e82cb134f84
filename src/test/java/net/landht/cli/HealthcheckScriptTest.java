package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The image's HEALTHCHECK script (docker/healthcheck.sh), run with bash against a stand-in /health on 127.0.0.1:
 * it finds the ops port where the node does (its command line, then the environment, then its config file).
 */
class HealthcheckScriptTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private volatile int status = 200;

    @BeforeEach
    void serveHealth() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    /** Runs the script as if the node had been started with {@code nodeArgs}; returns its exit status. */
    private int check(List<String> nodeArgs, Map<String, String> env) throws Exception {
        Path cmdline = dir.resolve("cmdline");
        Files.writeString(cmdline, String.join("\0", nodeArgs) + "\0", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", "docker/healthcheck.sh").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LANDHT_"));
        pb.environment().putAll(env);
        pb.environment().put("LANDHT_HEALTHCHECK_CMDLINE", cmdline.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the health check did not finish within 20 s");
        }
        return p.exitValue();
    }

    private Path config(String text) throws IOException {
        Path f = dir.resolve("landht.yaml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void theConfigFileTheNodeReadsGivesThePort() throws Exception {
        Path f = config("dht:\n  port: 4222\nops:\n  enabled: true\n  bind: 0.0.0.0   # all\n  port: " + port()
                + "   # moved\n");
        assertThat(check(List.of("java", "-jar", "/opt/landht/landht.jar", "-c", f.toString()), Map.of())).isZero();
        assertThat(check(List.of("java", "-jar", "landht.jar", "--config=" + f), Map.of())).isZero();
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() throws Exception {
        Path f = config("ops:\n  port: 1\n");
        List<String> node = List.of("java", "-jar", "landht.jar", "-c", f.toString());
        assertThat(check(node, Map.of("LANDHT_OPS_PORT", Integer.toString(port())))).isZero();
        assertThat(check(List.of("java", "-jar", "landht.jar", "-c", f.toString(), "--ops-port",
                Integer.toString(port())), Map.of("LANDHT_OPS_PORT", "1"))).isZero();
    }

    @Test
    void aNodeThatIsNotHealthyOrNotThereFailsTheCheck() throws Exception {
        status = 503;
        assertThat(check(List.of("java", "-jar", "landht.jar", "--ops-port", Integer.toString(port())), Map.of()))
                .isEqualTo(1);
        Path f = config("ops:\n  port: 1\n");
        assertThat(check(List.of("java", "-jar", "landht.jar", "-c", f.toString()), Map.of())).isEqualTo(1);
    }
}
