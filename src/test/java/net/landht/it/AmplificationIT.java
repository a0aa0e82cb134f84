package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.UdpProbe;
import net.landht.ops.PrometheusText;

/**
 * Issue 14 §1 against a running landht with its defaults ({@code limits.verify-sources-before-values} on): a key
 * holds a 60 kB value; a source landht has never exchanged a message with asks for a token (find), gets the key, and
 * listens to it; another source then puts 20 values there. Everything landht sends back to the first source within
 * 3 s is at most 5× the bytes it sent, when it never answers landht; when it answered landht's ping first, it gets
 * the 60 kB value and one {@code update} per put. Raw UDP on loopback (127.0.0.2 and 127.0.0.4 are sources of their
 * own; the putter, 127.0.0.3, answers pings in client mode).
 */
class AmplificationIT {
    private static final int VALUE_BYTES = 60_000;
    private static final int PUTS = 20;
    private static final int WINDOW_MILLIS = 3_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    @Test
    void aNeverSeenSourceGetsAtMostFiveTimesWhatItSentAVerifiedOneGetsEverything() throws Exception {
        int opsPort = FreePorts.tcp();
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).opsPort(opsPort).logLevel("info").start());
        InetSocketAddress node = landht.address();
        String metricsUrl = "http://127.0.0.1:" + opsPort + "/metrics";
        FuzzIT.awaitMetrics(metricsUrl);
        byte[] key = randomId();
        try (RawDhtClient putter = new RawDhtClient(java.net.InetAddress.getByName("127.0.0.3"), 0)) {
            byte[] token = putter.get(node, key).token();
            RawDhtClient.Reply ack = putter.put(node, key, token, RawValues.plain(1, 0, new byte[VALUE_BYTES], null));
            assertThat(ack.isError()).as("the 60 kB put: %s", ack).isFalse();

            Exchange spoofed = exchange(node, key, putter, token, "127.0.0.2", false);
            double factor = (double) spoofed.received.bytes() / spoofed.sentBytes;
            System.out.printf("AmplificationIT: never-seen source sent %d bytes, got %d bytes in %d datagrams "
                    + "(%.2fx): %s%n", spoofed.sentBytes, spoofed.received.bytes(), spoofed.received.datagrams(),
                    factor, spoofed.received.kinds());
            assertThat(spoofed.received.bytes()).as("bytes back to a source that never answered")
                    .isLessThanOrEqualTo(5L * spoofed.sentBytes);
            assertThat(spoofed.received.updates()).as("updates to it").isZero();

            Exchange verified = exchange(node, key, putter, token, "127.0.0.4", true);
            System.out.printf("AmplificationIT: verified source sent %d bytes, got %d bytes in %d datagrams, "
                    + "%d updates%n", verified.sentBytes, verified.received.bytes(), verified.received.datagrams(),
                    verified.received.updates());
            assertThat(verified.received.bytes()).as("a verified source gets the 60 kB value")
                    .isGreaterThan(VALUE_BYTES);
            assertThat(verified.received.updates()).as("and one update per put").isGreaterThanOrEqualTo(PUTS);
        }

        PrometheusText m = FuzzIT.metrics(metricsUrl);
        assertThat(m.value("landht_unverified_withheld_total", "what", "value_reply")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("landht_unverified_withheld_total", "what", "listen")).isGreaterThanOrEqualTo(1);
        assertThat(m.value("landht_verification_pings_total")).isGreaterThanOrEqualTo(2);
        assertThat(m.value("landht_verified_sources")).as("the verified source and the putter")
                .isGreaterThanOrEqualTo(2);
    }

    /** Bytes a source sent (find, get, listen) and what came back within {@value #WINDOW_MILLIS} ms. */
    private record Exchange(long sentBytes, UdpProbe.Received received) {
    }

    /**
     * From a new source at {@code loopback}: (when {@code answer}) a ping, whose ping-back it answers; then a find for
     * a token, a get of {@code key}, a listen to it, and {@value #PUTS} puts by {@code putter}; counts everything
     * received from the find on. Each request is sent once (no retransmission).
     */
    private Exchange exchange(InetSocketAddress node, byte[] key, RawDhtClient putter, byte[] putToken,
                              String loopback, boolean answer) {
        try (UdpProbe source = new UdpProbe(loopback)) {
            if (answer) {
                source.send(node, source.pingBytes(1));
                source.receiveAll(500, true);
            }
            long start = System.nanoTime();
            byte[] find = source.request("find", Map.of("target", randomId()), 2);
            source.send(node, find);
            UdpProbe.Received first = source.receiveAll(300, answer);
            assertThat(first.token()).as("a find reply with a token, from %s", loopback).isNotNull();
            byte[] get = source.request("get", Map.of("h", key), 4);
            Map<String, Object> listenArgs = new LinkedHashMap<>();
            listenArgs.put("ve", 1);
            listenArgs.put("h", key);
            listenArgs.put("token", first.token());
            listenArgs.put("sid", 7);
            byte[] listen = source.request("listen", listenArgs, 5);
            source.send(node, get);
            source.send(node, listen);
            long sent = find.length + get.length + listen.length;
            for (int i = 0; i < PUTS; i++) {
                byte[] v = RawValues.plain(100 + i, 0, ("update " + i).getBytes(StandardCharsets.UTF_8), null);
                assertThat(putter.put(node, key, putToken, v).isError()).isFalse();
            }
            int left = (int) Math.max(1, WINDOW_MILLIS - (System.nanoTime() - start) / 1_000_000L);
            return new Exchange(sent, first.plus(source.receiveAll(left, answer)));
        }
    }

    private static byte[] randomId() {
        byte[] id = new byte[20];
        RANDOM.nextBytes(id);
        return id;
    }
}
