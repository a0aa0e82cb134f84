package net.landht.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A child process started by an integration test: its output goes to a log file, and {@link #close()} stops it by
 * its own PID (SIGTERM, then SIGKILL after a grace period). Every process is also registered for a JVM shutdown
 * hook, so nothing outlives the test JVM even when a test is aborted.
 */
public abstract class ManagedProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration TERM_GRACE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON_LINES = new ObjectMapper();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    protected final String name;
    protected final Process process;
    protected final Path logFile;

    /**
     * Starts {@code command}. With {@code talk} the child's stdin and stdout are pipes for the subclass and only
     * stderr goes to the log; otherwise stdin is /dev/null and stdout and stderr both go to the log.
     */
    protected ManagedProcess(String name, List<String> command, Path logFile, boolean talk) {
        this.name = name;
        this.logFile = logFile;
        ProcessBuilder builder = new ProcessBuilder(command);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        if (talk) {
            builder.redirectError(log);
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log)
                    .redirectErrorStream(true);
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            this.process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + command, e);
        }
        LIVE.add(process);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log " + logFile + " unreadable: " + e + ")";
        }
    }

    /** Fails (AssertionError) with the log tail if the process has exited. */
    protected void requireAlive(String while_) {
        if (!process.isAlive()) {
            throw new AssertionError(name + " (pid " + pid() + ") exited with status " + process.exitValue()
                    + " while " + while_ + "; log " + logFile + ":\n" + logTail(40));
        }
    }

    /**
     * Pings {@code address} with a {@link RawDhtClient} until it answers (then returns the node id from the pong),
     * the process exits, or {@code timeout} passes; the latter two stop the process and fail with the log tail.
     */
    protected String awaitPong(InetSocketAddress address, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "never pinged";
        try (RawDhtClient client = RawDhtClient.forTarget(address).asClient()) {
            while (System.nanoTime() < deadline) {
                requireAlive("waiting for its first pong on " + address);
                try {
                    return client.ping(address).id();
                } catch (RawDhtClient.NoReplyError e) {
                    last = e.getMessage();
                }
            }
        } catch (AssertionError e) {
            close();
            throw e;
        }
        close();
        throw new AssertionError(name + " did not answer a ping on " + address + " within " + timeout + " (" + last
                + "); log " + logFile + ":\n" + logTail(40));
    }

    /**
     * For processes started with {@code talk}: reads the child's stdout on a daemon thread, copies every line to
     * {@code <name>.out} beside the log and hands it to {@code onLine}; runs {@code onEnd} once stdout is closed.
     */
    protected final void pumpStdout(Consumer<String> onLine, Runnable onEnd) {
        Writer transcript;
        try {
            transcript = Files.newBufferedWriter(logFile.resolveSibling(name + ".out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot write the transcript of " + name, e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); transcript) {
                String line;
                while ((line = r.readLine()) != null) {
                    transcript.write(line + "\n");
                    transcript.flush();
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the process went away; waits notice it
            } finally {
                onEnd.run();
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * {@link #pumpStdout} for processes that print one JSON value a line (the peer drivers): each parsed line goes to
     * {@code onEvent}, other lines stay in the transcript only; {@code ready} fails if stdout closes before it is
     * completed.
     */
    protected final void pumpJsonLines(Consumer<JsonNode> onEvent, CompletableFuture<JsonNode> ready) {
        pumpStdout(line -> {
            try {
                onEvent.accept(JSON_LINES.readTree(line));
            } catch (IOException e) {
                // not ours (kept in the transcript)
            }
        }, () -> ready.completeExceptionally(new AssertionError(name + " closed stdout before it was ready")));
    }

    /**
     * Waits until one of {@code lines} (read again every 100 ms) matches {@code pattern} and returns the match;
     * fails with {@code context} when the process exits or {@code timeout} passes.
     *
     * @param where what the lines are, for the failure message ("stdout", "its log")
     */
    protected Matcher awaitMatch(Supplier<Stream<String>> lines, Pattern pattern, String where, Duration timeout,
                                 Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Stream<String> all = lines.get()) {
                Optional<Matcher> m = all.map(pattern::matcher).filter(Matcher::find).findFirst();
                if (m.isPresent()) {
                    return m.get();
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before /" + pattern + "/ in "
                        + where + "; " + context.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no /" + pattern + "/ in " + where + " within " + timeout + "; "
                        + context.get());
            }
            ItFixture.sleep(Duration.ofMillis(100));
        }
    }

    /**
     * {@link #awaitMatch} on the log file; a failure also stops the process. For processes the test cannot ping,
     * e.g. inside a network namespace.
     */
    protected Matcher awaitLogLine(Pattern pattern, Duration timeout) {
        try {
            return awaitMatch(this::logLines, pattern, "its log", timeout,
                    () -> "log " + logFile + ":\n" + logTail(40));
        } catch (AssertionError e) {
            close();
            throw e;
        }
    }

    private Stream<String> logLines() {
        try {
            return Files.readAllLines(logFile, StandardCharsets.ISO_8859_1).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** Kills the process with SIGKILL (its own PID) and waits until it is gone: a crash, for restart tests. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(TERM_GRACE);
        LIVE.remove(process);
    }

    /**
     * Sends SIGTERM (its own PID) and waits at most {@code timeout} for the exit.
     *
     * @return the exit status
     * @throws AssertionError when it is still running after {@code timeout} (it is then killed)
     */
    public int terminate(Duration timeout) {
        process.destroy();
        if (!awaitExit(timeout)) {
            kill();
            throw new AssertionError(name + " did not stop within " + timeout + " of SIGTERM; log " + logFile
                    + ":\n" + logTail(40));
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the process to stop politely; subclasses may override (e.g. a quit command). Default: nothing. */
    protected void askToStop() {
    }

    /** For {@link #askToStop()} of a talking process: writes {@code line} and a newline to stdin, closes stdin. */
    protected final void quitThroughStdin(String line) {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.close();
        } catch (IOException e) {
            // already gone: close() goes on with SIGTERM
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                askToStop();
                if (!process.waitFor(askedGraceMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroy(); // SIGTERM
                    if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly(); // SIGKILL
                        process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    /** How long to wait after {@link #askToStop()} before sending SIGTERM. */
    protected long askedGraceMillis() {
        return 0;
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + "]";
    }
}
