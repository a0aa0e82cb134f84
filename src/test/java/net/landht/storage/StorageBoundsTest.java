package net.landht.storage;

import static net.landht.storage.StorageFixture.config;
import static net.landht.storage.StorageFixture.ip;
import static net.landht.storage.StorageFixture.key;
import static net.landht.storage.StorageFixture.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.storage.RecordingEvents.Event;
import net.landht.storage.RecordingEvents.Kind;
import net.landht.value.Query;
import net.landht.value.Refusal;
import net.landht.value.Value;

class StorageBoundsTest {
    private static final InfoHash K = key("k");
    private static final InetAddress A = ip("192.168.1.10");
    private static final InetAddress B = ip("192.168.1.11");

    private final FakeClock clock = new FakeClock();
    private final RecordingEvents events = new RecordingEvents();

    /** A store whose caps count value sizes (OpenDHT's rule), so the eviction arithmetic below reads in sizes. */
    private Storage storage(int maxValueBytes, int perKey, long total, long perSource) {
        return new Storage(config(maxValueBytes, perKey, total, perSource, 100, 100), clock, events,
                StorageChanges.NONE, Accounting.OPENDHT_SIZE);
    }

    private static List<Long> ids(Storage s, InfoHash k) {
        return s.get(k, Query.ALL).stream().map(Value::id).toList();
    }

