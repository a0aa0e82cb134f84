package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.landht.it.support.FreePorts;
import net.landht.it.support.Hex;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.Swarm;
import net.landht.testing.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * landht restarted on the same state folder, after a SIGTERM and after a {@code kill -9}: it keeps its node id, serves
 * again every value acknowledged at least a second before it stopped (put raw and by a python3-opendht peer), and
 * reloads its routing table (IPv4 and IPv6) and pings it. The re-ping is proven with "quiet" nodes: raw clients that
 * answer pings but send nothing after the restart, so only a reloaded table can make landht contact them again.
 * Damaged state files (a flipped bit in the snapshot, junk after the journal) are reported and the node starts with
 * everything else.
 */
class RestartIT {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration REPING = Duration.ofSeconds(10);
    /** landht journals routing-table changes every 5 s (StatePersistence.ROUTING_CHECK_SECONDS), plus a margin. */
    private static final Duration ROUTING_JOURNALED = Duration.ofMillis(6500);
    /** Values must be served again if acknowledged this long before the kill (issue 3). */
    private static final Duration ACKED_BEFORE_KILL = Duration.ofMillis(1100);
    private static final int KEYS = 5;
    private static final int VALUES_PER_KEY = 20;

    @RegisterExtension
    final ItFixture it = ItFixture.withIpv6Loopback();

    @Test
    void restartAfterSigtermKeepsIdValuesAndRoutingTable() {
        restartKeepsState(landht -> {
            // the JVM exits with 128 + 15 once its shutdown hooks (landht's clean stop) are done
            assertThat(landht.terminate(Duration.ofSeconds(20))).as("exit status after SIGTERM").isIn(0, 143);
            assertThat(landht.logTail(20)).as("log of the stop").contains("landht stopping: SIGTERM received", "state saved", "landht stopped");
        });
    }

    @Test
    void restartAfterKillDashNineKeepsIdValuesAckedASecondBeforeAndRoutingTable() {
        restartKeepsState(LandhtProcess::kill);
    }

