package net.landht.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.testing.HttpWire;
import net.landht.value.ValuePacker;

/**
 * The captured SUBSCRIBE/UNSUBSCRIBE exchanges with Debian's dhtnode 2.4.12 ({@code proxy-vectors/curl/14}–{@code 22})
 * replayed in their order, request bytes as captured: each answer has the captured status, framing (Content-Length
 * or chunked) and body, byte for byte. One deviation: UNSUBSCRIBE without a token gets 400 {@code No token} where
 * OpenDHT's router answers an empty 501.
 */
class PushVectorsTest {
    private PushFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new PushFixture(url -> PushSettings.of(url, List.of("127.0.0.1"), 16, 16), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fixture.close();
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
    void theCapturedExchangesGetTheCapturedAnswersInOrder() throws Exception {
        // the value curl/15's answer lists, stored before the subscription as in the capture run
        byte[] data = "push-me-android".getBytes(StandardCharsets.US_ASCII);
        assertThat(fixture.dht.put(InfoHash.fromHex("a9cc1f6d0130b393c86e06c7acdd61008bd96531"),
                ValuePacker.pack(2406028531968519474L, ValuePacker.signedBody(0, null, null, 0, data, null), null,
                        null, 0, null), false, InetAddress.getLoopbackAddress()).get(10, TimeUnit.SECONDS).ok())
                .isTrue();
        try (HttpWire c = HttpWire.connect(fixture.server.localAddress())) {
            for (String name : List.of("14-subscribe-android", "15-subscribe-android-again",
                    "16-subscribe-android-refresh", "17-subscribe-ios", "18-subscribe-unifiedpush", "19-unsubscribe",
                    "21-subscribe-no-key", "22-subscribe-bad-json")) {
                replay(c, name);
            }
            HttpWire.Response noKey = c.send(capture("20-unsubscribe-no-key")[0]).read();
            assertThat(noKey.status()).isEqualTo(400);
            assertThat(noKey.text()).isEqualTo("{\"err\":\"No token\"}");
        }
        assertThat(fixture.push.subscriptionCount()).isEqualTo(2);  // ios and unifiedpush; android unsubscribed
    }
}
