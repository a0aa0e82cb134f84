package net.landht.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Per-test folder for process logs: {@code <build dir>/it-logs/<test class>/<test method>/}, emptied first. */
public final class ItLogs {

    private ItLogs() {
    }

    static Path dir(ExtensionContext test) {
        String cls = test.getTestClass().map(Class::getSimpleName).orElse("unknown");
        String method = test.getTestMethod().map(m -> m.getName()).orElse("unknown");
        Path dir = buildDir().resolve("it-logs").resolve(cls).resolve(method);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Maven build folder: where failsafe's {@code landht.jar} lives, else ./target. */
    static Path buildDir() {
        String jar = System.getProperty(LandhtProcess.JAR_PROPERTY);
        return jar != null ? Path.of(jar).toAbsolutePath().getParent() : Path.of("target").toAbsolutePath();
    }
}
