package net.landht.persist;

import static net.landht.persist.StateFixture.NOW;
import static net.landht.persist.StateFixture.ip;
import static net.landht.persist.StateFixture.key;
import static net.landht.persist.StateFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.landht.config.NodeConfig;
import net.landht.storage.Accounting;
import net.landht.storage.Storage;
import net.landht.storage.StorageEvents;
import net.landht.storage.StoredEntry;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/** A real {@link Storage} reporting to the journal: what is loaded back equals what the storage held. */
class StorageJournalTest {
    @TempDir
    Path dir;

    private final StateFixture.Clock clock = new StateFixture.Clock();

    private NodeConfig.Persistence persistence(boolean enabled) {
        return new NodeConfig.Persistence(dir, enabled, Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    @Test
    void journalOfPutsEditsRefreshesExpiriesAndEvictionsReplaysToTheStorageContent() {
        StatePersistence state = StatePersistence.open(persistence(true), clock);
        Value v1 = value(1, "first");
        Value v2 = ValuePacker.plain(2, 5, "ice, 1 min".getBytes(), null);
        Value v3 = value(3, "kept");
        Value v5 = value(5, "y".repeat(1_000));
        Value v4 = value(4, "x".repeat(990));
        // room for all but one byte of the five: the last put evicts one value
        long cap = Stream.of(v1, v2, v3, v4, v5).mapToLong(Accounting.HEAP::charge).sum() - 1;
        NodeConfig.Storage bounds = new NodeConfig.Storage(65_536, 65_536, cap, 0, 16, 16);
        Storage storage = new Storage(bounds, clock, StorageEvents.NONE, state.journal());
        storage.put(key("a"), v1, ip("10.0.0.1"), -1);
        storage.put(key("a"), v2, ip("10.0.0.2"), -1);
        storage.put(key("b"), v3, ip("2001:db8::1"), -1);
        storage.put(key("c"), v5, ip("10.0.0.1"), -1);
        clock.millis += 30_000;
        storage.refresh(key("a"), 1);
        // over the cap: the heaviest source (10.0.0.1) loses its value expiring first (5)
        storage.put(key("b"), v4, ip("10.0.0.3"), -1);
        clock.millis += 40_000;
        storage.expire(); // the type-5 value is gone after 1 min
        List<StoredEntry> expected = storage.snapshot();
        state.close();

        StateLoader.Loaded loaded = StateLoader.load(dir, clock.millis());

        assertThat(expected).extracting(e -> e.value().id()).containsExactlyInAnyOrder(1L, 3L, 4L);
        assertThat(loaded.values()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(loaded.report().damaged()).isFalse();
    }

    @Test
    void openFoldsADamagedStateIntoACleanSnapshotSoTheNextStartReportsNothing() throws IOException {
        Files.write(dir.resolve(StateLoader.JOURNAL), new byte[] {1, 2, 3});
        StatePersistence.open(persistence(true), clock).close();

        StateLoader.Loaded again = StateLoader.load(dir, clock.millis());

        assertThat(again.report().damaged()).isFalse();
        assertThat(dir.resolve("state.journal.damaged")).exists();
    }

    @Test
    void valuesSurviveCloseAndOpen() {
        StatePersistence first = StatePersistence.open(persistence(true), clock);
        Storage storage = new Storage(NodeConfig.defaults().storage(), clock, StorageEvents.NONE, first.journal());
        storage.put(key("k"), value(9, "persisted"), ip("10.0.0.9"), -1);
        first.close();

        StateLoader.Loaded loaded = StateLoader.load(dir, clock.millis());

        assertThat(loaded.values()).containsExactly(new StoredEntry(key("k"), value(9, "persisted"),
                NOW + 600_000, ip("10.0.0.9")));
    }

    @Test
    void disabledPersistenceWritesNothing() throws IOException {
        StatePersistence state = StatePersistence.open(persistence(false), clock);
        new Storage(NodeConfig.defaults().storage(), clock, StorageEvents.NONE, state.journal())
                .put(key("k"), value(9, "v"), ip("10.0.0.9"), -1);
        state.close();

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void unwritableStateFolderDoesNotStopTheNode() throws IOException {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        NodeConfig.Persistence p = new NodeConfig.Persistence(file, true, Duration.ofMinutes(5), Duration.ZERO);

        StatePersistence state = StatePersistence.open(p, clock);
        new Storage(NodeConfig.defaults().storage(), clock, StorageEvents.NONE, state.journal())
                .put(key("k"), value(9, "v"), ip("10.0.0.9"), -1);
        state.close();

        assertThat(state.writeErrors()).isPositive();
    }
}
