package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.dht.ClientCounters;
import net.landht.dht.DhtClient;
import net.landht.id.InfoHash;
import net.landht.it.support.ItFixture;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.Swarm;
import net.landht.testing.LoopbackNode;
import net.landht.value.Query;
import net.landht.value.TestSigner;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * landht as a DHT client (issue 11, item 1): its {@link DhtClient}, in this JVM on a real UDP socket, with ten real
 * OpenDHT 2.4.12 nodes (python3-opendht) bootstrapped from it. The peers' ids all lie in the lower half of the id
 * space and landht's in the upper half, so for a key in the lower half every peer is closer than landht: values
 * put there by a peer live on other nodes only.
 */
class DhtClientIT {
    private static final int PEERS = 10;
    private static final Duration CONNECT = Duration.ofSeconds(40);
    private static final InfoHash LANDHT_ID = InfoHash.fromHex("c0ffee0000000000000000000000000000000001");
    private static final InetAddress PHONE = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final ItFixture it = ItFixture.requiring(Prerequisites::requirePythonOpendht);

    private LoopbackNode landht;
    private List<PythonPeer> peers;
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startSwarm() {
        landht = it.addAfterProcesses(LoopbackNode.start(LANDHT_ID));
        peers = Swarm.startInLowerHalf(it.cleanup(), it.logs(), PEERS, PythonPeer.Options.of(landht.hostPort()));
        Swarm.awaitAllHoldAsGood(peers, landht.nodeIdHex(), false, CONNECT);
        // each peer knows 8 others (a full bucket: all ids share the first bit), so a peer's put finds 8 peers
        // closer to a far key than landht
        await("the peers know each other").atMost(CONNECT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> Swarm.assertEachKnowsOthers(peers, 8, false));
        await("landht holds 8 good peers").atMost(CONNECT).pollInterval(Duration.ofMillis(250))
                .until(() -> landht.onLoop(() -> landht.dht().counts4().good()) >= 8);
    }

