package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConsoleLogConfiguratorTest {
    private final LoggerContext context = new LoggerContext();

    private ExecutionStatus configure() {
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);
        return configurator.configure(context);
    }

    @Test
    void logsOneLinePerEventOnStdoutAtInfo() {
        assertThat(configure()).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> stdout = (ConsoleAppender<?>) root.getAppender("STDOUT");
        assertThat(stdout).isNotNull();
        assertThat(stdout.isStarted()).isTrue();
        assertThat(stdout.getTarget()).isEqualTo("System.out");

        Logger logger = context.getLogger("net.landht.Daemon");
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.WARN, "cannot bind {}", null,
                new Object[] {"4222"});
        event.setTimeStamp(0);
        @SuppressWarnings("unchecked")
        Encoder<LoggingEvent> encoder = (Encoder<LoggingEvent>) (Encoder<?>) stdout.getEncoder();
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertThat(line).matches("1970-01-01T\\d\\d:\\d\\d:00\\.000(Z|[+-]\\d\\d:\\d\\d) WARN  Daemon: cannot bind "
                + "4222\\R");
    }

    @Test
    void stepsAsideForAnAdminsOwnLogbackFile() {
        String before = System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
        System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, "/etc/landht/logback.xml");
        try {
            assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
            } else {
                System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, before);
            }
        }
    }

    @Test
    void isTheConfigurationLogbackFoundOnTheClasspath() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
    }
}
