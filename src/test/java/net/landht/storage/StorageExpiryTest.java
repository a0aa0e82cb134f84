package net.landht.storage;

import static net.landht.storage.StorageFixture.DEFAULTS;
import static net.landht.storage.StorageFixture.ip;
import static net.landht.storage.StorageFixture.key;
import static net.landht.storage.StorageFixture.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.value.Query;
import net.landht.value.Refusal;

class StorageExpiryTest {
    private static final InfoHash K = key("k");
    private static final InetAddress SRC = ip("192.168.1.10");

    private final FakeClock clock = new FakeClock();
    private final Storage storage = new Storage(DEFAULTS, clock, StorageEvents.NONE);

    @ParameterizedTest(name = "type {0} lives {1} s")
    @CsvSource({"0, 600", "1, 300", "3, 300", "4, 604800", "5, 60", "9, 600", "1000, 600"})
    void valueLivesExactlyItsTypesLifetime(int type, long seconds) {
        storage.put(K, plain(1, type, 4), SRC, -1);
        assertThat(storage.nextExpiry()).contains(Instant.ofEpochMilli(clock.millis() + seconds * 1000));

        clock.advanceMillis(seconds * 1000 - 1);
        assertThat(storage.expire()).isZero();
        assertThat(storage.get(K, Query.ALL)).hasSize(1);

        clock.advanceMillis(1);
        assertThat(storage.expire()).isEqualTo(1);
        assertThat(storage.get(K, Query.ALL)).isEmpty();
        assertThat(storage.keyCount()).isZero();
        assertThat(storage.nextExpiry()).isEmpty();
        assertThat(storage.counters().expired()).isEqualTo(1);
    }

    @Test
    void expiryCountsFromTheCreationTimeWhenItIsInThePast() {
        storage.put(K, plain(1, 0, 4), SRC, clock.millis() - Duration.ofMinutes(4).toMillis());

        assertThat(storage.nextExpiry()).contains(clock.instant().plus(Duration.ofMinutes(6)));
    }

    @Test
    void creationTimeInTheFutureCountsAsNow() {
        storage.put(K, plain(1, 0, 4), SRC, clock.millis() + Duration.ofHours(5).toMillis());

        assertThat(storage.nextExpiry()).contains(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void valueCreatedLongerAgoThanItsLifetimeIsRefused() {
        PutOutcome o = storage.put(K, plain(1, 0, 4), SRC, clock.millis() - Duration.ofMinutes(11).toMillis());

        assertThat(o).isEqualTo(PutOutcome.refused(Refusal.EXPIRED));
        assertThat(storage.counters().refused(Refusal.EXPIRED)).isEqualTo(1);
        assertThat(storage.valueCount()).isZero();
    }

    @Test
    void refreshExtendsTheLifetimeFromNow() {
        storage.put(K, plain(1, 0, 4), SRC, -1);
        clock.advance(Duration.ofMinutes(7));

        assertThat(storage.refresh(K, 1)).isEqualTo(RefreshOutcome.REFRESHED);

        assertThat(storage.nextExpiry()).contains(clock.instant().plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(9));
        storage.expire();
        assertThat(storage.get(K, Query.ALL)).hasSize(1);
    }

    @Test
    void identicalPutExtendsTheLifetimeLikeARefresh() {
        storage.put(K, plain(1, 0, 4), SRC, -1);
        clock.advance(Duration.ofMinutes(7));

        assertThat(storage.put(K, plain(1, 0, 4), SRC, -1)).isEqualTo(PutOutcome.REFRESHED);

        assertThat(storage.nextExpiry()).contains(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void refreshNeverShortensALifetime() {
        storage.put(K, plain(1, 0, 4), SRC, -1);
        Instant before = storage.nextExpiry().orElseThrow();

        storage.refresh(K, 1);

        assertThat(storage.nextExpiry()).contains(before);
    }

    @Test
    void refreshOfAKeyWithoutStorageIsNoStorage() {
        assertThat(storage.refresh(K, 1)).isEqualTo(RefreshOutcome.NO_STORAGE);
        assertThat(storage.counters().refreshNoStorage()).isEqualTo(1);
    }

    @Test
    void refreshOfAnUnknownIdUnderAStoredKeyIsAcked() {
        storage.put(K, plain(1, 0, 4), SRC, -1);

        assertThat(storage.refresh(K, 42)).isEqualTo(RefreshOutcome.UNKNOWN_ID_ACKED);
        assertThat(storage.counters().refreshUnknownId()).isEqualTo(1);
    }

    @Test
    void refreshAfterTheLastValueExpiredIsNoStorage() {
        storage.put(K, plain(1, 0, 4), SRC, -1);
        clock.advance(Duration.ofMinutes(10));
        storage.expire();

        assertThat(storage.refresh(K, 1)).isEqualTo(RefreshOutcome.NO_STORAGE);
    }

    @Test
    void editRestartsTheLifetimeWithTheNewValuesType() {
        net.landht.value.TestSigner a = net.landht.value.TestSigner.ALICE;
        storage.put(K, a.value(1, 0, 4, new byte[] {1}), SRC, -1);
        clock.advance(Duration.ofMinutes(1));

        storage.put(K, a.value(1, 1, 5, new byte[] {2}), SRC, -1);

        assertThat(storage.nextExpiry()).contains(clock.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void valuesExpireInOrderAcrossKeys() {
        storage.put(key("a"), plain(1, 5, 1), SRC, -1);
        storage.put(key("b"), plain(2, 3, 1), SRC, -1);
        storage.put(key("c"), plain(3, 0, 1), SRC, -1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(storage.expire()).isEqualTo(2);
        assertThat(storage.keyCount()).isEqualTo(1);
        assertThat(storage.nextExpiry()).contains(clock.instant().plus(Duration.ofMinutes(5)));
    }
}
