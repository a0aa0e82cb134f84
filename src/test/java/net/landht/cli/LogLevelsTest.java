package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogLevelsTest {
    private final ch.qos.logback.classic.Logger root =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level before = root.getLevel();

    @AfterEach
    void restore() {
        root.setLevel(before);
    }

    @Test
    void configuredLevelIsAppliedToTheRootLogger() {
        assertThat(LogLevels.apply("debug")).isTrue();
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
        LogLevels.apply("warn");
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void daemonStartAppliesTheConfiguredLevel() {
        CliRun r = CliRun.run("--log-level", "error");
        assertThat(r.code).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    }
}
