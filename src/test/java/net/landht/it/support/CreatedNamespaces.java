package net.landht.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network namespaces one test created ({@link NetworkNamespaces}, {@link IsolatedNamespace}): {@code ip}
 * commands logged to {@code netns.log}, and every namespace added here deleted by {@link #close()}, or by a JVM
 * shutdown hook if the test is aborted. Needs root and iproute2: a refused command fails the test, never skips it.
 */
final class CreatedNamespaces implements AutoCloseable {

    private static final List<Path> IP_CANDIDATES = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"),
            Path.of("/usr/bin/ip"), Path.of("/bin/ip"));

    private final Path ip;
    private final Path log;
    private final List<String> created = new ArrayList<>();
    private final Thread hook = new Thread(this::deleteQuietly, "netns-cleanup");

    CreatedNamespaces(Path logDir) {
        this.ip = ipCommand();
        this.log = logDir.resolve("netns.log");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The {@code ip} binary; fails with an install hint when iproute2 is missing. */
    static Path ipCommand() {
        for (Path p : IP_CANDIDATES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("the ip command is missing: install iproute2 (apt-get install iproute2). "
                + "The integration tests in network namespaces do not skip.");
    }

    /** Runs {@code steps} (which {@link #add} namespaces and configure them); on failure deletes them and rethrows. */
    void setUp(Runnable steps) {
        try {
            steps.run();
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** {@code ip netns add name}, remembered for deletion. */
    void add(String name) {
        ip("netns", "add", name);
        created.add(name);
    }

    /** {@code command} prefixed to run inside namespace {@code ns} ({@code ip netns exec} execs it: same PID). */
    List<String> exec(String ns, List<String> command) {
        List<String> out = new ArrayList<>(List.of(ip.toString(), "netns", "exec", ns));
        out.addAll(command);
        return out;
    }

    /** Runs {@code ip args...} to completion; fails with its output when it does not exit 0 within 20 s. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ip.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs a command to completion, logged; fails with its output when it does not exit 0 within 20 s. */
    String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 20 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(log, "$ " + String.join(" ", cmd) + "\n" + out, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.trim()
                        + ". Integration tests in network namespaces need root and iproute2; they do not skip.");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Deletes the namespaces (stop the processes inside first). */
    @Override
    public void close() {
        List<String> failures = deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not delete network namespaces: " + failures);
        }
    }

    private synchronized List<String> deleteQuietly() {
        List<String> failures = new ArrayList<>();
        for (String ns : List.copyOf(created)) {
            try {
                ip("netns", "del", ns);
                created.remove(ns);
            } catch (AssertionError e) {
                failures.add(ns + ": " + e.getMessage());
            }
        }
        return failures;
    }
}
