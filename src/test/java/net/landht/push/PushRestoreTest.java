package net.landht.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import net.landht.testing.MemoryStateFile;
import net.landht.testing.HttpWire;

/**
 * Push subscriptions saved at close (and a second after a change) come back at start with a new DHT listen on the
 * new (real, lone) node, and its next put pushes.
 */
class PushRestoreTest {
    private static final String KEY = "a9cc1f6d0130b393c86e06c7acdd61008bd96531";

    private final MemoryStateFile file = new MemoryStateFile();
    private final AtomicReference<byte[]> saved = file.saved;

    private PushFixture fixture() throws Exception {
        return new PushFixture(url -> PushSettings.of(url, List.of(), 16, 16).keptIn(file), Clock.systemUTC());
    }

    private static int send(PushFixture f, String request) {
        try (HttpWire c = HttpWire.connect(f.server.localAddress())) {
            return c.send(request).read().status();
        }
    }

    private static String subscribe(String body) {
        return "SUBSCRIBE /key/" + KEY + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void aSubscriptionSurvivesARestartAndTheNextPutStillPushes() throws Exception {
        try (PushFixture first = fixture()) {
            assertThat(send(first, subscribe("{\"key\":\"tok-a\",\"client_id\":\"cid-a\",\"session_id\":\"s\","
                    + "\"platform\":\"android\"}"))).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> saved.get() != null);  // a second after the change
        }
        assertThat(new String(saved.get(), StandardCharsets.UTF_8)).contains("\"token\":\"tok-a\"");
        try (PushFixture second = fixture()) {
            second.push.restore();
            assertThat(second.push.subscriptionCount()).isEqualTo(1);
            assertThat(second.dht.listens()).isEqualTo(1);
            String put = "{\"data\":\"aGk=\"}";
            assertThat(send(second, "POST /key/" + KEY + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + put.length()
                    + "\r\n\r\n" + put)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> second.gateway.requests("/api/push").size() == 1);
            assertThat(second.gateway.requests("/api/push").get(0).text()).contains("\"to\":\"cid-a\"");
        }
    }

    @Test
    void endedAndDamagedEntriesAreNotRestored() throws Exception {
        long now = System.currentTimeMillis();
        saved.set(("[{\"client_id\":\"old\",\"key\":\"" + KEY + "\",\"platform\":\"android\",\"refreshed\":"
                + (now - Duration.ofHours(25).toMillis()) + ",\"session_id\":\"s\",\"source\":\"127.0.0.1\","
                + "\"token\":\"t1\",\"topic\":\"\"},"
                + "{\"key\":\"nothex\",\"token\":\"t2\",\"source\":\"127.0.0.1\"},"
                + "{\"client_id\":\"new\",\"key\":\"" + KEY + "\",\"platform\":\"ios\",\"refreshed\":" + now
                + ",\"session_id\":\"s\",\"source\":\"::1\",\"token\":\"t3\",\"topic\":\"\"}]")
                .getBytes(StandardCharsets.UTF_8));
        try (PushFixture f = fixture()) {
            f.push.restore();
            assertThat(f.push.subscriptionCount()).isEqualTo(1);
            assertThat(f.push.subscriptionsByPlatform()).containsEntry(Platform.IOS, 1);
        }
    }
}
