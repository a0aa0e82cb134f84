package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.value.Field;
import net.landht.value.Query;
import net.landht.value.Value;

/**
 * Several local listeners of one key share one listen (OpenDHT: one search per key): one remote listen per node,
 * one copy of the values, each listener told each change once. Real datagrams between landht nodes on a simulated
 * clock, as in {@link DhtClientTest}.
 */
class SharedListenTest {
    private static final InfoHash LANDHT_ID = InfoHash.fromHex("8000000000000000000000000000000000000000");
    /** A key far from landht's id: landht is not among its closest nodes, so values come by remote listens. */
    private static final InfoHash FAR_KEY = InfoHash.fromHex("00000000000000000000000000000000000000ff");
    private static final int LISTENERS = 50;

    private final SimNetwork sim = new SimNetwork();
    private final DhtService landht = sim.add(LANDHT_ID, 40000);
    private final List<DhtService> peers = sim.addPeers(10, 11);

    SharedListenTest() {
        sim.settle();
    }

    private static InetAddress phone(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, (byte) (10 + i % 200)});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DhtClient.Operation listen(Query q, DhtClientTest.Heard heard, int i) {
        return landht.client().listen(FAR_KEY, q, phone(i), Runnable::run, heard);
    }

    private void putFromPeer(Value v) throws Exception {
        var f = peers.get(peers.size() - 1).client().put(FAR_KEY, v, false, null);
        sim.advance(Duration.ofSeconds(20));
        assertThat(f.get(5, TimeUnit.SECONDS).ok()).isTrue();
    }

    /** Remote listeners of the key on every other node's store. */
    private int remoteListeners() {
        return peers.stream().mapToInt(p -> p.storage().listenerCount()).sum();
    }

    @Test
    void manyListenersOfOneKeyPlaceOneRemoteListenPerNodeAndEachHearsEachChangeOnce() throws Exception {
        List<DhtClientTest.Heard> heard = new ArrayList<>();
        for (int i = 0; i < LISTENERS; i++) {
            heard.add(new DhtClientTest.Heard());
            listen(Query.ALL, heard.get(i), i);
        }
        sim.advance(Duration.ofSeconds(5));

        assertThat(remoteListeners()).isEqualTo(SharedListen.LISTEN_NODES);
        assertThat(landht.client().counters().events(ClientCounters.Event.LISTEN_SHARED)).isEqualTo(1);
        assertThat(landht.client().listenedKeys()).isEqualTo(1);
        assertThat(landht.client().listens()).isEqualTo(LISTENERS);

        putFromPeer(DhtClientTest.plain(42, 5, "ice"));
        sim.advance(Duration.ofMinutes(2)); // type 5 expires

        for (DhtClientTest.Heard h : heard) {
            assertThat(h.added).extracting(Value::id).containsExactly(42L);
            assertThat(h.expired).extracting(Value::id).containsExactly(42L);
        }
        assertThat(remoteListeners()).isEqualTo(SharedListen.LISTEN_NODES);
    }

    @Test
    void cancellingOneListenerKeepsTheOthers() throws Exception {
        DhtClientTest.Heard gone = new DhtClientTest.Heard();
        DhtClientTest.Heard kept1 = new DhtClientTest.Heard();
        DhtClientTest.Heard kept2 = new DhtClientTest.Heard();
        DhtClient.Operation op = listen(Query.ALL, gone, 0);
        listen(Query.ALL, kept1, 1);
        listen(Query.ALL, kept2, 2);
        sim.advance(Duration.ofSeconds(5));

        op.cancel();
        sim.advance(Duration.ofSeconds(1));
        putFromPeer(DhtClientTest.plain(7, 0, "after the cancel"));

        assertThat(gone.added).isEmpty();
        assertThat(kept1.added).extracting(Value::id).containsExactly(7L);
        assertThat(kept2.added).extracting(Value::id).containsExactly(7L);
        assertThat(landht.client().listens()).isEqualTo(2);
        assertThat(landht.client().listenedKeys()).isEqualTo(1);
    }

    @Test
    void theLastCancelStopsTheRefreshes() {
        DhtClient.Operation a = listen(Query.ALL, new DhtClientTest.Heard(), 0);
        DhtClient.Operation b = listen(Query.ALL, new DhtClientTest.Heard(), 1);
        sim.advance(Duration.ofSeconds(5));
        a.cancel();
        sim.advance(Duration.ofMinutes(1));
        long sentWithOneLeft = landht.client().counters().events(ClientCounters.Event.LISTEN_SENT);
        assertThat(sentWithOneLeft).isGreaterThan(SharedListen.LISTEN_NODES); // still refreshed

        b.cancel();
        sim.advance(Duration.ofSeconds(1));
        long sentAtLastCancel = landht.client().counters().events(ClientCounters.Event.LISTEN_SENT);
        sim.advance(Duration.ofMinutes(5));

        assertThat(landht.client().counters().events(ClientCounters.Event.LISTEN_SENT)).isEqualTo(sentAtLastCancel);
        assertThat(landht.client().listenedKeys()).isZero();
        assertThat(landht.client().listens()).isZero();
    }

    @Test
    void aListenerJoiningARunningListenGetsTheCurrentValuesAtOnce() throws Exception {
        listen(Query.ALL, new DhtClientTest.Heard(), 0);
        sim.advance(Duration.ofSeconds(5));
        putFromPeer(DhtClientTest.plain(9, 0, "already there"));
        long sent = landht.client().counters().events(ClientCounters.Event.LISTEN_SENT);

        DhtClientTest.Heard late = new DhtClientTest.Heard();
        listen(Query.ALL, late, 1);
        sim.advance(Duration.ofMillis(10));

        assertThat(late.added).extracting(Value::id).containsExactly(9L);
        assertThat(landht.client().counters().events(ClientCounters.Event.LISTEN_SENT)).isEqualTo(sent);
        assertThat(landht.client().counters().events(ClientCounters.Event.LISTEN_SHARED)).isEqualTo(1);
    }

    @Test
    void eachListenerAppliesItsOwnQuery() throws Exception {
        Query onlyType3 = new Query(List.of(), List.of(new Query.Where(Field.VALUE_TYPE, 3, null)));
        DhtClientTest.Heard all = new DhtClientTest.Heard();
        DhtClientTest.Heard type3 = new DhtClientTest.Heard();
        listen(Query.ALL, all, 0);
        listen(onlyType3, type3, 1);
        sim.advance(Duration.ofSeconds(5));

        putFromPeer(DhtClientTest.plain(5, 0, "user data"));
        putFromPeer(DhtClientTest.plain(6, 3, "im message"));

        assertThat(all.added).extracting(Value::id).containsExactly(5L, 6L);
        assertThat(type3.added).extracting(Value::id).containsExactly(6L);
        assertThat(remoteListeners()).isEqualTo(SharedListen.LISTEN_NODES);
    }
}
