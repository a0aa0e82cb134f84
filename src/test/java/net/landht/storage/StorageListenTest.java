package net.landht.storage;

import static net.landht.storage.StorageFixture.DEFAULTS;
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
import net.landht.value.Field;
import net.landht.value.Query;

class StorageListenTest {
    private static final InfoHash K = key("k");
    private static final InetAddress SRC = ip("192.168.1.10");
    private static final ListenerId L1 = new ListenerId("node-1", 77);
    private static final ListenerId L2 = new ListenerId("node-2", 79);
    private static final Query TYPE_3 = new Query(List.of(), List.of(new Query.Where(Field.VALUE_TYPE, 3, null)));

    private final FakeClock clock = new FakeClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Storage storage = new Storage(DEFAULTS, clock, events);

    @Test
    void newListenerGetsTheCurrentMatchingValuesOnce() {
        storage.put(K, plain(1, 0, 2), SRC, -1);
        storage.put(K, plain(2, 3, 2), SRC, -1);

        assertThat(storage.listen(K, L1, TYPE_3, SRC)).isEqualTo(ListenOutcome.ADDED);

        assertThat(events.take()).containsExactly(
                new Event(Kind.VALUES, L1, K, List.of(2L), storage.get(K, TYPE_3)));
    }

    @Test
    void listenerOfAnEmptyKeyGetsNothingAtFirst() {
        assertThat(storage.listen(K, L1, Query.ALL, SRC)).isEqualTo(ListenOutcome.ADDED);
        assertThat(events.events).isEmpty();
        assertThat(storage.keyCount()).isEqualTo(1);
    }

    @Test
    void repeatedListenOnlyRenewsAndSendsNothing() {
        storage.put(K, plain(1, 0, 2), SRC, -1);
        storage.listen(K, L1, Query.ALL, SRC);
        events.take();

        assertThat(storage.listen(K, L1, TYPE_3, SRC)).isEqualTo(ListenOutcome.REFRESHED);
        assertThat(events.events).isEmpty();
        assertThat(storage.listenerCount()).isEqualTo(1);

        storage.put(K, plain(2, 0, 2), SRC, -1);
        assertThat(events.events).as("the renewed query is used").isEmpty();
    }

