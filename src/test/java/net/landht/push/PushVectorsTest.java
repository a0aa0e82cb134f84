package net.landht.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.id.InfoHash;
import net.landht.proxy.ProxyCounters;
import net.landht.proxy.ProxyService;
import net.landht.testing.HttpWire;
import net.landht.testing.MemoryDhtClient;
import net.landht.value.ValuePacker;

/**
 * The captured SUBSCRIBE/UNSUBSCRIBE exchanges with Debian's dhtnode 2.4.12 ({@code proxy-vectors/curl/14}–{@code 22})
 * replayed in their order, request bytes as captured: each answer has the captured status, framing (Content-Length
 * or chunked) and body, byte for byte. One deviation: UNSUBSCRIBE without a token gets 400 {@code No token} where
 * OpenDHT's router answers an empty 501.
 */
class PushVectorsTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final MemoryDhtClient dht = new MemoryDhtClient();
    private RecordingGateway gateway;
    private PushService push;
    private LanHttpServer server;

    @BeforeEach
    void start() throws IOException {
        gateway = new RecordingGateway();
        PushSettings settings = PushSettings.of(URI.create(gateway.url()), List.of("127.0.0.1"), 16, 16);
        push = new PushService(settings, dht, new PushCounters(), Clock.systemUTC(),
                Executors.newSingleThreadScheduledExecutor(), Executors.newFixedThreadPool(1), new SecureRandom());
        ProxyService proxy = new ProxyService(dht, new ProxyCounters(0), push, timers, Clock.systemUTC());
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpRouter.builder().route("/", proxy).build(), HttpLimits.defaults(), List.of(), new HttpCounters());
    }

    @AfterEach
    void stop() {
        server.close();
        push.close();
        gateway.close();
        timers.shutdownNow();
    }

    /** The request and response parts of a capture file, as ISO-8859-1 text. */
    private static String[] capture(String name) throws IOException {
        try (InputStream in = PushVectorsTest.class.getResourceAsStream("/proxy-vectors/curl/" + name + ".txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String[] parts = text.split("=== [A-Z]+ ===\n", -1);
            return new String[] {parts[1].substring(0, parts[1].length() - 1), parts[2]};
        }
    }

    private void replay(HttpWire c, String name) throws IOException {
        String[] cap = capture(name);
        HttpWire.Response r = c.send(cap[0]).read();
        String response = cap[1];
        assertThat(r.status()).as(name).isEqualTo(Integer.parseInt(response.substring(9, 12)));
        boolean chunked = response.contains("Transfer-Encoding: chunked");
        assertThat(r.chunked()).as(name + " chunked").isEqualTo(chunked);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (chunked) {  // "44\r\n<line>\n\r\n0\r\n\r\n": the chunk's data
            body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
        }
        assertThat(r.text()).as(name + " body").isEqualTo(body);
    }

    @Test
    void theCapturedExchangesGetTheCapturedAnswersInOrder() throws IOException {
        // the value curl/15's answer lists, stored before the subscription as in the capture run
        dht.put(InfoHash.fromHex("a9cc1f6d0130b393c86e06c7acdd61008bd96531"), ValuePacker.pack(2406028531968519474L,
                ValuePacker.signedBody(0, null, null, 0, "push-me-android".getBytes(StandardCharsets.US_ASCII), null),
                null, null, 0, null), false, InetAddress.getLoopbackAddress());
        try (HttpWire c = HttpWire.connect(server.localAddress())) {
            for (String name : List.of("14-subscribe-android", "15-subscribe-android-again",
                    "16-subscribe-android-refresh", "17-subscribe-ios", "18-subscribe-unifiedpush", "19-unsubscribe",
                    "21-subscribe-no-key", "22-subscribe-bad-json")) {
                replay(c, name);
            }
            HttpWire.Response noKey = c.send(capture("20-unsubscribe-no-key")[0]).read();
            assertThat(noKey.status()).isEqualTo(400);
            assertThat(noKey.text()).isEqualTo("{\"err\":\"No token\"}");
        }
        assertThat(push.subscriptionCount()).isEqualTo(2);  // ios and unifiedpush; android unsubscribed
    }
}
