package net.landht.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        Writer transcript;
        try {
            transcript = Files.newBufferedWriter(logDir.resolve(name + ".out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            close();
            throw new IllegalStateException(e);
        }
        Thread reader = new Thread(() -> readStdout(transcript), name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void readStdout(Writer transcript) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); transcript) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                transcript.write(line + "\n");
                transcript.flush();
            }
        } catch (IOException e) {
            // the process went away; waits notice it
        }
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = find(p);
            if (m != null) {
                return m;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing /" + p
                        + "/; stdout:\n" + tail(40) + "\nstderr:\n" + logTail(20));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print /" + p + "/ within " + timeout + "; stdout:\n"
                        + tail(40) + "\nstderr:\n" + logTail(20));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
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