    @Test
    void newValueGoesToEachMatchingListenerExactlyOnce() {
        storage.listen(K, L1, Query.ALL, SRC);
        storage.listen(K, L2, TYPE_3, SRC);
        storage.listen(key("other"), new ListenerId("node-3", 1), Query.ALL, SRC);

        storage.put(K, plain(5, 0, 2), SRC, -1);
        storage.put(K, plain(6, 3, 2), SRC, -1);

        assertThat(events.of(L1)).extracting(Event::kind, Event::ids)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.VALUES, List.of(5L)),
                        org.assertj.core.groups.Tuple.tuple(Kind.VALUES, List.of(6L)));
        assertThat(events.of(L2)).extracting(Event::ids).containsExactly(List.of(6L));
        assertThat(events.events).hasSize(3);
    }

    @Test
    void editedValueIsPushedAndRefusedOneIsNot() {
        net.landht.value.TestSigner a = net.landht.value.TestSigner.ALICE;
        storage.put(K, a.value(9, 0, 0, new byte[] {1}), SRC, -1);
        storage.listen(K, L1, Query.ALL, SRC);
        events.take();

        storage.put(K, a.value(9, 0, 0, new byte[] {2}), SRC, -1); // same seq, other content: refused
        assertThat(events.events).isEmpty();

        storage.put(K, a.value(9, 1, 0, new byte[] {3}), SRC, -1);
        assertThat(events.take()).extracting(Event::kind, Event::ids)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.VALUES, List.of(9L)));
    }

    @Test
    void refreshGoesToAllListenersOfTheKeyWhateverTheirQuery() {
        storage.put(K, plain(1, 0, 2), SRC, -1);
        storage.listen(K, L1, Query.ALL, SRC);
        storage.listen(K, L2, TYPE_3, SRC);
        events.take();

        storage.refresh(K, 1);

        assertThat(events.take()).containsExactlyInAnyOrder(
                new Event(Kind.REFRESHED, L1, K, List.of(1L), List.of()),
                new Event(Kind.REFRESHED, L2, K, List.of(1L), List.of()));
    }

    @Test
    void refreshOfAnUnknownIdIsStillAnnounced() {
        storage.listen(K, L1, Query.ALL, SRC);

        assertThat(storage.refresh(K, 42)).isEqualTo(RefreshOutcome.UNKNOWN_ID_ACKED);
        assertThat(events.take()).containsExactly(new Event(Kind.REFRESHED, L1, K, List.of(42L), List.of()));
    }

    @Test
    void identicalPutIsAnnouncedAsARefreshNotAsAValue() {
        storage.put(K, plain(1, 0, 2), SRC, -1);
        storage.listen(K, L1, Query.ALL, SRC);
        events.take();

        storage.put(K, plain(1, 0, 2), SRC, -1);

        assertThat(events.take()).containsExactly(new Event(Kind.REFRESHED, L1, K, List.of(1L), List.of()));
    }

    @Test
    void expiredValuesGoToEveryListenerOnceWithAllIds() {
        storage.put(K, plain(1, 0, 2), SRC, -1);
        storage.put(K, plain(2, 3, 2), SRC, -1);
        storage.listen(K, L1, TYPE_3, SRC);
        storage.listen(K, L2, Query.ALL, SRC);
        events.take();
        clock.advance(Duration.ofMinutes(9)); // still listening: re-listen as clients do
        storage.listen(K, L1, TYPE_3, SRC);
        storage.listen(K, L2, Query.ALL, SRC);
        clock.advance(Duration.ofMinutes(1));

        assertThat(storage.expire()).isEqualTo(2);

        assertThat(events.take()).containsExactlyInAnyOrder(
                new Event(Kind.EXPIRED, L1, K, List.of(2L, 1L), List.of()),
                new Event(Kind.EXPIRED, L2, K, List.of(2L, 1L), List.of()));
        assertThat(storage.keyCount()).as("the key stays while listened to").isEqualTo(1);
    }

    @Test
    void listenerIsForgottenTenMinutesAfterItsLastListen() {
        storage.listen(K, L1, Query.ALL, SRC);
        clock.advance(Duration.ofMinutes(5));
        storage.listen(K, L1, Query.ALL, SRC);

        clock.advance(Duration.ofMinutes(10));
        storage.expire();
        assertThat(storage.listenerCount()).isEqualTo(1);

        clock.advanceMillis(1);
        assertThat(storage.nextExpiry()).contains(clock.instant());
        storage.expire();
        assertThat(storage.listenerCount()).isZero();
        assertThat(storage.keyCount()).isZero();
        assertThat(storage.counters().listenersExpired()).isEqualTo(1);

        storage.put(K, plain(1, 0, 2), SRC, -1);
        assertThat(events.events).isEmpty();
    }

    @Test
    void listenersPerKeyAreBoundedAndCounted() {
        Storage small = new Storage(config(65_536, 65_536, 1 << 20, 0, 2, 100), clock, events);
        small.listen(K, L1, Query.ALL, SRC);
        small.listen(K, L2, Query.ALL, SRC);

        assertThat(small.listen(K, new ListenerId("node-3", 1), Query.ALL, SRC))
                .isEqualTo(ListenOutcome.REFUSED_KEY_LIMIT);
        assertThat(small.listen(K, L1, Query.ALL, SRC)).isEqualTo(ListenOutcome.REFRESHED);
        assertThat(small.counters().listenersRefusedPerKey()).isEqualTo(1);
    }

    @Test
    void listenersPerSourceAreBoundedAndCounted() {
        Storage small = new Storage(config(65_536, 65_536, 1 << 20, 0, 100, 2), clock, events);
        small.listen(key("a"), L1, Query.ALL, ip("2001:db8::1"));
        small.listen(key("b"), L1, Query.ALL, ip("2001:db8::2"));

        assertThat(small.listen(key("c"), L1, Query.ALL, ip("2001:db8::3")))
                .as("same /64").isEqualTo(ListenOutcome.REFUSED_SOURCE_LIMIT);
        assertThat(small.listen(key("c"), L1, Query.ALL, ip("2001:db8:0:1::3"))).isEqualTo(ListenOutcome.ADDED);
        assertThat(small.counters().listenersRefusedPerSource()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(11));
        small.expire();
        assertThat(small.listen(key("d"), L1, Query.ALL, ip("2001:db8::3"))).isEqualTo(ListenOutcome.ADDED);
    }
}
