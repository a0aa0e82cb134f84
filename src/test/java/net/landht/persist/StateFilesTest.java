package net.landht.persist;

import static net.landht.persist.StateFixture.NOW;
import static net.landht.persist.StateFixture.entry;
import static net.landht.persist.StateFixture.key;
import static net.landht.persist.StateFixture.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;
import net.landht.value.ValuePacker;
import net.landht.testing.Bytes;

/** The snapshot and journal files: what is written is read back, and damage is skipped and reported. */
class StateFilesTest {
    @TempDir
    Path dir;

    private final StateFixture.Clock clock = new StateFixture.Clock();

    private StateWriter writer() {
        return new StateWriter(dir, 0, clock, Duration.ZERO);
    }

    private StateLoader.Loaded load() {
        return StateLoader.load(dir, clock.millis());
    }

    private Path snapshot() {
        return dir.resolve(StateLoader.SNAPSHOT);
    }

    private Path journal() {
        return dir.resolve(StateLoader.JOURNAL);
    }

    @Test
    void snapshotRoundTripKeepsValuesBytesExpiriesSourcesAndNodesOfBothFamilies() {
        List<StoredEntry> values = List.of(
                entry("k1", 1, "one", 60_000, "192.168.1.10"),
                entry("k1", 2, "two", 120_000, "2001:db8::1"),
                entry("k2", -5, "uint64 id above 2^63", 5_000, null),
                new StoredEntry(key("k3"), ValuePacker.plain(7, 5, new byte[60 * 1024], "text/plain"), NOW + 30_000,
                        StateFixture.ip("10.0.0.1")));
        List<NodeInfo> nodes = List.of(node("n1", "192.168.1.2", 4222), node("n2", "fe80::1", 4223),
                node("n3", "2001:db8::2", 1));

        assertThat(writer().writeSnapshotNow(values, nodes)).isTrue();
        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).containsExactlyElementsOf(values);
        assertThat(loaded.nodes()).containsExactlyElementsOf(nodes);
        assertThat(loaded.report().damaged()).isFalse();
        assertThat(loaded.generation()).isEqualTo(1);
    }

    @Test
    void manyNodesAreWrittenInChunksAndAllReadBack() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 3 * SnapshotFile.NODES_PER_RECORD + 5; i++) {
            nodes.add(node("n" + i, "10.0." + (i / 250) + "." + (i % 250 + 1), 4222));
        }
        writer().writeSnapshotNow(List.of(), nodes);

        assertThat(load().nodes()).containsExactlyElementsOf(nodes);
    }

    @Test
    void journalReplaysStoreThenRefreshThenRemoveInOrder() {
        StateWriter w = writer();
        w.writeSnapshotNow(List.of(), List.of());
        w.start();
        StoredEntry a = entry("k", 1, "a", 10_000, "10.0.0.1");
        StoredEntry b = entry("k", 2, "b", 10_000, "10.0.0.1");
        StoredEntry bEdited = entry("k", 2, "b, edited", 10_000, "10.0.0.2");
        w.append(new StateRecord.Stored(a), 100);
        w.append(new StateRecord.Stored(b), 100);
        w.append(new StateRecord.Refreshed(a.key(), 1, NOW + 50_000), 100);
        w.append(new StateRecord.Stored(bEdited), 100);
        w.append(new StateRecord.Refreshed(a.key(), 2, NOW + 40_000), 100);
        w.append(new StateRecord.Removed(a.key(), 1), 100);
        w.close();

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).containsExactly(
                new StoredEntry(bEdited.key(), bEdited.value(), NOW + 40_000, bEdited.source()));
        assertThat(loaded.report().records()).isEqualTo(7); // the snapshot's end record and six journal records
        assertThat(loaded.report().damaged()).isFalse();
    }

    @Test
    void refreshAndRemoveOfUnknownValuesAreIgnored() {
        StateWriter w = writer();
        w.writeSnapshotNow(List.of(entry("k", 1, "a", 10_000, null)), List.of());
        w.start();
        w.append(new StateRecord.Refreshed(key("other"), 1, NOW + 50_000), 100);
        w.append(new StateRecord.Removed(key("k"), 99), 100);
        w.close();

        assertThat(load().values()).containsExactly(entry("k", 1, "a", 10_000, null));
    }

    @Test
    void routingRecordInTheJournalReplacesTheSnapshotsNodes() {
        StateWriter w = writer();
        w.writeSnapshotNow(List.of(), List.of(node("old", "10.0.0.1", 1)));
        w.start();
        w.append(new StateRecord.Routing(List.of(node("new", "10.0.0.2", 2), node("v6", "2001:db8::9", 3))), 100);
        w.close();

        assertThat(load().nodes()).containsExactly(node("new", "10.0.0.2", 2), node("v6", "2001:db8::9", 3));
    }

    @Test
    void aSnapshotEmptiesTheJournalAndOnlyLaterRecordsAreReplayed() {
        StateWriter w = writer();
        w.writeSnapshotNow(List.of(), List.of());
        w.start();
        w.append(new StateRecord.Stored(entry("k", 1, "before", 10_000, null)), 100);
        w.snapshot(List.of(entry("k", 1, "before", 10_000, null)), List.of()).join();
        w.append(new StateRecord.Stored(entry("k", 2, "after", 10_000, null)), 100);
        w.close();

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).containsExactly(entry("k", 1, "before", 10_000, null),
                entry("k", 2, "after", 10_000, null));
        assertThat(loaded.generation()).isEqualTo(2);
    }

    @Test
    void journalRecordsReachTheFileWithoutWaitingForTheFlushIntervalSoAKillLosesNothingAcked() {
        StateWriter w = new StateWriter(dir, 0, clock, Duration.ofHours(1)); // no fsync during this test
        w.writeSnapshotNow(List.of(), List.of());
        w.start();
        try {
            w.append(new StateRecord.Stored(entry("k", 1, "acked", 10_000, null)), 100);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> load().values().size() == 1);
        } finally {
            w.close();
        }
    }

    @Test
    void recordsBeyondTheQueueBoundAreDroppedAndCounted() {
        StateWriter w = writer(); // not started: nothing drains the queue
        StateRecord r = new StateRecord.Removed(key("k"), 1);
        for (int i = 0; i < StateWriter.MAX_PENDING_RECORDS; i++) {
            assertThat(w.append(r, 1)).isTrue();
        }

        assertThat(w.append(r, 1)).isFalse();
        assertThat(w.recordsDropped()).isEqualTo(1);
    }

    @Test
    void truncatedJournalTailIsSkippedAndReportedAndTheRecordsBeforeItAreKept() throws IOException {
        StateWriter w = writer();
        w.writeSnapshotNow(List.of(), List.of());
        w.start();
        for (int i = 1; i <= 3; i++) {
            w.append(new StateRecord.Stored(entry("k", i, "value " + i, 10_000, null)), 100);
        }
        w.close();
        byte[] bytes = Files.readAllBytes(journal());
        Files.write(journal(), Arrays.copyOf(bytes, bytes.length - 7));

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).containsExactly(entry("k", 1, "value 1", 10_000, null),
                entry("k", 2, "value 2", 10_000, null));
        assertThat(loaded.report().damaged()).isTrue();
        assertThat(loaded.report().corruptRecords()).isEqualTo(1);
        assertThat(loaded.report().problems()).anySatisfy(p -> assertThat(p).contains("cut short"));
    }

    @Test
    void corruptSnapshotRecordIsSkippedAndTheOthersAreRecovered() throws IOException {
        List<StoredEntry> values = List.of(entry("k", 1, "first value", 10_000, null),
                entry("k", 2, "second value", 10_000, null), entry("k", 3, "third value", 10_000, null));
        writer().writeSnapshotNow(values, List.of(node("n", "10.0.0.1", 4222)));
        byte[] bytes = Files.readAllBytes(snapshot());
        int at = Bytes.indexOf(bytes, "second value".getBytes(), "the second value");
        bytes[at + 3] ^= 0x40;
        Files.write(snapshot(), bytes);

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).containsExactly(values.get(0), values.get(2));
        assertThat(loaded.nodes()).containsExactly(node("n", "10.0.0.1", 4222));
        assertThat(loaded.report().corruptRecords()).isEqualTo(1);
        assertThat(loaded.report().damagedCopies()).containsExactly(dir.resolve("state.snapshot.damaged"));
        assertThat(dir.resolve("state.snapshot.damaged")).exists();
    }

    @Test
    void corruptLengthFieldIsSkippedByLookingForTheNextFrame() throws IOException {
        List<StoredEntry> values = List.of(entry("k", 1, "first value", 10_000, null),
                entry("k", 2, "second value", 10_000, null), entry("k", 3, "third value", 10_000, null));
        writer().writeSnapshotNow(values, List.of());
        byte[] bytes = Files.readAllBytes(snapshot());
        int frame = lastIndexOfSyncBefore(bytes, Bytes.indexOf(bytes, "second value".getBytes(), "the second value"));
        bytes[frame + 2] = 0x7F; // length now ~2 GB

        StateLoader.Loaded loaded = loadAfterWriting(bytes);

        assertThat(loaded.values()).containsExactly(values.get(0), values.get(2));
        assertThat(loaded.report().corruptRecords()).isEqualTo(1);
    }

    @Test
    void snapshotWithoutItsEndRecordIsReportedAsCutShort() throws IOException {
        writer().writeSnapshotNow(List.of(entry("k", 1, "only", 10_000, null)), List.of());
        byte[] bytes = Files.readAllBytes(snapshot());
        int end = lastIndexOfSyncBefore(bytes, bytes.length);

        StateLoader.Loaded loaded = loadAfterWriting(Arrays.copyOf(bytes, end));

        assertThat(loaded.values()).hasSize(1);
        assertThat(loaded.report().problems()).anySatisfy(p -> assertThat(p).contains("end marker missing"));
    }

    @Test
    void garbageFilesAreReportedAndGiveAnEmptyState() throws IOException {
        byte[] junk = new byte[10_000];
        new Random(42).nextBytes(junk);
        Files.write(snapshot(), junk);
        Files.write(journal(), junk);

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).isEmpty();
        assertThat(loaded.nodes()).isEmpty();
        assertThat(loaded.report().damaged()).isTrue();
    }

    @Test
    void damagedHeaderStillLetsTheRecordsBeRead() throws IOException {
        writer().writeSnapshotNow(List.of(entry("k", 1, "v", 10_000, null)), List.of());
        byte[] bytes = Files.readAllBytes(snapshot());
        bytes[8] ^= 1; // inside the generation: the header CRC fails

        StateLoader.Loaded loaded = loadAfterWriting(bytes);

        assertThat(loaded.values()).containsExactly(entry("k", 1, "v", 10_000, null));
        assertThat(loaded.report().problems()).anySatisfy(p -> assertThat(p).contains("header damaged"));
    }

    @Test
    void otherFormatVersionIsIgnoredAndReported() throws IOException {
        writer().writeSnapshotNow(List.of(entry("k", 1, "v", 10_000, null)), List.of());
        byte[] bytes = Files.readAllBytes(snapshot());
        byte[] header = StateFormat.header(StateFormat.KIND_SNAPSHOT, 1, NOW);
        header[4] = 99;
        long crc = StateFormat.crc(header, 0, StateFormat.HEADER_BYTES - 4);
        ByteBuffer.wrap(header).putInt(StateFormat.HEADER_BYTES - 4, (int) crc);
        System.arraycopy(header, 0, bytes, 0, header.length);

        StateLoader.Loaded loaded = loadAfterWriting(bytes);

        assertThat(loaded.values()).isEmpty();
        assertThat(loaded.report().problems()).anySatisfy(p -> assertThat(p).contains("format version 99"));
    }

    @Test
    void expiredValuesAreNotRestored() {
        writer().writeSnapshotNow(List.of(entry("k", 1, "gone", 1_000, null), entry("k", 2, "kept", 60_000, null),
                entry("k", 3, "due now", 30_000, null)), List.of());
        clock.millis = NOW + 30_000;

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).containsExactly(entry("k", 2, "kept", 60_000, null));
        assertThat(loaded.report().expired()).isEqualTo(2);
        assertThat(loaded.report().damaged()).isFalse();
    }

    @Test
    void expiryFurtherThanTheTypeLifetimeIsCutWhenTheClockWentBack() {
        writer().writeSnapshotNow(List.of(entry("k", 1, "v", 9 * 60_000, null)), List.of());
        clock.millis = NOW - 3_600_000; // the clock went back an hour while stopped

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).singleElement()
                .satisfies(e -> assertThat(e.expiresAtMillis()).isEqualTo(clock.millis + 10 * 60_000));
    }

    @Test
    void journalOlderThanTheSnapshotIsNotReplayed() throws IOException {
        StateWriter w = writer();
        w.writeSnapshotNow(List.of(), List.of());
        w.start();
        w.append(new StateRecord.Stored(entry("k", 1, "folded into snapshot 2", 10_000, null)), 100);
        w.close();
        byte[] oldJournal = Files.readAllBytes(journal());
        StateWriter w2 = new StateWriter(dir, 1, clock, Duration.ZERO);
        w2.writeSnapshotNow(List.of(), List.of()); // generation 2, without the value: it was removed meanwhile
        Files.write(journal(), oldJournal); // as if the crash came between the snapshot and the new journal

        StateLoader.Loaded loaded = load();

        assertThat(loaded.values()).isEmpty();
        assertThat(loaded.report().damaged()).isFalse();
    }

    @Test
    void missingFolderIsAnEmptyState() {
        StateLoader.Loaded loaded = StateLoader.load(dir.resolve("nothing-here"), NOW);

        assertThat(loaded.values()).isEmpty();
        assertThat(loaded.report().damaged()).isFalse();
        assertThat(loaded.generation()).isZero();
    }

    private StateLoader.Loaded loadAfterWriting(byte[] snapshotBytes) throws IOException {
        Files.write(snapshot(), snapshotBytes);
        return load();
    }

    private static int lastIndexOfSyncBefore(byte[] bytes, int before) {
        for (int i = before - 2; i >= 0; i--) {
            if (bytes[i] == StateFormat.SYNC0 && bytes[i + 1] == StateFormat.SYNC1) {
                return i;
            }
        }
        throw new AssertionError("no frame");
    }
}
