package net.landht;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stop line says why the node stops. */
class StopCauseTest {
    @Test
    void eachCaughtSignalIsNamedWithWhatUsuallySendsIt() {
        assertThat(Daemon.signalCause("TERM")).isEqualTo("SIGTERM received (systemctl stop, docker stop, kill)");
        assertThat(Daemon.signalCause("INT")).isEqualTo("SIGINT received (Ctrl-C)");
        assertThat(Daemon.signalCause("HUP")).startsWith("SIGHUP received (the terminal was closed");
    }

    @Test
    void aStopWithoutASignalSaysTheJvmIsShuttingDown() {
        assertThat(Daemon.JVM_SHUTDOWN).startsWith("the JVM is shutting down");
    }
}