    @Test
    void damagedStateFilesAreReportedAndTheNodeStartsWithWhatItRecovered() throws Exception {
        Path logs = it.logs();
        int port = FreePorts.udp();
        LandhtProcess first = it.add(builder(logs, port, "landht-first").start());
        Map<String, List<String>> stored = putRawValues(first.address());
        first.terminate(Duration.ofSeconds(20)); // everything is in the snapshot now
        Path snapshot = logs.resolve("landht-state").resolve("state.snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        String firstKey = stored.keySet().iterator().next();
        String damagedText = stored.get(firstKey).get(VALUES_PER_KEY - 1); // "restart-0-20": no other text contains it
        int at = Bytes.indexOf(bytes, damagedText.getBytes(StandardCharsets.UTF_8), "the value in the snapshot");
        bytes[at] ^= 0x20; // one flipped bit inside one value's record
        Files.write(snapshot, bytes);
        Files.write(logs.resolve("landht-state").resolve("state.journal"), "not a journal".getBytes(),
                StandardOpenOption.APPEND); // and junk after the journal's last record

        LandhtProcess second = it.add(builder(logs, port, "landht-second").start());

        int total = KEYS * VALUES_PER_KEY;
        assertThat(second.logTail(400)).as("landht's report of the damage")
                .contains("was damaged", "recovered " + (total - 1) + " values", "skipped 2 corrupt records");
        stored.get(firstKey).remove(damagedText);
        assertServes(second.address(), stored);
        assertThat(logs.resolve("landht-state").resolve("state.snapshot.damaged")).exists();
    }

    private void restartKeepsState(Consumer<LandhtProcess> stop) {
        Path logs = it.logs();
        int port = FreePorts.udp();
        LandhtProcess first = it.add(builder(logs, port, "landht-first").start());
        InetSocketAddress v4 = first.address();
        InetSocketAddress v6 = new InetSocketAddress(loopback6(), port);
        QuietNode quiet4 = it.add(new QuietNode(false));
        QuietNode quiet6 = it.add(new QuietNode(true));
        quiet4.introduceTo(v4);
        quiet6.introduceTo(v6);
        quiet4.startAnswering();
        quiet6.startAnswering();
        PythonPeer peer = it.peerConnectedTo(first, CONNECT);
        await("landht holds the quiet nodes and the peer as good").atMost(CONNECT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Swarm.assertHoldsAsGood(v4, Map.of(quiet4.id(), quiet4.port(), peer.nodeId(), peer.port()));
                    Swarm.assertHoldsAsGood(v6, Map.of(quiet6.id(), quiet6.port()));
                });

        String peerKey = Swarm.randomKey();
        String peerText = "put-by-opendht-" + peerKey.substring(0, 8);
        assertThat(peer.put(peerKey, peerText)).as("python put done and ok").isTrue();
        Swarm.assertStores(v4, peerKey, peerText);
        ItFixture.sleep(ROUTING_JOURNALED);
        Map<String, List<String>> stored = putRawValues(v4);
        ItFixture.sleep(ACKED_BEFORE_KILL);
        String id = first.nodeId();

        stop.accept(first);
        int pings4 = quiet4.pingsAnswered();
        int pings6 = quiet6.pingsAnswered();
        LandhtProcess second = it.add(builder(logs, port, "landht-second").start());

        assertThat(second.nodeId()).as("node id after the restart").isEqualTo(id);
        assertServes(v4, stored);
        Swarm.assertStores(v4, peerKey, peerText);
        assertThat(peer.get(peerKey)).as("the OpenDHT peer gets its value again").contains(peerText);
        await("the restarted landht pings the quiet nodes of its reloaded table").atMost(REPING)
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    assertThat(quiet4.pingsAnswered()).as("pings to the IPv4 quiet node").isGreaterThan(pings4);
                    assertThat(quiet6.pingsAnswered()).as("pings to the IPv6 quiet node").isGreaterThan(pings6);
                });
        await("the restarted landht holds its reloaded nodes as good").atMost(REPING)
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    Swarm.assertHoldsAsGood(v4, Map.of(quiet4.id(), quiet4.port(), peer.nodeId(), peer.port()));
                    Swarm.assertHoldsAsGood(v6, Map.of(quiet6.id(), quiet6.port()));
                });
        assertThat(second.logTail(400)).as("landht log after the restart").contains("restored")
                .doesNotContain("was damaged");
    }

    /** Both runs share one state folder; each has its own log. */
    private static LandhtProcess.Builder builder(Path logs, int port, String name) {
        return LandhtProcess.builder(logs).port(port).bind("127.0.0.1").bind("::1").name(name)
                .stateDir(logs.resolve("landht-state"));
    }

    /** Puts {@value #KEYS} × {@value #VALUES_PER_KEY} small values raw; returns key → data texts, all acked. */
    private static Map<String, List<String>> putRawValues(InetSocketAddress node) {
        Map<String, List<String>> stored = new LinkedHashMap<>();
        try (RawDhtClient client = RawDhtClient.forTarget(node)) {
            for (int k = 0; k < KEYS; k++) {
                String key = Swarm.randomKey();
                byte[] token = client.get(node, Hex.decode(key)).token();
                List<String> texts = new ArrayList<>();
                for (int i = 1; i <= VALUES_PER_KEY; i++) {
                    String text = "restart-" + k + "-" + i;
                    RawDhtClient.Reply ack = client.put(node, Hex.decode(key), token,
                            RawValues.plain(i, 0, text.getBytes(StandardCharsets.UTF_8), null));
                    assertThat(ack.isError()).as("put acked: %s", ack).isFalse();
                    texts.add(text);
                }
                stored.put(key, texts);
            }
        }
        return stored;
    }

    private static void assertServes(InetSocketAddress node, Map<String, List<String>> stored) {
        try (RawDhtClient client = RawDhtClient.forTarget(node)) {
            stored.forEach((key, texts) -> {
                RawDhtClient.Reply r = client.get(node, Hex.decode(key));
                assertThat(r.valueData()).as("values at %s after the restart", key)
                        .extracting(d -> new String(d, StandardCharsets.UTF_8))
                        .containsExactlyInAnyOrderElementsOf(texts);
            });
        }
    }

    private static InetAddress loopback6() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A DHT node that answers pings and finds but never sends anything by itself once introduced: landht can only
     * contact it again from its own routing table.
     */
    static final class QuietNode implements AutoCloseable {
        private final RawDhtClient client;
        private volatile boolean running = true;
        private Thread answering;

        QuietNode(boolean ipv6) {
            this.client = new RawDhtClient(ipv6, 0).answeringPings();
        }

        String id() {
            return client.nodeId();
        }

        int port() {
            return client.localAddress().getPort();
        }

        int pingsAnswered() {
            return client.pingsAnswered();
        }

        /** Pings {@code node} once (it learns us) and answers its ping-back. */
        void introduceTo(InetSocketAddress node) {
            client.ping(node);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (client.pingsAnswered() == 0 && System.nanoTime() < deadline) {
                client.awaitAnswer(200);
            }
            assertThat(client.pingsAnswered()).as("%s pinged us back", node).isPositive();
        }

        /** From now on a thread answers every ping (until {@link #close()}). */
        void startAnswering() {
            answering = new Thread(() -> {
                while (running) {
                    client.awaitAnswer(200);
                }
            }, "quiet-node-" + id().substring(0, 6));
            answering.setDaemon(true);
            answering.start();
        }

        @Override
        public void close() {
            running = false;
            if (answering != null) {
                try {
                    answering.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            client.close();
        }
    }
}
