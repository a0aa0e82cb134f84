package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.UdpProbe;
import net.landht.ops.PrometheusText;
import net.landht.wire.Mutator;

/**
 * A running landht survives 200,000 hostile datagrams: mutations of every captured vector
 * ({@code src/test/resources/vectors/*.json}, see {@link Mutator}) sent over loopback from four source ports, half of
 * the mutated requests carrying a valid write token for their port so they reach the value parser and storage,
 * interleaved with pings from another source (127.0.0.2). Checked: landht counted at least 200,000 fuzz datagrams;
 * no exception escaped a handler (its log has no ERROR line and no stack trace); at least 99 % of the pings were
 * answered during and after the flood; the heap (read from {@code /metrics}) stayed under {@link #HEAP_BOUND}
 * with {@code -Xmx} at {@link #XMX}, and the heap left after a full GC is small.
 *
 * <p>The fuzzer is a closed loop: it never runs more than {@link #MAX_IN_FLIGHT} datagrams ahead of what landht has
 * counted ({@code /metrics}), so a busy test machine slows it down instead of overflowing the socket buffer, which
 * would drop the measured pings too. Datagrams landht never counts (with epoll, those of 8 KiB or more are dropped by
 * the transport before the node) are reported as lost; sending goes on until landht counted 200,000.
 *
 * <p>Rate limits and the invalid-source filter would stop the flood at the door (they have their own test,
 * {@link FloodProtectionIT}): here landht runs with {@code -U} and {@code limits.exempt: [127.0.0.0/8]}, so every
 * datagram reaches the decoder and the handlers. Bounded: at most {@link #FUZZ_TIME} of sending.
 */
class FuzzIT {
    static final int DATAGRAMS = 200_000;
    static final Duration FUZZ_TIME = Duration.ofSeconds(90);
    /** Send rate: well within what the node handles, so the kernel drops (almost) nothing. */
    static final int PER_SECOND = 5_000;
    /** Most datagrams sent and not yet counted by landht (its socket buffer holds several times more). */
    static final int MAX_IN_FLIGHT = 1_500;
    static final String XMX = "-Xmx256m";
    static final long HEAP_BOUND = 200L << 20;
    static final long HEAP_AFTER_GC_BOUND = 64L << 20;
    static final int PING_EVERY_MILLIS = 10;
    static final int PONG_WAIT_MILLIS = 2000;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    @Test
    void twoHundredThousandMutatedDatagramsLeaveTheNodeServingWithABoundedHeap() throws Exception {
        Path logs = it.logs();
        Path config = logs.resolve("fuzz.yaml");
        Files.writeString(config, "limits:\n  exempt: [\"127.0.0.0/8\"]\n", StandardCharsets.UTF_8);
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(opsPort).logLevel("info")
                .jvmArgs(XMX).args("-U", "--config", config.toString()).start());
        InetSocketAddress target = landht.address();
        String metricsUrl = "http://127.0.0.1:" + opsPort + "/metrics";

        List<UdpProbe> fuzzers = new ArrayList<>();
        List<Mutator> mutators = new ArrayList<>();
        List<byte[]> seeds = Mutator.vectorSeeds();
        for (int i = 0; i < 4; i++) {
            UdpProbe p = new UdpProbe("127.0.0.1");
            fuzzers.add(p);
            Mutator m = new Mutator(seeds, new Random(20_261_129L + i));
            m.useToken(p.token(target));
            mutators.add(m);
        }
        long datagramsBefore = (long) awaitMetrics(metricsUrl).value("landht_datagrams_total", "direction", "in");

        Pinger pinger = new Pinger(target);
        pinger.start();
        long maxHeap = 0;
        long sent = 0;
        long counted = 0;
        long started = System.nanoTime();
        long deadline = started + FUZZ_TIME.toNanos();
        long nextDue = started;
        long waits = 0;
        long lost = 0;
        try {
            while (System.nanoTime() < deadline) {
                if (sent % 1000 == 0) {
                    // Closed loop: never more than MAX_IN_FLIGHT datagrams between us and landht, so a busy test
                    // machine that delays landht makes the fuzzer wait instead of overflowing the socket buffer
                    // (which would drop the pings this test measures along with the fuzz).
                    long previous = -1;
                    while (true) {
                        assertThat(landht.isAlive()).as("landht alive after %d datagrams", sent).isTrue();
                        PrometheusText m = metrics(metricsUrl);
                        maxHeap = Math.max(maxHeap, heapUsed(m));
                        counted = (long) m.value("landht_datagrams_total", "direction", "in") - datagramsBefore
                                - pinger.sent.get();
                        if (sent - counted - lost <= MAX_IN_FLIGHT || System.nanoTime() >= deadline) {
                            break;
                        }
                        if (counted == previous) { // landht has read all there was: the rest was lost
                            lost = sent - counted;
                            break;
                        }
                        previous = counted;
                        waits++;
                        TimeUnit.MILLISECONDS.sleep(20);
                        nextDue = System.nanoTime();
                    }
                    if (counted >= DATAGRAMS) {
                        break;
                    }
                }
                for (int i = 0; i < 100; i++) {
                    int f = (int) (sent % fuzzers.size());
                    fuzzers.get(f).send(target, mutators.get(f).next());
                    sent++;
                }
                nextDue += 100 * 1_000_000_000L / PER_SECOND;
                long ahead = nextDue - System.nanoTime();
                if (ahead > 0) {
                    TimeUnit.NANOSECONDS.sleep(ahead);
                }
            }
        } finally {
            pinger.stopSending();
        }
        long duringSent = pinger.sent.get();
        long duringAnswered = pinger.answeredCount();
        double fuzzSeconds = (System.nanoTime() - started) / 1e9;