    @AfterEach
    void stopCallbacks() throws InterruptedException {
        callbacks.shutdownNow();
        callbacks.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A key in the lower half of the id space, far from landht. */
    private static String farKey() {
        return Swarm.lowerHalfKey();
    }

    private static Value plain(String text) {
        return ValuePacker.plain(0, 0, text.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String text(Value v) {
        return new String(v.data(), StandardCharsets.UTF_8);
    }

    /** Records a get. */
    private static final class Got implements DhtClient.GetCallback {
        final List<String> values = new CopyOnWriteArrayList<>();
        final List<Boolean> done = new CopyOnWriteArrayList<>();

        @Override
        public void onValues(List<Value> v) {
            v.forEach(x -> values.add(text(x)));
        }

        @Override
        public void onDone(boolean ok) {
            done.add(ok);
        }
    }

    @Test
    void getFindsAValueThatOnlyOtherNodesHold() {
        String key = farKey();
        String text = "held-elsewhere-" + key.substring(0, 8);
        assertThat(peers.get(0).put(key, text)).as("the peer's put").isTrue();
        InfoHash h = InfoHash.fromHex(key);
        assertThat(landht.onLoop(() -> landht.dht().storage().get(h, Query.ALL))).as("landht's own store").isEmpty();

        Got got = new Got();
        long t0 = System.nanoTime();
        landht.client().get(h, Query.ALL, PHONE, callbacks, got);

        await("the get settles").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                .until(() -> !got.done.isEmpty());
        System.out.printf("DhtClientIT: the get settled after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(got.done).containsExactly(true);
        assertThat(got.values).containsExactly(text);
    }

    @Test
    void aValuePutByLandhtIsGotByARealPeer() throws Exception {
        String key = farKey();
        String text = "put-by-landht-" + key.substring(0, 8);

        DhtClient.PutResult r = landht.client().put(InfoHash.fromHex(key), plain(text), false, PHONE)
                .get(20, TimeUnit.SECONDS);

        assertThat(r.remoteAcks()).as("remote acks").isGreaterThanOrEqualTo(1);
        assertThat(r.valueId()).isNotZero();
        assertThat(peers.get(PEERS - 1).get(key)).contains(text);
    }

    @Test
    void largeValuesTravelInPartsBothWays() throws Exception {
        String key = farKey();
        String big = "big-" + "x".repeat(3000);
        assertThat(peers.get(1).put(key, big)).as("the peer's put of a 3 KB value").isTrue();
        Got got = new Got();
        landht.client().get(InfoHash.fromHex(key), Query.ALL, PHONE, callbacks, got);
        await("the get settles").atMost(Duration.ofSeconds(15)).until(() -> !got.done.isEmpty());
        assertThat(got.values).containsExactly(big);

        String key2 = farKey();
        String big2 = "big2-" + "y".repeat(3000);
        DhtClient.PutResult r = landht.client().put(InfoHash.fromHex(key2), plain(big2), false, PHONE)
                .get(20, TimeUnit.SECONDS);
        assertThat(r.remoteAcks()).isGreaterThanOrEqualTo(1);
        assertThat(peers.get(2).get(key2)).contains(big2);
    }

    @Test
    void aSignedValuePutWithIdZeroIsVerifiedByARealPeer() throws Exception {
        String key = farKey();
        String text = "signed-" + key.substring(0, 8);
        Value signed = TestSigner.ALICE.value(0, 3, 0, text.getBytes(StandardCharsets.UTF_8));

        DhtClient.PutResult r = landht.client().put(InfoHash.fromHex(key), signed, false, PHONE)
                .get(20, TimeUnit.SECONDS);

        assertThat(r.remoteAcks()).isGreaterThanOrEqualTo(1);
        List<com.fasterxml.jackson.databind.JsonNode> got = peers.get(4).getValues(key);
        assertThat(got).as("values the peer's SecureDht verified").hasSize(1);
        assertThat(got.get(0).path("signed").asBoolean()).isTrue();
        assertThat(got.get(0).path("id").asText()).isEqualTo(Long.toUnsignedString(r.valueId()));
        assertThat(got.get(0).path("owner_id").asText()).isEqualTo(TestSigner.ALICE.keyId().toHex());
    }

    @Test
    void aListenHearsARealPeersPutWithinTwoSeconds() {
        String key = farKey();
        String text = "heard-" + key.substring(0, 8);
        List<String> heard = new CopyOnWriteArrayList<>();
        landht.client().listen(InfoHash.fromHex(key), Query.ALL, PHONE, callbacks, (values, expired) -> {
            if (!expired) {
                values.forEach(v -> heard.add(text(v)));
            }
        });
        await("the listen is placed on remote nodes").atMost(Duration.ofSeconds(10))
                .until(() -> landht.client().counters().events(ClientCounters.Event.LISTEN_SENT) >= 4);

        assertThat(peers.get(3).put(key, text)).as("the peer's put").isTrue();

        long t0 = System.nanoTime();
        await("landht's listen hears the put").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> heard.contains(text));
        System.out.printf("DhtClientIT: heard %d ms after the peer's put returned%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(heard).containsOnlyOnce(text);
        assertThat(landht.client().counters().events(ClientCounters.Event.UPDATE_IN)).as("updates from peers")
                .isPositive();
    }

    @Test
    void aPermanentPutIsStillGotByARealPeerAfterItsTypesExpiry() throws Exception {
        String key = farKey();
        String text = "permanent-" + key.substring(0, 8);
        InfoHash h = InfoHash.fromHex(key);
        // type 5 (ICE candidates) lives one minute on the storing nodes; landht announces it again 10 s before
        Value ice = ValuePacker.plain(0, 5, text.getBytes(StandardCharsets.UTF_8), null);

        DhtClient.PutResult r = landht.client().put(h, ice, true, PHONE).get(20, TimeUnit.SECONDS);
        assertThat(r.remoteAcks()).as("remote acks").isGreaterThanOrEqualTo(1);
        assertThat(r.storedLocally()).as("landht is far from the key").isFalse();
        ItFixture.sleep(Duration.ofSeconds(65));

        assertThat(peers.get(5).get(key)).as("a peer's get after the first expiry").contains(text);
        assertThat(landht.client().counters().events(ClientCounters.Event.REANNOUNCE)).isGreaterThanOrEqualTo(1);
        landht.client().cancelPut(h, r.valueId());
        await("the permanent put is released").atMost(Duration.ofSeconds(5))
                .until(() -> landht.client().permanentPuts() == 0);
    }
}
