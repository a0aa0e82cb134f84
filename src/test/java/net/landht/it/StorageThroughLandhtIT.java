package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import net.landht.it.support.BootstrapNode;
import net.landht.it.support.Hex;
import net.landht.it.support.ItFixture;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Storage through landht alone: one python3-opendht peer whose only contact is landht, and a raw client talking to
 * landht directly, so every value goes through landht's store. Put then get (both ways); a listener gets a later
 * put within 1 s; a refresh does not push the value again; a value of type 5 (ICE candidates, 1 min) disappears
 * from gets when it expires and listeners get {@code exp}.
 */
class StorageThroughLandhtIT {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration NOTIFY = Duration.ofSeconds(1);
    /** Type 5 lives 1 min (fact sheet §8.2); landht's expiry timer fires at the due time. */
    private static final Duration ICE_LIFETIME = Duration.ofMinutes(1);
    private static final int ICE_CANDIDATES = 5;

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void valuePutRawIsGotByTheOpendhtPeerAndItsPutIsServedByLandht() {
        BootstrapNode landht = it.landhtOnLoopback();
        PythonPeer peer = it.peerConnectedTo(landht, CONNECT);
        String key = Swarm.randomKey();

        try (RawDhtClient raw = RawDhtClient.forTarget(landht.address())) {
            put(raw, landht.address(), key, 11, 0, "raw put");
        }
        assertThat(peer.get(key)).as("what the peer gets").containsExactly("raw put");

        String key2 = Swarm.randomKey();
        assertThat(peer.put(key2, "peer put")).as("put done and ok").isTrue();
        Swarm.assertStores(landht.address(), key2, "peer put");
    }

    @Test
    void listenerGetsALaterPutWithinOneSecondAndARefreshDoesNotNotifyAgain() {
        BootstrapNode landht = it.landhtOnLoopback();
        PythonPeer peer = it.peerConnectedTo(landht, CONNECT);
        InetSocketAddress node = landht.address();
        String key = Swarm.randomKey();
        try (RawDhtClient raw = RawDhtClient.forTarget(node).answeringPings();
             RawDhtClient putter = RawDhtClient.forTarget(node)) {
            byte[] token = raw.get(node, Hex.decode(key)).token();
            assertThat(raw.listen(node, Hex.decode(key), token, 7).isError()).as("raw listen refused").isFalse();
            peer.listen(key);
            // the listen is in place once the first value reaches the peer
            put(putter, node, key, 1, 0, "first");
            await("the peer's listen is in place").atMost(CONNECT).pollInterval(Duration.ofMillis(50))
                    .until(() -> peer.pushedValues().contains("first"));

            try (AutoCloseable pump = raw.pumpInBackground()) {
                long sent = put(putter, node, key, 2, 0, "second");
                JsonNode pushed = await("the listener gets the later put").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(10)).until(() -> event(peer, "second"), e -> e != null);
                Duration latency = Duration.ofNanos(pushed.get("received_nanos").asLong() - sent);
                System.out.println("listen latency (put sent → OpenDHT peer callback): " + latency.toMillis() + " ms");
                assertThat(latency).as("from the put to the peer's listen callback").isLessThanOrEqualTo(NOTIFY);

                RawDhtClient.Reply ack = putter.refresh(node, Hex.decode(key), token(putter, node, key), 2);
                assertThat(ack.isError()).as("refresh acked: %s", ack).isFalse();
                await("landht tells listeners of the refresh (re)").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> raw.updates().stream().anyMatch(u -> u.refreshed().contains(2L)));
                Thread.sleep(1500); // anything the refresh would wrongly push has arrived by now
            }
            assertThat(raw.updates().stream().filter(u -> u.valueIds().contains(2L)).map(RawDhtClient.Update::tid)
                    .distinct().count()).as("updates carrying the value (a retransmission counted once): %s",
                    raw.updates()).isEqualTo(1);
            assertThat(peer.pushedEvents()).as("listen callbacks of the peer")
                    .filteredOn(e -> "second".equals(e.path("data").asText())).hasSize(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void expiredValueDisappearsAndListenersGetTheExpiry() throws Exception {
        BootstrapNode landht = it.landhtOnLoopback();
        PythonPeer peer = it.peerConnectedTo(landht, CONNECT);
        InetSocketAddress node = landht.address();
        String key = Swarm.randomKey();
        try (RawDhtClient raw = RawDhtClient.forTarget(node).answeringPings();
             RawDhtClient putter = RawDhtClient.forTarget(node)) {
            byte[] token = raw.get(node, Hex.decode(key)).token();
            assertThat(raw.listen(node, Hex.decode(key), token, 9).isError()).isFalse();
            peer.listen(key);
            put(putter, node, key, 5, 0, "lasting"); // type 0: 10 minutes
            await("the peer's listen is in place").atMost(CONNECT).pollInterval(Duration.ofMillis(50))
                    .until(() -> peer.pushedValues().contains("lasting"));
            long sent = put(putter, node, key, 6, ICE_CANDIDATES, "ice candidate");
            assertThat(valueTexts(putter, node, key)).containsExactlyInAnyOrder("lasting", "ice candidate");

            try (AutoCloseable pump = raw.pumpInBackground()) {
                await("landht pushes exp for the ICE value").atMost(ICE_LIFETIME.plusSeconds(15))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> raw.updates().stream().anyMatch(u -> u.expired().contains(6L)));
            }
            long expiredAfter = raw.updates().stream().filter(u -> u.expired().contains(6L)).findFirst()
                    .orElseThrow().receivedNanos() - sent;
            System.out.println("type-5 value: exp pushed " + expiredAfter / 1_000_000 + " ms after the put");
            assertThat(Duration.ofNanos(expiredAfter)).as("time from put to exp")
                    .isBetween(ICE_LIFETIME.minusSeconds(1), ICE_LIFETIME.plusSeconds(5));
            assertThat(valueTexts(putter, node, key)).as("values after the expiry").containsExactly("lasting");
            await("the peer's listen reports the expiry").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> peer.pushedEvents().stream().anyMatch(
                            e -> e.path("expired").asBoolean() && "ice candidate".equals(e.path("data").asText())));
            assertThat(peer.get(key)).as("what the peer gets after the expiry").containsExactly("lasting");
        }
    }

    /** Puts a plain value (token from a fresh get); returns System.nanoTime() just before the put was sent. */
    private static long put(RawDhtClient client, InetSocketAddress node, String key, long id, int type, String text) {
        byte[] token = token(client, node, key);
        byte[] value = RawValues.plain(id, type, text.getBytes(StandardCharsets.UTF_8), null);
        long sent = System.nanoTime();
        RawDhtClient.Reply ack = client.put(node, Hex.decode(key), token, value);
        assertThat(ack.isError()).as("put acked: %s", ack).isFalse();
        return sent;
    }

    private static byte[] token(RawDhtClient client, InetSocketAddress node, String key) {
        return client.get(node, Hex.decode(key)).token();
    }

    private static List<String> valueTexts(RawDhtClient client, InetSocketAddress node, String key) {
        return client.get(node, Hex.decode(key)).valueData().stream()
                .map(d -> new String(d, StandardCharsets.UTF_8)).toList();
    }

    private static JsonNode event(PythonPeer peer, String text) {
        return peer.pushedEvents().stream().filter(e -> text.equals(e.path("data").asText())
                && !e.path("expired").asBoolean()).findFirst().orElse(null);
    }
}
