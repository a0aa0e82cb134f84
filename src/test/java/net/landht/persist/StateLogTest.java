package net.landht.persist;

import static net.landht.persist.StateFixture.ip;
import static net.landht.persist.StateFixture.key;
import static net.landht.persist.StateFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;

import net.landht.config.NodeConfig;
import net.landht.storage.Storage;
import net.landht.storage.StorageEvents;
import net.landht.testing.LogCapture;

/** What an operator reads at start: the state folder as an absolute, normalised path; counts in the right number. */
class StateLogTest {
    @TempDir
    Path dir;

    private final StateFixture.Clock clock = new StateFixture.Clock();

    /** The temporary folder as the relative path a config file or the default {@code landht-state} gives. */
    private NodeConfig.Persistence relative() {
        Path rel = Path.of("").toAbsolutePath().relativize(dir);
        assertThat(rel.isAbsolute()).isFalse();
        return new NodeConfig.Persistence(rel, true, Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    @Test
    void aFirstStartNamesTheStateFolderByItsAbsolutePath() {
        NodeConfig.Persistence p = relative();
        try (LogCapture log = LogCapture.of(StatePersistence.class)) {
            StatePersistence.open(p, clock).close();
            assertThat(log.messages(Level.INFO)).contains(
                    "no saved state in " + dir + ": starting empty");
        }
    }

    @Test
    void oneSavedValueIsReportedInTheSingular() {
        NodeConfig.Persistence p = relative();
        StatePersistence first = StatePersistence.open(p, clock);
        new Storage(NodeConfig.defaults().storage(), clock, StorageEvents.NONE, first.journal())
                .put(key("k"), value(9, "kept"), ip("10.0.0.9"), -1);
        first.close();
        try (LogCapture log = LogCapture.of(StatePersistence.class)) {
            StatePersistence.open(p, clock).close();
            assertThat(log.messages(Level.INFO)).contains("state in " + dir
                    + ": 1 value (0 expired while stopped), 0 nodes");
        }
    }

    @Test
    void countsTakeThePluralUnlessOne() {
        assertThat(StatePersistence.count(0, "node")).isEqualTo("0 nodes");
        assertThat(StatePersistence.count(1, "node")).isEqualTo("1 node");
        assertThat(StatePersistence.count(2, "saved value")).isEqualTo("2 saved values");
    }
}
