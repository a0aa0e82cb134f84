package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.landht.http.HttpExchange;
import net.landht.id.InfoHash;
import net.landht.config.NodeConfig;
import net.landht.testing.LoopbackNode;
import net.landht.testing.MemoryStateFile;
import net.landht.value.Query;
import net.landht.value.Value;

/**
 * Permanent puts saved at stop (and a second after a change) come back at start: put again permanently with their
 * id, ended when what was left of their 24 h runs out, their push request handed back with its POST time; ended and
 * damaged entries are skipped and counted. Each start is a real lone DHT node on loopback whose client makes the
 * permanent puts. The proxy's clock is injected; only the timers' delays run on a real executor.
 */
class PermanentPutStateTest {
    private static final InfoHash KEY = InfoHash.fromHex("a251ad8df7e6aa656963f22c4b1fa106a839dd13");
    private static final long T0 = 1_700_000_000_000L;
    private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();
    private static final Duration DAY = Duration.ofHours(24);

    private final AtomicLong now = new AtomicLong(T0);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final MemoryStateFile file = new MemoryStateFile();
    private final AtomicReference<byte[]> saved = file.saved;

    /** Records the permanent puts handed to push notifications, as {@code key/id/postedMillis}. */
    private static final class RecordingPush implements ProxyPush {
        final List<String> puts = new CopyOnWriteArrayList<>();

        @Override
        public void subscribe(HttpExchange ex, InfoHash key, Consumer<HttpExchange> currentValues) {
        }

        @Override
        public void unsubscribe(HttpExchange ex, InfoHash key) {
        }

        @Override
        public void pingPush(HttpExchange ex) {
        }

        @Override
        public void permanentPut(InfoHash key, long valueId, byte[] body, long postedMillis) {
            puts.add(key.toHex() + "/" + valueId + "/" + postedMillis);
        }
    }

    private final List<LoopbackNode> nodes = new CopyOnWriteArrayList<>();

