package net.landht.storage;

import static net.landht.storage.StorageFixture.config;
import static net.landht.storage.StorageFixture.ip;
import static net.landht.storage.StorageFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import net.landht.id.InfoHash;
import net.landht.storage.RecordingEvents.Event;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Random sequences of puts, refreshes and clock moves: the byte accounting and bounds always hold, and a listener
 * that follows the events always knows exactly the ids stored under its key.
 */
class StorageInvariantsTest {
    private static final List<InfoHash> KEYS = List.of(key("a"), key("b"), key("c"));
    private static final List<InetAddress> SOURCES =
            List.of(ip("10.0.0.1"), ip("10.0.0.2"), ip("2001:db8::1"), ip("2001:db8::2"));
    private static final long TOTAL = 2_000;
    private static final long PER_SOURCE = 900;
    private static final int PER_KEY = 6;

    /** Signed values of ids 1..4 with seq 0..3 and 100..400 data bytes, made once: edits in both directions. */
    private static final List<Value> SIGNED = signedPool();

    /** One step: kind 0..3 = put plain, 4..5 = put signed, 6 = refresh, 7 = clock moves and expiry runs. */
    record Op(int kind, int key, int id, int type, int size, int source, int seconds) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 12), Arbitraries.of(0, 3, 5, 9),
                Arbitraries.integers().between(1, 500), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 200)).as(Op::new);
        return op.list().ofMinSize(10).ofMaxSize(100);
    }

    @Property(tries = 300)
    void boundsAccountingAndListenerViewsStayConsistent(@ForAll("ops") List<Op> ops) {
        FakeClock clock = new FakeClock();
        RecordingEvents events = new RecordingEvents();
        Storage s = new Storage(config(1_000, PER_KEY, TOTAL, PER_SOURCE, 10, 100), clock, events,
                StorageChanges.NONE, Accounting.OPENDHT_SIZE);
        Map<InfoHash, ListenerId> watchers = new HashMap<>();
        Map<ListenerId, Set<Long>> known = new HashMap<>();
        for (InfoHash k : KEYS) {
            ListenerId id = new ListenerId("watcher", KEYS.indexOf(k));
            watchers.put(k, id);
            known.put(id, new LinkedHashSet<>());
            s.listen(k, id, Query.ALL, SOURCES.get(0));
        }
        for (Op op : ops) {
            InfoHash k = KEYS.get(op.key());
            if (op.kind() <= 3) {
                Value v = ValuePacker.plain(op.id(), op.type(), new byte[op.size()], null);
                s.put(k, v, SOURCES.get(op.source()), -1);
            } else if (op.kind() <= 5) {
                s.put(k, SIGNED.get((op.id() * 7 + op.size()) % SIGNED.size()), SOURCES.get(op.source()), -1);
            } else if (op.kind() == 6) {
                s.refresh(k, op.id());
            } else {
                clock.advance(Duration.ofSeconds(op.seconds()));
                s.expire();
            }
            for (InfoHash each : KEYS) {
                s.listen(each, watchers.get(each), Query.ALL, SOURCES.get(0)); // stay alive
            }
            follow(events, known);
            check(s, clock, watchers, known);
        }
    }

    /** Applies the events to each listener's view, checking each id is announced once and expired once. */
    private static void follow(RecordingEvents events, Map<ListenerId, Set<Long>> known) {
        for (Event e : events.take()) {
            Set<Long> view = known.get(e.listener());
            switch (e.kind()) {
                case VALUES -> view.addAll(e.ids());
                case EXPIRED -> {
                    for (long id : e.ids()) {
                        assertThat(view.remove(id)).as("exp for an id the listener knew: " + id).isTrue();
                    }
                }
                case REFRESHED -> {
                }
            }
        }
    }

    private static void check(Storage s, FakeClock clock, Map<InfoHash, ListenerId> watchers,
                              Map<ListenerId, Set<Long>> known) {
        List<StoredEntry> all = s.snapshot();
        long sum = all.stream().mapToLong(e -> e.value().size()).sum();
        assertThat(s.totalBytes()).isEqualTo(sum).isLessThanOrEqualTo(TOTAL);
        assertThat(s.valueCount()).isEqualTo(all.size());
        Map<String, Long> perSource = all.stream().collect(Collectors.groupingBy(
                e -> sourceOf(e.source()), Collectors.summingLong(e -> e.value().size())));
        assertThat(perSource.values()).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(PER_SOURCE));
        for (InfoHash k : KEYS) {
            List<Value> stored = s.get(k, Query.ALL);
            assertThat(stored.size()).isLessThanOrEqualTo(PER_KEY);
            Set<Long> ids = new HashSet<>();
            stored.forEach(v -> ids.add(v.id()));
            assertThat(known.get(watchers.get(k))).as("listener view of " + k).isEqualTo(ids);
        }
        s.nextExpiry().ifPresent(next -> assertThat(all).allSatisfy(
                e -> assertThat(e.expiresAtMillis()).isGreaterThanOrEqualTo(next.toEpochMilli())));
    }

    private static List<Value> signedPool() {
        List<Value> pool = new java.util.ArrayList<>();
        for (int id = 1; id <= 4; id++) {
            for (int seq = 0; seq <= 3; seq++) {
                pool.add(net.landht.value.TestSigner.ALICE.value(id, seq, 0, new byte[100 * (1 + (id + seq) % 4)]));
            }
        }
        return List.copyOf(pool);
    }

    private static String sourceOf(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? a.getHostAddress() : java.util.HexFormat.of().formatHex(b, 0, 8);
    }
}
