package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.id.InfoHash;
import net.landht.testing.HttpWire;
import net.landht.testing.LoopbackNode;
import net.landht.value.TestSigner;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Nobody can replace someone else's signed value through the proxy: with a real landht node behind it (its DHT
 * client and store, no other node), Alice's signed value put through the proxy stays what a get returns after puts
 * under its id by Bob (his key, a higher seq), by a forger (Alice's key, Bob's signature) and unsigned; each of
 * them is answered with the 4xx of {@link PutRefusals} that says why, never 502 (issue 11).
 */
class ProxyOwnershipTest {
    private static final long ID = 42;
    private static final String KEY = "5e5a1a8e7c9b3d2f4a6b8c0d1e2f3a4b5c6d7e8f";

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private LanHttpServer server;

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    /** The proxy in front of {@code node}'s DHT client, on a free loopback port. */
    private LanHttpServer proxyFor(LoopbackNode node) {
        var proxy = new ProxyService(node.client(), new ProxyCounters(0), ProxyService.NO_PUSH, timers,
                Clock.systemUTC());
        var routes = HttpRouter.builder().route("/", proxy).build();
        return LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), routes,
                HttpLimits.defaults(), List.of(), new HttpCounters());
    }

    private HttpWire.Response put(Value v) {
        String json = ValueJson.line(v, v.id(), false).strip();
        try (HttpWire c = HttpWire.connect(server.localAddress())) {
            return c.send("POST /key/" + KEY + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json).read();
        }
    }

    private String get() {
        try (HttpWire c = HttpWire.connect(server.localAddress())) {
            return c.send("GET /key/" + KEY + " HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
        }
    }

    @Test
    void aSignedValueIsNotReplacedByAnotherOwnerAForgerOrAnUnsignedValueWithItsId() {
        try (LoopbackNode node = LoopbackNode.start(InfoHash.fromHex("0000000000000000000000000000000000000001"));
             LanHttpServer proxy = proxyFor(node)) {
            server = proxy;
            putsByOthersLeaveAlicesValue();
        }
    }

    private void putsByOthersLeaveAlicesValue() {
        byte[] alices = "alice's".getBytes(StandardCharsets.UTF_8);
        Value original = TestSigner.ALICE.value(ID, 1, 0, alices);
        assertThat(put(original).status()).isEqualTo(200);
        String before = get();
        assertThat(before).contains(ValueJson.line(original, ID, false).strip());

        HttpWire.Response bob = put(TestSigner.BOB.value(ID, 2, 0, "bob's".getBytes(StandardCharsets.UTF_8)));
        HttpWire.Response forger = put(TestSigner.ALICE.forged(ID, 3, 0, "forged".getBytes(StandardCharsets.UTF_8),
                TestSigner.BOB));
        byte[] unsignedBody = ValuePacker.signedBody(0, null, null, 0, "plain".getBytes(StandardCharsets.UTF_8),
                null);
        HttpWire.Response plain = put(ValuePacker.pack(ID, unsignedBody, null, null, 0, null));

        assertThat(bob.status()).as("another owner's value").isEqualTo(403);
        assertThat(bob.text()).contains("\"reason\":\"NOT_OWNER\"");
        assertThat(forger.status()).as("a forged signature").isEqualTo(400);
        assertThat(forger.text()).contains("\"reason\":\"BAD_SIGNATURE\"");
        assertThat(plain.status()).as("an unsigned value over a signed one").isEqualTo(403);
        assertThat(plain.text()).contains("\"reason\":\"NOT_OWNER\"");
        assertThat(get()).isEqualTo(before);
    }
}