    private record Node(LoopbackNode dht, PermanentPutExpiry expiry, RecordingPush push, ProxyCounters counters,
                        PermanentPutState state) {
        /** The ids of the values stored under KEY (the puts the restore made), once the node holds {@code n}. */
        List<Long> storedIds(int n) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stored().size() >= n);
            return stored().stream().map(Value::id).sorted().toList();
        }

        private List<Value> stored() {
            return dht.onLoop(() -> dht.dht().storage().get(KEY, Query.ALL));
        }
    }

    private Node start() {
        return start(LoopbackNode.start());
    }

    private Node start(LoopbackNode dht) {
        nodes.add(dht);
        PermanentPutExpiry expiry = new PermanentPutExpiry(dht.client(), timers, DAY, clock);
        RecordingPush push = new RecordingPush();
        ProxyCounters counters = new ProxyCounters(T0);
        PermanentPutState state = new PermanentPutState(file, dht.client(), expiry, push, counters);
        state.restore();
        return new Node(dht, expiry, push, counters, state);
    }

    /** What the proxy does for a permanent POST of {@code json} stored under {@code valueId}. */
    private static void post(Node n, long valueId, String json) {
        try {
            ValueJsonReader.Put p = ValueJsonReader.read(utf8(json));
            n.expiry().posted(KEY, valueId, new PermanentPutExpiry.Posted(p.value(), p.pushToken(), p.clientId()),
                    utf8(json), SOURCE);
        } catch (ValueJsonReader.Bad bad) {
            throw new AssertionError(bad.body);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        nodes.forEach(LoopbackNode::close);
    }

    @Test
    void aPermanentPutIsPutAgainAtStartWithItsIdAndEndsWhenWhatWasLeftOfItsDayRunsOut() {
        Node first = start();
        post(first, 42, "{\"data\":\"aGk=\",\"permanent\":true}");
        first.state().close();
        assertThat(new String(saved.get(), StandardCharsets.UTF_8)).contains("\"value_id\":\"42\"");

        now.set(T0 + DAY.toMillis() - 300);  // 300 ms of its day left at the restart
        Node second = start();
        assertThat(second.dht().client().permanentPuts()).isEqualTo(1);
        assertThat(second.storedIds(1)).containsExactly(42L);
        assertThat(second.expiry().count()).isEqualTo(1);
        assertThat(second.counters().permanentPutsRestored()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.dht().client().permanentPuts() == 0);
        assertThat(second.expiry().count()).isZero();
        second.state().close();
    }

    @Test
    void aPushRequestComesBackWithItsPostTimeSoTheTimeoutPushIsStillDueAt22Hours() {
        Node first = start();
        post(first, 7, "{\"data\":\"aGk=\",\"permanent\":{\"key\":\"tok\",\"platform\":"
                + "\"unifiedpush\",\"client_id\":\"c\"}}");
        first.state().close();

        now.set(T0 + Duration.ofHours(21).toMillis());
        Node second = start();
        assertThat(second.push().puts).containsExactly(KEY.toHex() + "/7/" + T0);
        second.state().close();
        assertThat(new String(saved.get(), StandardCharsets.UTF_8)).contains("\"key\":\"tok\"");
    }

    @Test
    void aChangeIsSavedASecondLaterWithoutAStop() {
        Node n = start();
        post(n, 9, "{\"data\":\"aGk=\",\"permanent\":true}");
        await().atMost(Duration.ofSeconds(10)).until(() -> saved.get() != null);
        assertThat(new String(saved.get(), StandardCharsets.UTF_8)).contains("\"value_id\":\"9\"");
        n.state().close();
    }

    @Test
    void endedAndDamagedEntriesAreSkippedAndCountedTheOthersRestored() {
        String good = "{\"key\":\"" + KEY.toHex() + "\",\"value_id\":\"5\",\"posted\":" + T0
                + ",\"source\":\"127.0.0.1\",\"body\":{\"data\":\"aGk=\",\"id\":\"5\",\"permanent\":true}}";
        String ended = good.replace("\"posted\":" + T0, "\"posted\":" + (T0 - DAY.toMillis()))
                .replace("\"5\"", "\"6\"");
        String badKey = good.replace(KEY.toHex(), "zz");
        String badValue = good.replace("\"id\":\"5\"", "\"id\":\"not a number\"");
        String nameNotAddress = good.replace("127.0.0.1", "example.org");
        saved.set(utf8("[" + String.join(",", good, ended, badKey, badValue, nameNotAddress) + "]"));

        Node n = start();
        assertThat(n.dht().client().permanentPuts()).isEqualTo(1);
        assertThat(n.storedIds(1)).containsExactly(5L);
        assertThat(n.counters().permanentPutsRestored()).isEqualTo(1);
        assertThat(n.counters().permanentPutsSkipped()).isEqualTo(4);
        n.state().close();
    }

    @Test
    void anUnreadableFileStartsWithoutPermanentPutsAndIsCounted() {
        saved.set(utf8("{\"not\":\"an array\""));
        Node n = start();
        assertThat(n.dht().client().permanentPuts()).isZero();
        assertThat(n.counters().permanentPutsSkipped()).isEqualTo(1);
        n.state().close();
    }

    @Test
    void aSavedPutTheDhtClientRefusesAtStartIsSkippedAndCounted() {
        String first = "{\"key\":\"" + KEY.toHex() + "\",\"value_id\":\"5\",\"posted\":" + T0
                + ",\"source\":\"127.0.0.1\",\"body\":{\"data\":\"aGk=\",\"id\":\"5\",\"permanent\":true}}";
        String second = first.replace("\"5\"", "\"6\"").replace("aGk=", "aGV5");
        saved.set(utf8("[" + first + "," + second + "]"));
        Node n = start(LoopbackNode.withProxy(p -> new NodeConfig.Proxy(p.pushServer(), p.pushHosts(),
                p.maxSubscriptions(), p.maxSubscriptionsPerSource(), p.maxSearches(), p.maxSearchesPerSource(),
                p.maxListens(), p.maxListensPerSource(), p.maxPermanentPuts(), 1)));  // one per source
        assertThat(n.counters().permanentPutsRestored()).isEqualTo(1);
        assertThat(n.counters().permanentPutsSkipped()).isEqualTo(1);
        assertThat(n.dht().client().permanentPuts()).isEqualTo(1);
        assertThat(n.storedIds(1)).containsExactly(5L);
        n.state().close();
    }
    /**
     * The saved puts of one source are put again one after the other at start, each holding a "put in flight" slot
     * of that source until the put ends: more saved puts than {@code proxy.max-searches-per-source} must wait for a
     * slot, not be dropped (a NAT router's phones have up to 256 permanent puts and 128 puts in flight; a kill -9 and
     * restart restored 152 of 256).
     */
    @Test
    void moreSavedPutsThanPutsInFlightPerSourceAreAllRestored() {
        int n = 30;  // far more than the 2 in flight: without waiting for a slot, some are refused
        StringBuilder entries = new StringBuilder("[");
        for (int i = 1; i <= n; i++) {
            entries.append(i == 1 ? "" : ",").append("{\"key\":\"").append(KEY.toHex()).append("\",\"value_id\":\"")
                    .append(i).append("\",\"posted\":").append(T0).append(",\"source\":\"127.0.0.1\",\"body\":")
                    .append("{\"data\":\"aGk=\",\"id\":\"").append(i).append("\",\"permanent\":true}}");
        }
        saved.set(utf8(entries.append("]").toString()));
        Node node = start(LoopbackNode.withProxy(p -> new NodeConfig.Proxy(p.pushServer(), p.pushHosts(),
                p.maxSubscriptions(), p.maxSubscriptionsPerSource(), p.maxSearches(), 2,  // two puts in flight
                p.maxListens(), p.maxListensPerSource(), p.maxPermanentPuts(), p.maxPermanentPutsPerSource())));
        assertThat(node.counters().permanentPutsSkipped()).isZero();
        assertThat(node.counters().permanentPutsRestored()).isEqualTo(n);
        assertThat(node.dht().client().permanentPuts()).isEqualTo(n);
        assertThat(node.storedIds(n)).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        node.state().close();
    }
}
