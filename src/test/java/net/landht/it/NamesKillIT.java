package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.ManagedProcess;
import net.landht.names.NameStore;
import net.landht.names.Registration;
import net.landht.names.StoreOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names are permanent across kill -9 (issue 13): a child JVM running landht's jar (so the shaded SQLite native library
 * is the one used) registers names one after the other and prints each one once {@link NameStore#register} has
 * returned; it is killed with SIGKILL in the middle of the stream, and every name it had reported stored is in the
 * database when it is opened again.
 */
class NamesKillIT {
    /** Names the writer reports stored before it is killed. */
    private static final int STORED_BEFORE_KILL = 40;
    /** The writer's bound: far more than it can store before the kill. */
    private static final int WRITER_MAX = 100_000;

    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    @Test
    void everyRegistrationReportedStoredSurvivesKillMinus9() throws Exception {
        Path db = it.logs().resolve("state").resolve("names.db");
        List<String> stored = new ArrayList<>();
        try (WriterProcess writer = it.add(new WriterProcess(it.logs(), db))) {
            while (stored.size() < STORED_BEFORE_KILL) {
                stored.add(writer.nextStored());
            }
            writer.killKeepingOutput();
            String more;
            while ((more = writer.nextStoredOrNull()) != null) {
                stored.add(more);  // printed before the kill landed
            }
        }
        try (NameStore store = NameStore.open(db)) {
            for (String name : stored) {
                assertThat(store.byName(name)).as(name).isPresent();
            }
            assertThat(store.count()).isBetween((long) stored.size(), (long) stored.size() + 1);
        }
    }

    /** The child: {@code java -cp landht.jar:test-classes NamesKillIT$Writer DB}. */
    private static final class WriterProcess extends ManagedProcess {
        private final BufferedReader out;

        WriterProcess(Path logs, Path db) {
            super("names writer", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    LandhtProcess.jar() + java.io.File.pathSeparator + testClasses(), Writer.class.getName(),
                    db.toString()), logs.resolve("writer.log"), true);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /**
         * SIGKILL by PID with the kill command: {@link Process#destroyForcibly} would also close the pipe, losing the
         * lines the writer printed just before it died.
         */
        void killKeepingOutput() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid())).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -KILL " + pid()).isZero();
            assertThat(process.waitFor()).as("exit status of the killed writer").isEqualTo(128 + 9);
        }

        String nextStored() {
            String name = nextStoredOrNull();
            if (name == null) {
                throw new AssertionError("the writer stopped early; log " + logFile + ":\n" + logTail(40));
            }
            return name;
        }

        String nextStoredOrNull() {
            try {
                String line = out.readLine();
                return line == null ? null : line.substring("stored ".length());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path testClasses() {
            try {
                return Path.of(NamesKillIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Registers {@code kill-0}, {@code kill-1}, ... and prints {@code stored NAME} after each commit. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            try (NameStore store = NameStore.open(Path.of(args[0]))) {
                for (int i = 0; i < WRITER_MAX; i++) {
                    Registration r = new Registration("kill-" + i, String.format("%040x", i + 1), "", "key", "sig",
                            System.currentTimeMillis());
                    if (!(store.register(r) instanceof StoreOutcome.Stored)) {
                        throw new IllegalStateException("not stored: " + r);
                    }
                    System.out.println("stored " + r.name());
                    System.out.flush();
                }
            }
        }
    }
}
