package net.landht.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process started inside a network namespace ({@link NetworkNamespaces#exec}). Its stdout is kept line by line
 * (and in {@code <name>.out}) so that tests can wait for a line; stderr goes to {@code <name>.log}; stdin is a pipe
 * for commands (dhtnode's CLI). Stopped by its own PID like every {@link ManagedProcess}.
 */
public final class NamespacedProcess extends ManagedProcess {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final OutputStream stdin;

    public NamespacedProcess(String name, List<String> command, Path logDir) {
        super(name, command, logDir.resolve(name + ".log"), true);
        this.stdin = process.getOutputStream();
        pumpStdout(lines::add, () -> { });
    }

    /** Every stdout line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The first stdout line matching {@code p}, or null. */
    public Matcher find(Pattern p) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    /** Waits until a stdout line matches {@code p}; fails with the output tail when it exits or time runs out. */
    public Matcher await(Pattern p, Duration timeout) {
        return awaitMatch(lines::stream, p, "stdout", timeout,
                () -> "stdout:\n" + tail(40) + "\nstderr:\n" + logTail(20));
    }

    /** Writes one line to stdin. */
    public void send(String line) {
        requireAlive("sending '" + line + "'");
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError(name + ": cannot write '" + line + "': " + e, e);
        }
    }

    /** The last stdout lines, for failure messages. */
    public String tail(int n) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
