package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.value.TestSigner;
import net.landht.value.ValuePacker;

/** landht's DHT client against nine other landht nodes exchanging real datagrams on a simulated clock. */
class DhtClientTest {
    private static final InfoHash LANDHT_ID = InfoHash.fromHex("8000000000000000000000000000000000000000");
    /** A key far from landht's id: landht is not among its closest nodes. */
    private static final InfoHash FAR_KEY = InfoHash.fromHex("00000000000000000000000000000000000000ff");
    private static final InetAddress PHONE = address("192.168.1.20");

    private final SimNetwork sim = new SimNetwork();

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Value plain(long id, int type, String data) {
        return ValuePacker.plain(id, type, data.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Records a get's callbacks (run directly on the simulated loop). */
    static final class Got implements DhtClient.GetCallback {
        final List<Value> values = new ArrayList<>();
        final List<Boolean> done = new ArrayList<>();

        @Override
        public void onValues(List<Value> v) {
            values.addAll(v);
        }

        @Override
        public void onDone(boolean ok) {
            done.add(ok);
        }
    }

    /** Records a listen's callbacks. */
    static final class Heard implements DhtClient.ListenCallback {
        final List<Value> added = new ArrayList<>();
        final List<Value> expired = new ArrayList<>();

        @Override
        public void onValues(List<Value> values, boolean gone) {
            (gone ? expired : added).addAll(values);
        }
    }

    private DhtService landhtWithPeers(int peers) {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        sim.addPeers(peers, 11);
        sim.settle();
        return landht;
    }

    /** landht, nine peers, and one more peer (returned second) that the test puts from or gets with. */
    private DhtService[] landhtAndOnePeer() {
        DhtService landht = landhtWithPeers(9);
        DhtService peer = sim.addPeers(1, 99).get(0);
        sim.settle();
        return new DhtService[] {landht, peer};
    }

    /** A listen of {@link #FAR_KEY} by {@code landht}, placed on the remote nodes. */
    private Heard listenFar(DhtService landht, DhtClient.Operation[] op) {
        Heard heard = new Heard();
        op[0] = landht.client().listen(FAR_KEY, Query.ALL, PHONE, Runnable::run, heard);
        sim.advance(Duration.ofSeconds(5));
        return heard;
    }

    private DhtClient.PutResult put(DhtService from, InfoHash key, Value v, boolean permanent) throws Exception {
        CompletableFuture<DhtClient.PutResult> f = from.client().put(key, v, permanent, PHONE);
        sim.advance(Duration.ofSeconds(20));
        return f.get(5, TimeUnit.SECONDS);
    }

    private Got get(DhtService from, InfoHash key) {
        Got got = new Got();
        from.client().get(key, Query.ALL, PHONE, Runnable::run, got);
        sim.advance(Duration.ofSeconds(20));
        return got;
    }

    @Test
    void getFindsAValueThatOnlyOtherNodesHold() throws Exception {
        DhtService landht = landhtWithPeers(20);
        DhtService peer = sim.addPeers(1, 99).get(0);
        sim.settle(); // 20 peers: at least 8 closer to the key than landht
        DhtClient.PutResult r = put(peer, FAR_KEY, plain(7, 0, "far away"), false);
        assertThat(r.remoteAcks()).isGreaterThanOrEqualTo(1);
        assertThat(landht.storage().get(FAR_KEY, Query.ALL)).isEmpty();

        Got got = get(landht, FAR_KEY);

        assertThat(got.values).extracting(Value::id).containsExactly(7L);
        assertThat(got.done).containsExactly(true);
        assertThat(landht.client().searchesInFlight()).isZero();
    }

    @Test
    void putReachesTheEightClosestNodesAndNotLandhtWhenFarFromTheKey() throws Exception {
        DhtService landht = landhtWithPeers(12);

        DhtClient.PutResult r = put(landht, FAR_KEY, plain(9, 0, "x"), false);

        assertThat(r.remoteAcks()).isEqualTo(8);
        assertThat(r.storedLocally()).isFalse();
        assertThat(r.ok()).isTrue();
    }

    @Test
    void aPutDoesNotWaitForANodeThatDiedAfterTheSearch() throws Exception {
        DhtService landht = landhtWithPeers(12);
        sim.latency(Duration.ofMillis(5));
        CompletableFuture<DhtClient.PutResult> f = landht.client().put(FAR_KEY, plain(15, 0, "x"), false, PHONE);
        for (int i = 0; i < 5000 && landht.counters().sent(DhtCounters.Kind.PUT) == 0; i++) {
            sim.advance(Duration.ofMillis(1));
        }
        sim.silence(sim.closestTo(FAR_KEY, 1).get(0)); // a put target, dead before it could answer

        sim.advance(PutOperation.ACK_WAIT.plusMillis(50));

        assertThat(f.get(5, TimeUnit.SECONDS).remoteAcks()).isEqualTo(7);
    }

    @Test
    void aLoneLandhtStoresThePutItselfAndReportsItselfGood() throws Exception {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        assertThat(landht.client().status().good4()).isEqualTo(1);

        DhtClient.PutResult r = put(landht, FAR_KEY, plain(3, 0, "alone"), false);

        assertThat(r).isEqualTo(new DhtClient.PutResult(3, true, 0));
        Got got = get(landht, FAR_KEY);
        assertThat(got.values).extracting(Value::id).containsExactly(3L);
        assertThat(got.done).containsExactly(true);
    }

    @Test
    void aValueWithIdZeroIsPutUnderARandomNonZeroId() throws Exception {
        DhtService landht = sim.add(LANDHT_ID, 40000);

        DhtClient.PutResult r = put(landht, FAR_KEY, plain(0, 0, "no id"), false);

        assertThat(r.valueId()).isNotZero();
        assertThat(landht.storage().get(FAR_KEY, Query.ALL)).extracting(Value::id).containsExactly(r.valueId());
    }

    @Test
    void aSignedValueWithIdZeroGetsAnIdAndStillVerifies() throws Exception {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        Value signed = TestSigner.ALICE.value(0, 1, 0, "signed".getBytes(StandardCharsets.UTF_8));

        DhtClient.PutResult r = put(landht, FAR_KEY, signed, false);

        assertThat(r.storedLocally()).as("the store verifies type 0 signatures").isTrue();
        Value stored = landht.storage().get(FAR_KEY, Query.ALL).get(0);
        assertThat(stored.id()).isEqualTo(r.valueId()).isNotZero();
        assertThat(stored.signatureValid()).isTrue();
        assertThat(stored.signedBody()).isEqualTo(signed.signedBody());
    }

    @Test
    void aSignedValueWhoseSignatureDoesNotVerifyIsNotReported() throws Exception {
        DhtService[] nodes = landhtAndOnePeer();
        // type 9 is not registered: storing nodes keep it without checking the signature, as OpenDHT does
        Value forged = TestSigner.ALICE.forged(31, 1, 9, "forged".getBytes(StandardCharsets.UTF_8), TestSigner.BOB);
        put(nodes[1], FAR_KEY, forged, false);

        Got got = get(nodes[0], FAR_KEY);

        assertThat(got.values).isEmpty();
        assertThat(got.done).containsExactly(true);
        assertThat(nodes[0].client().counters().events(ClientCounters.Event.VALUE_BAD_SIGNATURE)).isPositive();
    }

    @Test
    void aGetReportsEveryValueUnderTheKeyOnce() throws Exception {
        DhtService landht = landhtWithPeers(9);
        put(landht, FAR_KEY, plain(5, 0, "one"), false);
        put(landht, FAR_KEY, plain(6, 0, "two"), false);

        Got got = get(landht, FAR_KEY);

        assertThat(got.values).extracting(Value::id).containsExactlyInAnyOrder(5L, 6L);
    }

    @Test
    void getAppliesTheQueryConditions() throws Exception {
        DhtService landht = landhtWithPeers(9);
        put(landht, FAR_KEY, plain(5, 0, "user data"), false);
        put(landht, FAR_KEY, plain(6, 3, "im message"), false);
        Query onlyType3 = new Query(List.of(), List.of(new Query.Where(net.landht.value.Field.VALUE_TYPE, 3, null)));

        Got got = new Got();
        landht.client().get(FAR_KEY, onlyType3, PHONE, Runnable::run, got);
        sim.advance(Duration.ofSeconds(20));

        assertThat(got.values).extracting(Value::id).containsExactly(6L);
    }

    @Test
    void aGetSettlesSoonWhenOneOfTheClosestNodesIsDead() throws Exception {
        DhtService landht = landhtWithPeers(9);
        DhtService dead = sim.addPeers(1, 5).get(0);
        sim.settle();
        sim.silence(dead);

        Got got = new Got();
        landht.client().get(FAR_KEY, Query.ALL, PHONE, Runnable::run, got);
        sim.advance(Search.SLOW_AFTER.multipliedBy(3));

        assertThat(got.done).containsExactly(true);
    }

    @Test
    void listenReportsAPeersPutAndItsExpiryOnce() throws Exception {
        DhtService[] nodes = landhtAndOnePeer();
        DhtService peer = nodes[1];
        Heard heard = listenFar(nodes[0], new DhtClient.Operation[1]);

        put(peer, FAR_KEY, plain(42, 5, "ice"), false);
        assertThat(heard.added).extracting(Value::id).containsExactly(42L);

        sim.advance(Duration.ofMinutes(2));
        assertThat(heard.expired).extracting(Value::id).containsExactly(42L);
        assertThat(heard.added).hasSize(1);
    }

    @Test
    void aListenIsKeptAliveOnTheStoringNodesLongerThanTheirListenerLifetime() throws Exception {
        DhtService[] nodes = landhtAndOnePeer();
        Heard heard = listenFar(nodes[0], new DhtClient.Operation[1]);

        sim.advance(Duration.ofMinutes(15)); // storing nodes forget a listener 10 min after its last listen
        put(nodes[1], FAR_KEY, plain(43, 0, "later"), false);

        assertThat(heard.added).extracting(Value::id).containsExactly(43L);
    }

    @Test
    void aListenMovesToOtherNodesWhenItsNodesDie() throws Exception {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        sim.addPeersNear(FAR_KEY, 1, 14, 3); // all closer to the key than landht: it never stores the value
        sim.settle();
        Heard heard = listenFar(landht, new DhtClient.Operation[1]);
        List<DhtService> byDistance = new ArrayList<>(sim.closestTo(FAR_KEY, 15));
        byDistance.remove(landht);
        DhtService putter = byDistance.get(byDistance.size() - 1); // never one of the listen nodes
        byDistance.subList(0, SharedListen.LISTEN_NODES).forEach(sim::silence); // the nodes listened on

        sim.advance(Duration.ofMinutes(1));
        put(putter, FAR_KEY, plain(44, 0, "after a death"), false);

        assertThat(landht.client().counters().events(ClientCounters.Event.LISTEN_FAILED))
                .isEqualTo(SharedListen.LISTEN_NODES);
        assertThat(landht.storage().get(FAR_KEY, Query.ALL)).isEmpty();
        assertThat(heard.added).extracting(Value::id).containsExactly(44L);
    }

    @Test
    void listenSeesLocalStoreChangesWhenAlone() throws Exception {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        Heard heard = new Heard();
        landht.client().listen(FAR_KEY, Query.ALL, PHONE, Runnable::run, heard);
        sim.advance(Duration.ofSeconds(1));

        put(landht, FAR_KEY, plain(8, 0, "local"), false);

        assertThat(heard.added).extracting(Value::id).containsExactly(8L);
    }

    @Test
    void aCancelledListenReportsNothingMore() throws Exception {
        DhtService[] nodes = landhtAndOnePeer();
        DhtService landht = nodes[0];
        DhtClient.Operation[] op = new DhtClient.Operation[1];
        Heard heard = listenFar(landht, op);

        op[0].cancel();
        sim.advance(Duration.ofSeconds(1));
        put(nodes[1], FAR_KEY, plain(42, 0, "late"), false);

        assertThat(heard.added).isEmpty();
        assertThat(landht.client().listens()).isZero();
    }

    @Test
    void aPermanentPutOutlivesItsTypesExpiryUntilCancelled() throws Exception {
        DhtService[] nodes = landhtAndOnePeer();
        DhtService landht = nodes[0];
        DhtService peer = nodes[1];
        Value ice = plain(77, 5, "permanent ice"); // type 5 lives one minute
        put(landht, FAR_KEY, ice, true);
        assertThat(landht.client().permanentPuts()).isEqualTo(1);

        sim.advance(Duration.ofMinutes(3));
        assertThat(get(peer, FAR_KEY).values).extracting(Value::id).containsExactly(77L);

        landht.client().cancelPut(FAR_KEY, 77);
        sim.advance(Duration.ofMinutes(2));
        assertThat(get(peer, FAR_KEY).values).isEmpty();
        assertThat(landht.client().permanentPuts()).isZero();
        assertThat(landht.client().counters().events(ClientCounters.Event.REANNOUNCE)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void getAndPutWorkBetweenIpv6OnlyNodes() throws Exception {
        SimNetwork v6 = new SimNetwork(true);
        DhtService landht = v6.add(LANDHT_ID, 40000);
        DhtService peer = v6.addPeers(9, 11).get(0);
        v6.settle();

        CompletableFuture<DhtClient.PutResult> f = peer.client().put(FAR_KEY, plain(12, 0, "v6"), false, PHONE);
        v6.advance(Duration.ofSeconds(20));
        assertThat(f.get(5, TimeUnit.SECONDS).remoteAcks()).isGreaterThanOrEqualTo(1);
        Got got = new Got();
        landht.client().get(FAR_KEY, Query.ALL, PHONE, Runnable::run, got);
        v6.advance(Duration.ofSeconds(20));

        assertThat(got.values).extracting(Value::id).containsExactly(12L);
        assertThat(landht.client().status().good6()).isGreaterThan(1);
        assertThat(landht.client().status().good4()).isZero();
    }

    @Test
    void aStoppedClientRefusesNewOperations() {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        landht.stop();

        assertThatThrownBy(() -> landht.client().get(FAR_KEY, Query.ALL, PHONE, Runnable::run, new Got()))
                .isInstanceOfSatisfying(DhtClient.Refused.class,
                        e -> assertThat(e.limit()).isEqualTo(DhtClient.Limit.STOPPED));
    }

    @Test
    void statusReportsThePortsOfTheBoundSockets() {
        DhtService landht = sim.add(LANDHT_ID, 40000);

        landht.client().setLocalAddresses(() -> List.of(new java.net.InetSocketAddress("127.0.0.1", 4222),
                new java.net.InetSocketAddress("::1", 4223)));

        DhtClient.NodeStatus s = landht.client().status();
        assertThat(s.port4()).isEqualTo(4222);
        assertThat(s.port6()).isEqualTo(4223);
        assertThat(s.nodeId()).isEqualTo(LANDHT_ID);
    }

    @Test
    void listensOverThePerSourceBoundAreRefusedAndCounted() {
        DhtService landht = sim.add(LANDHT_ID, 40000);
        for (int i = 0; i < net.landht.config.NodeConfig.defaults().proxy().maxListensPerSource(); i++) {
            landht.client().listen(FAR_KEY, Query.ALL, PHONE, Runnable::run, new Heard());
        }

        assertThatThrownBy(() -> landht.client().listen(FAR_KEY, Query.ALL, PHONE, Runnable::run, new Heard()))
                .isInstanceOfSatisfying(DhtClient.Refused.class,
                        e -> assertThat(e.limit()).isEqualTo(DhtClient.Limit.LISTENS_PER_SOURCE));
        assertThat(landht.client().counters().refusals(DhtClient.Limit.LISTENS_PER_SOURCE)).isEqualTo(1);
        landht.client().listen(FAR_KEY, Query.ALL, address("192.168.1.21"), Runnable::run, new Heard());
    }
}