    @Test
    void valueLargerThanTheMaximumIsRefusedAndCounted() {
        Storage s = storage(100, 10, 10_000, 0);

        assertThat(s.put(K, plain(1, 0, 101), A, -1)).isEqualTo(PutOutcome.refused(Refusal.TOO_LARGE));
        assertThat(s.put(K, plain(2, 0, 100), A, -1)).isEqualTo(PutOutcome.STORED_NEW);
        assertThat(s.counters().refused(Refusal.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void valuesPerKeyAreBoundedAndCounted() {
        Storage s = storage(100, 3, 10_000, 0);
        for (int i = 1; i <= 3; i++) {
            assertThat(s.put(K, plain(i, 0, 1), A, -1)).isEqualTo(PutOutcome.STORED_NEW);
        }

        assertThat(s.put(K, plain(4, 0, 1), A, -1)).isEqualTo(PutOutcome.refused(Refusal.KEY_FULL));
        assertThat(s.put(key("other"), plain(4, 0, 1), A, -1)).isEqualTo(PutOutcome.STORED_NEW);
        assertThat(s.put(K, plain(3, 0, 1), A, -1)).as("a re-put still works").isEqualTo(PutOutcome.REFRESHED);
        assertThat(s.counters().refused(Refusal.KEY_FULL)).isEqualTo(1);
    }

    @Test
    void overTheTotalCapTheHeaviestSourceLosesItsOldestExpiringValue() {
        Storage s = storage(1000, 100, 1000, 0);
        s.put(K, plain(1, 0, 300), A, -1);          // A, expires in 10 min
        s.put(K, plain(2, 5, 300), A, -1);          // A, expires in 1 min: A's oldest-expiring
        s.put(K, plain(3, 3, 200), B, -1);          // B, expires in 5 min
        s.listen(K, new ListenerId("n", 1), Query.ALL, A);
        events.take();

        assertThat(s.put(K, plain(4, 0, 250), B, -1)).isEqualTo(PutOutcome.STORED_NEW); // 1050 > 1000

        assertThat(ids(s, K)).containsExactly(1L, 3L, 4L);
        assertThat(s.totalBytes()).isEqualTo(750);
        assertThat(s.counters().evictedTotalBytes()).isEqualTo(1);
        assertThat(events.take()).extracting(Event::kind, Event::ids).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.EXPIRED, List.of(2L)),
                org.assertj.core.groups.Tuple.tuple(Kind.VALUES, List.of(4L)));
    }

    @Test
    void evictionRepeatsUntilTheStoreFits() {
        Storage s = storage(1000, 100, 1000, 0);
        s.put(K, plain(1, 0, 300), A, -1);
        s.put(K, plain(2, 0, 300), A, -1);
        s.put(K, plain(3, 0, 300), A, -1);
        s.put(K, plain(4, 0, 50), B, -1);

        // 1350 bytes: A (900) loses 1, then A (600) still outweighs C (400) and loses 2.
        assertThat(s.put(K, plain(5, 0, 400), ip("10.0.0.3"), -1)).isEqualTo(PutOutcome.STORED_NEW);

        assertThat(ids(s, K)).containsExactly(3L, 4L, 5L);
        assertThat(s.counters().evictedTotalBytes()).isEqualTo(2);
    }

    @Test
    void valueEvictedTheMomentItIsStoredIsRefused() {
        Storage s = storage(1000, 100, 1000, 0);
        s.put(K, plain(1, 0, 400), A, -1);
        s.put(K, plain(2, 0, 400), A, -1);
        clock.advance(Duration.ofSeconds(1));
        s.put(K, plain(3, 0, 150), B, -1);
        s.listen(K, new ListenerId("n", 1), Query.ALL, A);
        events.take();

        // 1850 bytes: B (1050) loses 3, its oldest; then B (900) still outweighs A (800) and loses 4 itself.
        assertThat(s.put(K, plain(4, 0, 900), B, -1)).isEqualTo(PutOutcome.refused(Refusal.STORAGE_FULL));

        assertThat(ids(s, K)).containsExactly(1L, 2L);
        assertThat(s.counters().refused(Refusal.STORAGE_FULL)).isEqualTo(1);
        assertThat(s.counters().evictedTotalBytes()).isEqualTo(1);
        assertThat(events.take()).as("listeners never saw 4")
                .containsExactly(new Event(Kind.EXPIRED, new ListenerId("n", 1), K, List.of(3L), List.of()));
    }

    @Test
    void ipv6SourcesCountPer64() {
        Storage s = storage(1000, 100, 1000, 0);
        s.put(K, plain(1, 0, 300), ip("2001:db8::1"), -1);
        s.put(K, plain(2, 0, 300), ip("2001:db8::2"), -1);   // same /64: together 600
        s.put(K, plain(3, 0, 350), ip("2001:db8:0:1::1"), -1);

        s.put(K, plain(4, 0, 100), ip("2001:db8:0:2::1"), -1);

        assertThat(ids(s, K)).containsExactly(2L, 3L, 4L);
        assertThat(s.sourceCount()).isEqualTo(3);
    }

    @Test
    void sourceOverItsOwnCapLosesItsOldestExpiringValues() {
        Storage s = storage(1000, 100, 1_000_000, 500);
        s.put(K, plain(1, 0, 200), A, -1);
        s.put(K, plain(2, 5, 200), A, -1);
        s.put(K, plain(3, 0, 400), B, -1);

        assertThat(s.put(K, plain(4, 0, 200), A, -1)).isEqualTo(PutOutcome.STORED_NEW);

        assertThat(ids(s, K)).containsExactly(1L, 3L, 4L);
        assertThat(s.counters().evictedSourceBytes()).isEqualTo(1);
    }

    @Test
    void valueAloneOverTheSourceCapIsRefused() {
        Storage s = storage(1000, 100, 1_000_000, 500);

        assertThat(s.put(K, plain(1, 0, 600), A, -1)).isEqualTo(PutOutcome.refused(Refusal.STORAGE_FULL));
        assertThat(s.valueCount()).isZero();
        assertThat(s.totalBytes()).isZero();
        assertThat(s.keyCount()).isZero();
    }

    @Test
    void aValueThatCanNeverFitTheTotalCapEvictsNothing() {
        Storage s = storage(2000, 100, 1000, 0);
        s.put(K, plain(1, 0, 400), A, -1);
        s.put(K, plain(2, 0, 400), B, -1);

        assertThat(s.put(K, plain(3, 0, 1200), B, -1)).isEqualTo(PutOutcome.refused(Refusal.STORAGE_FULL));

        assertThat(ids(s, K)).containsExactly(1L, 2L);
        assertThat(s.counters().evictedTotalBytes()).isZero();
        assertThat(s.totalBytes()).isEqualTo(800);
    }

    @Test
    void aValueThatCanNeverFitItsSourceCapEvictsNothingOfThatSource() {
        Storage s = storage(1000, 100, 1_000_000, 500);
        s.put(K, plain(1, 0, 200), A, -1);
        s.put(K, plain(2, 0, 200), A, -1);

        assertThat(s.put(K, plain(3, 0, 600), A, -1)).isEqualTo(PutOutcome.refused(Refusal.STORAGE_FULL));

        assertThat(ids(s, K)).containsExactly(1L, 2L);
        assertThat(s.counters().evictedSourceBytes()).isZero();
    }

    @Test
    void aSavedValueThatCanNeverFitIsNotRestoredAndEvictsNothing() {
        Storage s = storage(2000, 100, 1000, 0);
        assertThat(s.restore(K, plain(1, 0, 400), clock.millis() + 60_000, A)).isTrue();

        assertThat(s.restore(K, plain(2, 0, 1200), clock.millis() + 120_000, A)).isFalse();

        assertThat(ids(s, K)).containsExactly(1L);
    }

    @Test
    void capsCountTheHeapOfEachValueSoTinyValuesCannotHoldManyTimesTheCapInMemory() {
        // ids of the same packed width (uint32), so every value packs to the same length
        long charge = plain(100_001, 0, 1).packedLength() + (long) Accounting.BOOKKEEPING_BYTES;
        long total = 100 * charge + charge / 2;
        Storage s = new Storage(config(1000, 100_000, total, 0, 100, 100), clock, events);
        for (int i = 1; i <= 1_000; i++) {
            assertThat(s.put(key("k" + i), plain(100_000 + i, 0, 1), ip("10.0.0." + (1 + i % 50)), -1))
                    .isEqualTo(PutOutcome.STORED_NEW);
        }

        assertThat(Accounting.HEAP.charge(plain(100_999, 0, 1))).isEqualTo(charge);
        assertThat(s.valueCount()).isEqualTo(100);
        assertThat(s.totalBytes()).isEqualTo(100 * charge).isLessThanOrEqualTo(total);
        assertThat(s.counters().evictedTotalBytes()).isEqualTo(900);
    }

    @Test
    void aSignedValueIsChargedItsOwnerKeyWhichOpenDhtsSizeLeavesOut() {
        net.landht.value.TestSigner alice = net.landht.value.TestSigner.ALICE;
        byte[] body = net.landht.value.ValuePacker.signedBody(1, alice.spki(), null, 0, new byte[10], null);
        net.landht.value.Value signed = net.landht.value.ValuePacker.signed(1, body, alice.sign(body));

        assertThat(Accounting.HEAP.charge(signed)).isEqualTo(signed.packedLength() + Accounting.BOOKKEEPING_BYTES)
                .isGreaterThan(Accounting.OPENDHT_SIZE.charge(signed) + alice.spki().length
                        + Accounting.BOOKKEEPING_BYTES);
    }

    @Test
    void snapshotAndRestoreKeepValuesExpiriesAndSources() {
        Storage s = storage(1000, 100, 10_000, 0);
        s.put(K, plain(1, 0, 10), A, -1);
        s.put(key("j"), plain(2, 5, 10), B, -1);
        List<StoredEntry> saved = s.snapshot();

        Storage fresh = storage(1000, 100, 10_000, 0);
        for (StoredEntry e : saved) {
            assertThat(fresh.restore(e.key(), e.value(), e.expiresAtMillis(), e.source())).isTrue();
        }

        assertThat(fresh.snapshot()).containsExactlyInAnyOrderElementsOf(saved);
        assertThat(fresh.totalBytes()).isEqualTo(20);
        assertThat(saved).extracting(StoredEntry::source).containsExactlyInAnyOrder(A, B);
        assertThat(fresh.restore(K, plain(1, 0, 10), clock.millis() + 1000, A)).as("duplicate").isFalse();
        assertThat(fresh.restore(K, plain(9, 0, 10), clock.millis(), A)).as("expired").isFalse();
    }

    @Test
    void changesAreReportedForTheJournal() {
        List<String> log = new java.util.ArrayList<>();
        StorageChanges journal = new StorageChanges() {
            @Override
            public void stored(InfoHash key, Value value, long expiresAtMillis, InetAddress source) {
                log.add("stored " + value.id());
            }

            @Override
            public void refreshed(InfoHash key, long valueId, long expiresAtMillis) {
                log.add("refreshed " + valueId);
            }

            @Override
            public void removed(InfoHash key, long valueId) {
                log.add("removed " + valueId);
            }
        };
        Storage s = new Storage(config(1000, 100, 10_000, 0, 10, 10), clock, events, journal);

        s.put(K, plain(1, 0, 10), A, -1);
        s.refresh(K, 1);
        clock.advance(Duration.ofMinutes(10));
        s.expire();

        assertThat(log).containsExactly("stored 1", "refreshed 1", "removed 1");
    }
}
