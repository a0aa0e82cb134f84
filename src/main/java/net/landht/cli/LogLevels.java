package net.landht.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code logging.level} to Logback's root logger ({@link ConsoleLogConfigurator} starts it at INFO). */
public final class LogLevels {
    private LogLevels() {
    }

    /**
     * Sets the root level.
     *
     * @param level error, warn, info, debug or trace (already validated by the config loader)
     * @return false when SLF4J is not bound to Logback (then nothing is changed)
     */
    public static boolean apply(String level) {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(Level.toLevel(level, Level.INFO));
            return true;
        }
        return false;
    }
}
