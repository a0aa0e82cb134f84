package net.landht.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the landht jar as a command ({@code status}, {@code names list}, ...) to its end, bounded in time. */
public final class JarCommand {
    /** Longest a command may run. */
    public static final Duration COMMAND = Duration.ofSeconds(60);

    private JarCommand() {
    }

    /** What a command did: its exit code and its output (stdout and stderr together). */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code java -jar landht.jar ARGS}, output kept in {@code <logs>/<name>.log}. */
    public static Result run(Path logs, String name, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LandhtProcess.jar().toString()));
        cmd.addAll(args);
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", cmd) + " still running after " + COMMAND + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
