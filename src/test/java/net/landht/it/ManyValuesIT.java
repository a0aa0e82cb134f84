package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.landht.it.support.Hex;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 100,000 values over 1,000 keys are stored on landht (raw puts over loopback, {@value #WINDOW} in flight at a time,
 * unanswered ones sent again, at most {@value #SENDS} sends each; landht runs with {@code -U} so its per-source limit
 * of 1,024 requests/s does not throttle the single test client), every one is served back (1,000 gets, each
 * reassembling 100 values from their parts), an OpenDHT peer gets a full key, and landht answers pings throughout.
 */
class ManyValuesIT {

    private static final int KEYS = 1_000;
    private static final int VALUES_PER_KEY = 100;
    private static final int WINDOW = 256;
    private static final int SENDS = 5;
    private static final long SILENCE_MILLIS = 1_000;
    private static final Duration PUT_PHASE = Duration.ofMinutes(3);
    /**
     * A ping must be answered within OpenDHT's retransmissions of it (3 sends, 1 s apart): a peer sees no timeout of
     * the whole request. On a loaded 2-CPU test machine single pings took up to ~0.8 s (a send lost once: 1.03 s).
     */
    private static final Duration PING_SLOWEST = Duration.ofSeconds(3);
    private static final Duration CONNECT = Duration.ofSeconds(30);

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void hundredThousandValuesOverAThousandKeysAreStoredAndServedWhileLandhtAnswersPings() throws Exception {
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).bind("127.0.0.1").logLevel("info")
                .args("-U").start());
        InetSocketAddress node = landht.address();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            keys.add(Swarm.randomKey());
        }
        Pinger pinger = it.add(new Pinger(node));

        long started = System.nanoTime();
        try (RawDhtClient client = verifiedClient(node, landht)) {
            int resent = putAll(client, node, keys);
            long putMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("stored %d values over %d keys in %d ms (%.0f puts/s), %d puts sent again%n",
                    KEYS * VALUES_PER_KEY, KEYS, putMillis, KEYS * VALUES_PER_KEY * 1000.0 / putMillis, resent);

            long getStart = System.nanoTime();
            for (String key : keys) {
                RawDhtClient.Reply r = client.get(node, Hex.decode(key));
                assertThat(new HashSet<>(r.valueIds())).as("value ids served at %s", key)
                        .isEqualTo(expectedIds());
            }
            System.out.printf("served all %d keys back in %d ms%n", KEYS, (System.nanoTime() - getStart) / 1_000_000);
        }

        PythonPeer peer = it.peerConnectedTo(landht, CONNECT);
        assertThat(peer.get(keys.get(0))).as("what an OpenDHT peer gets at one key").hasSize(VALUES_PER_KEY)
                .contains(text(0, 1), text(0, VALUES_PER_KEY));

        pinger.close();
        System.out.printf("pings during the test: %d answered, %d unanswered, slowest %d ms%n", pinger.answered.get(),
                pinger.failed.get(), pinger.slowestNanos.get() / 1_000_000);
        assertThat(pinger.failed.get()).as("pings landht did not answer").isZero();
        assertThat(pinger.answered.get()).as("pings answered").isPositive();
        assertThat(Duration.ofNanos(pinger.slowestNanos.get())).as("slowest ping").isLessThan(PING_SLOWEST);
        assertThat(landht.isAlive()).isTrue();
    }

    /** A client landht has pinged back and holds as good: its gets are not held to the unknown-source byte budget. */
    private static RawDhtClient verifiedClient(InetSocketAddress node, LandhtProcess landht) {
        RawDhtClient client = new RawDhtClient(false, 0).answeringPings();
        try {
            client.ping(node);
            await("landht pings the client back").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        client.awaitAnswer(100);
                        return client.pingsAnswered() > 0;
                    });
            await("landht holds the client as good").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> Swarm.assertHoldsAsGood(node,
                            Map.of(client.nodeId(), client.localAddress().getPort())));
            return client;
        } catch (RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /**
     * Puts every value, {@link #WINDOW} at a time: the window is sent, then answers are read until all came or none
     * came for {@link #SILENCE_MILLIS}; what is missing is sent again (at most {@link #SENDS} times in all).
     */
    private static int putAll(RawDhtClient client, InetSocketAddress node, List<String> keys) {
        byte[] token = client.get(node, Hex.decode(keys.get(0))).token(); // a token is per source address
        long deadline = System.nanoTime() + PUT_PHASE.toNanos();
        List<int[]> pending = new ArrayList<>();
        for (int i = 1; i <= VALUES_PER_KEY; i++) {
            for (int k = 0; k < KEYS; k++) {
                pending.add(new int[] {k, i});
            }
        }
        int resent = 0;
        for (int from = 0; from < pending.size(); from += WINDOW) {
            List<int[]> window = pending.subList(from, Math.min(pending.size(), from + WINDOW));
            List<int[]> missing = new ArrayList<>(window);
            for (int send = 0; send < SENDS && !missing.isEmpty(); send++) {
                resent += send == 0 ? 0 : missing.size();
                Map<Long, int[]> inFlight = new HashMap<>();
                for (int[] kv : missing) {
                    byte[] value = RawValues.plain(kv[1], 0, text(kv[0], kv[1]).getBytes(StandardCharsets.UTF_8),
                            null);
                    inFlight.put(client.sendPut(node, Hex.decode(keys.get(kv[0])), token, value), kv);
                }
                RawDhtClient.Reply r;
                while (!inFlight.isEmpty() && (r = client.awaitAnswer(SILENCE_MILLIS)) != null) {
                    long tid = (Long) r.message().get("t");
                    assertThat(r.isError()).as("put answered with an error: %s", r).isFalse();
                    inFlight.remove(tid);
                }
                missing = new ArrayList<>(inFlight.values());
            }
            assertThat(missing).as("puts never acked after %d sends", SENDS).isEmpty();
            assertThat(System.nanoTime()).as("put phase within %s", PUT_PHASE).isLessThan(deadline);
        }
        return resent;
    }

    private static Set<Long> expectedIds() {
        Set<Long> ids = new HashSet<>();
        for (long i = 1; i <= VALUES_PER_KEY; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static String text(int key, int value) {
        return String.format("key%04d-value%03d", key, value);
    }

    /**
     * Pings landht every 100 ms from its own client, counting answers, failures and the slowest answer (and printing
     * the pings slower than 250 ms).
     */
    static final class Pinger implements AutoCloseable {
        private static final long SLOW_NANOS = 250_000_000L;
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong slowestNanos = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final long startNanos = System.nanoTime();
        private final Thread thread;

        Pinger(InetSocketAddress node) {
            thread = new Thread(() -> {
                try (RawDhtClient c = RawDhtClient.forTarget(node)) {
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        try {
                            c.ping(node);
                            answered.incrementAndGet();
                            long took = System.nanoTime() - t0;
                            slowestNanos.accumulateAndGet(took, Math::max);
                            if (took > SLOW_NANOS) {
                                System.out.printf("slow ping: %d ms, %d ms into the test%n", took / 1_000_000,
                                        (t0 - startNanos) / 1_000_000);
                            }
                        } catch (RawDhtClient.NoReplyError e) {
                            failed.incrementAndGet();
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "pinger");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
