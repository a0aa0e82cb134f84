package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd/landht.service} passes {@code systemd-analyze verify} (Debian's {@code systemd} package; a missing
 * systemd-analyze fails this test, it never skips), keeps the hardening the README promises, and starts landht
 * through the {@code /usr/bin/landht} wrapper ({@code src/deb/bin/landht}), which carries the JVM options.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("systemd/landht.service");
    private static final Path WRAPPER_SOURCE = Path.of("src/deb/bin/landht");
    private static final String WRAPPER = "/usr/bin/landht";
    private static final String EXEC_START = "ExecStart=" + WRAPPER + " -c /etc/landht/landht.yaml";

    @TempDir
    Path dir;

    private static List<String> lines() throws IOException {
        return Files.readAllLines(UNIT);
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutWarnings() throws Exception {
        Path analyze = onPath("systemd-analyze");
        if (analyze == null) {
            fail("systemd-analyze is not installed: apt-get install -y systemd (the unit must be verified)");
        }
        // verify checks that ExecStart's program exists and is executable. The unit names the package's
        // /usr/bin/landht; the copy verified here names the same script in the source tree, and nothing else
        // changes. The config path is an argument: verify does not look at it.
        assertThat(Files.isExecutable(WRAPPER_SOURCE)).as("%s is executable", WRAPPER_SOURCE).isTrue();
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=" + WRAPPER + " ");
        unit = unit.replace("ExecStart=" + WRAPPER + " ", "ExecStart=" + WRAPPER_SOURCE.toAbsolutePath() + " ");
        Path copy = dir.resolve("landht.service");
        Files.writeString(copy, unit);

        Process p = new ProcessBuilder(analyze.toString(), "verify", "--man=no", copy.toString())
                .redirectErrorStream(true).directory(dir.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("systemd-analyze verify did not finish within 120 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status of systemd-analyze verify; output:%n%s", output).isZero();
        // verify only warns (exit 0) about unknown keys and unparsable values: those count as failures here.
        List<String> aboutOurUnit = output.lines().filter(l -> l.contains("landht.service")).toList();
        assertThat(aboutOurUnit).as("systemd-analyze verify warnings about the unit").isEmpty();
    }

    @Test
    void unitRunsTheJarWithTheConfigAsADedicatedUser() throws IOException {
        List<String> l = lines();
        assertThat(l).contains(EXEC_START, "StateDirectory=landht", "Restart=on-failure");
        assertThat(l).anySatisfy(s -> assertThat(s).isIn("DynamicUser=yes", "User=landht"));
    }

    @Test
    void wrapperExecsJavaWithTheServiceJvmOptionsAndPassesEveryArgument() throws IOException {
        String script = Files.readString(WRAPPER_SOURCE);
        assertThat(script).startsWith("#!/bin/sh\n");
        // one exec line (continued with a backslash): exec replaces the shell, so systemd's SIGTERM reaches the JVM
        String exec = script.replace("\\\n", " ").lines().filter(l -> l.startsWith("exec ")).findFirst()
                .orElseThrow(() -> new AssertionError("no exec line in " + WRAPPER_SOURCE));
        assertThat(exec.replaceAll("\\s+", " "))
                .contains(" -XX:+UseSerialGC -Xmn32m -XX:+ExitOnOutOfMemoryError ")
                .endsWith(" -jar /usr/share/landht/landht.jar \"$@\"");
    }

    @Test
    void unitHasAtLeastDhtnodesHardeningAndNoMemoryDenyWriteExecute() throws IOException {
        List<String> l = lines();
        assertThat(l).contains("ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
                "PrivateUsers=yes", "NoNewPrivileges=yes", "LockPersonality=yes", "ProtectClock=yes",
                "ProtectControlGroups=yes", "ProtectHostname=yes", "ProtectKernelLogs=yes",
                "ProtectKernelModules=yes", "ProtectKernelTunables=yes", "RestrictNamespaces=yes",
                "RestrictRealtime=yes", "SystemCallArchitectures=native", "SystemCallFilter=@system-service",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX", "CapabilityBoundingSet=");
        List<String> settings = new ArrayList<>();
        for (String s : l) {
            if (!s.startsWith("#")) {
                settings.add(s);
            }
        }
        assertThat(settings).noneMatch(s -> s.startsWith("MemoryDenyWriteExecute"));
    }

    private static Path onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String d : List.of("/usr/bin", "/bin")) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
