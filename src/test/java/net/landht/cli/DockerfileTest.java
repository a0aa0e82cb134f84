package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the Dockerfile must keep (the image itself is built and pinged by ../shared/tools/container-smoke.sh in
 * .ci/run): Debian's JRE on bookworm-slim, no Maven inside the build, a non-root user, the DHT port, a state volume.
 */
class DockerfileTest {
    /** The Dockerfile's instructions, each on one line (continuation lines joined). */
    private static List<String> instructions() throws IOException {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            if (current.isEmpty() && (line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            String l = current.isEmpty() ? line : line.strip();
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1);
            } else {
                out.add(current.append(l).toString());
                current.setLength(0);
            }
        }
        return out;
    }

    @Test
    void buildsOnDebianJreWithoutMaven() throws IOException {
        String text = String.join("\n", instructions());
        assertThat(instructions().get(0)).isEqualTo("FROM debian:bookworm-slim");
        assertThat(text).contains("apt-get install -y --no-install-recommends openjdk-17-jre-headless")
                .contains("COPY target/landht.jar /opt/landht/landht.jar")
                .doesNotContain("mvn").doesNotContain("maven").doesNotContain("curl").doesNotContain("wget");
    }

    @Test
    void runsAsNonRootWithStateInAVolume() throws IOException {
        List<String> l = instructions();
        assertThat(l).contains("EXPOSE 4222/udp", "VOLUME /var/lib/landht", "ENV STATE_DIRECTORY=/var/lib/landht");
        assertThat(l).filteredOn(s -> s.startsWith("USER ")).singleElement()
                .satisfies(u -> assertThat(u).isNotIn("USER root", "USER 0", "USER 0:0"));
        assertThat(l).anyMatch(s -> s.startsWith("HEALTHCHECK "));
        assertThat(l).anyMatch(s -> s.startsWith("ENTRYPOINT [\"java\"") && s.contains("/opt/landht/landht.jar"));
    }

    @Test
    void runsWithTheSmallFootprintOptionsAndTheClassArchiveMadeAtBuild() throws IOException {
        List<String> l = instructions();
        assertThat(l).filteredOn(s -> s.startsWith("ENTRYPOINT ")).singleElement().satisfies(e -> assertThat(e)
                .contains("\"-XX:+UseSerialGC\"", "\"-Xmn32m\"", "\"-XX:+ExitOnOutOfMemoryError\"",
                        "\"-XX:SharedArchiveFile=/opt/landht/landht.jsa\""));
        assertThat(l).anySatisfy(s -> assertThat(s).startsWith("RUN ")
                .contains("-XX:ArchiveClassesAtExit=/opt/landht/landht.jsa", "--no-peer-discovery",
                        "--bind 127.0.0.1", "test -s /opt/landht/landht.jsa"));
    }

    @Test
    void theHealthCheckIsTheScriptThatFindsTheOpsPortAndThePortOnlyExampleTurnsDiscoveryOff() throws IOException {
        List<String> l = instructions();
        assertThat(l).contains("COPY docker/healthcheck.sh /usr/local/bin/landht-healthcheck");
        assertThat(l).filteredOn(s -> s.startsWith("HEALTHCHECK ")).singleElement().asString()
                .endsWith("CMD [\"/usr/local/bin/landht-healthcheck\"]");
        assertThat(Files.isExecutable(Path.of("docker/healthcheck.sh"))).isTrue();
        String comments = String.join("\n", Files.readAllLines(Path.of("Dockerfile")));
        assertThat(comments).contains("-p 4222:4222/udp -p 8000:8000 -e LANDHT_DISCOVERY_ENABLED=false");
    }

    @Test
    void buildContextIsOnlyTheJarAndTheConfig() throws IOException {
        assertThat(Files.readAllLines(Path.of(".dockerignore")).stream().filter(l -> !l.startsWith("#")))
                .containsExactly("*", "!target/landht.jar", "!config/landht.yaml", "!docker/healthcheck.sh");
    }
}