        // after the flood: 200 more pings
        Pinger after = new Pinger(target);
        after.start();
        TimeUnit.MILLISECONDS.sleep(200 * PING_EVERY_MILLIS);
        after.stopSending();

        PrometheusText m = metrics(metricsUrl);
        maxHeap = Math.max(maxHeap, heapUsed(m));
        counted = (long) m.value("landht_datagrams_total", "direction", "in") - datagramsBefore - duringSent
                - after.sent.get();
        long heapAfterGc = heapAfterFullGc(landht.pid(), metricsUrl);
        String log = Files.readString(landht.logFile(), StandardCharsets.UTF_8);
        System.out.printf("FuzzIT: %d fuzz datagrams sent, %d counted by landht in %.1f s (%d waits for landht, %d lost); "
                        + "pings answered during %d/%d, after %d/%d; max heap used %d MiB, after full GC %d MiB; "
                        + "decode errors %.0f%n", sent, counted, fuzzSeconds, waits, lost, duringAnswered, duringSent, after.answeredCount(), after.sent.get(),
                maxHeap >> 20, heapAfterGc >> 20, m.sum("landht_decode_errors_total"));
        for (UdpProbe p : fuzzers) {
            p.close();
        }

        assertThat(landht.isAlive()).isTrue();
        assertThat(counted).as("fuzz datagrams counted by landht").isGreaterThanOrEqualTo(DATAGRAMS);
        assertThat(log).as("landht log " + landht.logFile()).doesNotContain(" ERROR ").doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(duringAnswered).as("pings answered during the flood, of " + duringSent)
                .isGreaterThanOrEqualTo((long) Math.ceil(duringSent * 0.99));
        assertThat(duringSent).isGreaterThan(1000);
        assertThat(after.answeredCount()).as("pings answered after the flood, of " + after.sent.get())
                .isGreaterThanOrEqualTo((long) Math.ceil(after.sent.get() * 0.99));
        assertThat(maxHeap).as("heap used during the flood").isLessThan(HEAP_BOUND);
        assertThat(heapAfterGc).as("heap used after a full GC").isLessThan(HEAP_AFTER_GC_BOUND);
    }

    /** Pings from 127.0.0.2 every {@link #PING_EVERY_MILLIS}; a pong counts when it comes within 2 s. */
    static final class Pinger {
        final AtomicLong sent = new AtomicLong();
        private final Set<Long> answered = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean sending = new AtomicBoolean(true);
        private final AtomicBoolean receiving = new AtomicBoolean(true);
        private final UdpProbe probe = new UdpProbe("127.0.0.2");
        private final InetSocketAddress target;
        private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        private Thread sender;
        private Thread receiver;

        Pinger(InetSocketAddress target) {
            this.target = target;
        }

        void start() {
            receiver = new Thread(() -> {
                while (receiving.get()) {
                    Map<String, Object> m = probe.receiveAnswer(100);
                    if (m != null && m.get("t") instanceof Long t && sentAt.containsKey(t)
                            && System.nanoTime() - sentAt.get(t) <= PONG_WAIT_MILLIS * 1_000_000L) {
                        answered.add(t);
                    }
                }
            }, "fuzz-it-pong");
            sender = new Thread(() -> {
                long tid = 1_000_000;
                while (sending.get()) {
                    tid++;
                    sentAt.put(tid, System.nanoTime());
                    probe.send(target, probe.pingBytes(tid));
                    sent.incrementAndGet();
                    try {
                        TimeUnit.MILLISECONDS.sleep(PING_EVERY_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fuzz-it-ping");
            receiver.setDaemon(true);
            sender.setDaemon(true);
            receiver.start();
            sender.start();
        }

        /** Stops sending, waits for the last pongs, and closes the socket. */
        void stopSending() throws InterruptedException {
            sending.set(false);
            if (sender != null) {
                sender.join(5000);
                TimeUnit.MILLISECONDS.sleep(PONG_WAIT_MILLIS);
                receiving.set(false);
                receiver.join(5000);
            }
            probe.close();
        }

        long answeredCount() {
            return answered.size();
        }
    }

    /**
     * Waits (at most 30 s) until {@code url} serves metrics: landht answers pings as soon as its UDP socket is bound,
     * its ops endpoint may open a moment later.
     */
    static PrometheusText awaitMetrics(String url) {
        return org.awaitility.Awaitility.await("ops endpoint " + url).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> metrics(url), m -> true);
    }

    static PrometheusText metrics(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    static long heapUsed(PrometheusText m) {
        long sum = 0;
        for (Metric s : m.family("jvm_memory_used_bytes").getMetrics()) {
            if ("heap".equals(s.getLabels().get("area")) && s instanceof Gauge g) {
                sum += (long) g.getValue();
            }
        }
        return sum;
    }

    /** Asks the landht JVM for a full GC ({@code jcmd PID GC.run}), then reads the heap in use. */
    static long heapAfterFullGc(long pid, String metricsUrl) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("jcmd " + pid + " GC.run failed: " + out);
        }
        return heapUsed(metrics(metricsUrl));
    }
}
