package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.UdpProbe;
import net.landht.net.InvalidSources;
import net.landht.ops.PrometheusText;

/**
 * The source protections of a running landht with its default limits, over loopback, where 127.0.0.1, 127.0.0.2 and
 * 127.0.0.3 are three different sources: a ping flood from one source is cut at 1,024 requests/s while another
 * source's pings are all answered; a source that sends garbage is ignored for a minute while others are served; with
 * an allow-list only its sources are served. Each drop is visible in {@code /metrics} under its reason.
 */
class FloodProtectionIT {
    /** Four times the per-source limit: a warm node handles far more, but the test machine may be busy. */
    private static final int FLOOD_PER_SECOND = 4_000;
    private static final int WARM_UP_PER_SECOND = 3_000;
    private static final int FLOOD_SECONDS = 3;
    private static final int PER_SOURCE_LIMIT = 1024;
    private static final int MAX_IN_FLIGHT = 1_500;

    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    private static String metricsUrl(int opsPort) {
        return "http://127.0.0.1:" + opsPort + "/metrics";
    }

    private static double drops(int opsPort, String reason) throws Exception {
        PrometheusText m = FuzzIT.metrics(metricsUrl(opsPort));
        return m.value("landht_drops_total", "reason", reason);
    }

    @Test
    void aPingFloodFromOneSourceIsCutAtItsLimitWhileAnotherSourceIsServed() throws Exception {
        Path logs = it.logs();
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(opsPort).logLevel("info").start());
        InetSocketAddress target = landht.address();
        FuzzIT.awaitMetrics(metricsUrl(opsPort));

        FuzzIT.Pinger other = new FuzzIT.Pinger(target); // from 127.0.0.2
        int answeredFlood;
        long flooded = 0;
        long started;
        long floodNanos;
        try (UdpProbe flooder = new UdpProbe("127.0.0.1")) {
            flood(flooder, target, WARM_UP_PER_SECOND, WARM_UP_PER_SECOND, 0, opsPort); // let the JIT compile
            flooder.drainAnswers(2000); // and let the source's bucket fill up again
            other.start();
            started = System.nanoTime();
            flooded = flood(flooder, target, FLOOD_PER_SECOND, FLOOD_PER_SECOND * FLOOD_SECONDS, 1_000_000, opsPort);
            floodNanos = System.nanoTime() - started;
            answeredFlood = flooder.drainAnswers(1000);
        } finally {
            other.stopSending();
        }
        double seconds = floodNanos / 1e9;
        System.out.printf("FloodProtectionIT: %d pings in %.2f s from one source, %d answered; other source %d/%d%n",
                flooded, seconds, answeredFlood, other.answeredCount(), other.sent.get());

        assertThat(answeredFlood).as("pongs to the flooding source")
                .isGreaterThanOrEqualTo(PER_SOURCE_LIMIT)
                .isLessThanOrEqualTo((int) (PER_SOURCE_LIMIT * (seconds + 1) * 1.1));
        assertThat(other.answeredCount()).as("pings of the other source answered, of " + other.sent.get())
                .isGreaterThanOrEqualTo((long) Math.ceil(other.sent.get() * 0.99));
        assertThat(drops(opsPort, "rate_limited")).as("rate-limited drops counted")
                .isGreaterThanOrEqualTo(flooded - answeredFlood - 100);
        assertThat(landht.isAlive()).isTrue();
    }

    /**
     * Sends {@code count} pings at {@code perSecond} at most; returns how many were sent. Closed loop, as in
     * {@link FuzzIT}: when landht is more than {@value #MAX_IN_FLIGHT} datagrams behind (a busy test machine), the
     * flood waits, so that the kernel never drops the other source's pings for lack of buffer.
     */
    private static long flood(UdpProbe flooder, InetSocketAddress target, int perSecond, int count, long firstTid,
                              int opsPort) throws Exception {
        double before = FuzzIT.metrics(metricsUrl(opsPort)).value("landht_datagrams_total", "direction", "in");
        long nextDue = System.nanoTime();
        long sent = 0;
        while (sent < count) {
            if (sent % 1000 == 0) {
                double previous = -1;
                while (true) {
                    double counted = FuzzIT.metrics(metricsUrl(opsPort)).value("landht_datagrams_total",
                            "direction", "in") - before;
                    if (sent - counted <= MAX_IN_FLIGHT || counted == previous) {
                        break;
                    }
                    previous = counted;
                    TimeUnit.MILLISECONDS.sleep(20);
                    nextDue = System.nanoTime();
                }
            }
            for (int i = 0; i < 50; i++) {
                flooder.send(target, flooder.pingBytes(firstTid + 1 + sent++));
            }
            nextDue += 50 * 1_000_000_000L / perSecond;
            long ahead = nextDue - System.nanoTime();
            if (ahead > 0) {
                TimeUnit.NANOSECONDS.sleep(ahead);
            }
        }
        return sent;
    }

    @Test
    void aSourceSendingGarbageIsIgnoredForAWhileOthersAreServed() throws Exception {
        Path logs = it.logs();
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(opsPort).logLevel("info").start());
        InetSocketAddress target = landht.address();
        FuzzIT.awaitMetrics(metricsUrl(opsPort));
        try (UdpProbe noisy = new UdpProbe("127.0.0.3");
             UdpProbe noisyOtherPort = new UdpProbe("127.0.0.3");
             UdpProbe other = new UdpProbe("127.0.0.2")) {
            assertThat(noisyOtherPort.ping(target, 1000)).as("served before").isTrue();
            for (int i = 0; i <= InvalidSources.THRESHOLD + 10; i++) {
                noisy.send(target, new byte[] {(byte) 0x85, (byte) 0xc1, (byte) i});
            }
            TimeUnit.MILLISECONDS.sleep(200);

            assertThat(noisyOtherPort.ping(target, 1500)).as("same address, other port: ignored").isFalse();
            assertThat(other.ping(target, 1000)).as("another source").isTrue();
        }
        assertThat(drops(opsPort, "ignored")).isGreaterThanOrEqualTo(1);
        assertThat(Files.readString(landht.logFile(), StandardCharsets.UTF_8))
                .contains("ignoring 127.0.0.3 for " + InvalidSources.IGNORE_FOR.toSeconds() + " s");
    }

    @Test
    void withAnAllowListOnlyItsSourcesAreServed() throws Exception {
        Path logs = it.logs();
        Path config = logs.resolve("allow.yaml");
        Files.writeString(config, "limits:\n  allow: [\"127.0.0.1/32\", \"::1\"]\n", StandardCharsets.UTF_8);
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(opsPort).logLevel("info")
                .args("--config", config.toString()).start()); // started = it answered 127.0.0.1
        FuzzIT.awaitMetrics(metricsUrl(opsPort));
        try (UdpProbe outside = new UdpProbe("127.0.0.2"); UdpProbe inside = new UdpProbe("127.0.0.1")) {
            assertThat(outside.ping(landht.address(), 1500)).as("127.0.0.2 is outside the allow-list").isFalse();
            assertThat(inside.ping(landht.address(), 1000)).isTrue();
        }
        assertThat(drops(opsPort, "filtered")).isGreaterThanOrEqualTo(1);
    }
}
