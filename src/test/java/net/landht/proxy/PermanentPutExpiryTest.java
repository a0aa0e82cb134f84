package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.testing.MemoryDhtClient;

/** Permanent puts end a lifetime after their last POST (a short lifetime stands for OpenDHT's 24 h). */
class PermanentPutExpiryTest {
    private static final InfoHash KEY = InfoHash.fromHex("a251ad8df7e6aa656963f22c4b1fa106a839dd13");

    private static final byte[] BODY = "{\"data\":\"aGk=\",\"permanent\":true}".getBytes();
    private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final MemoryDhtClient dht = new MemoryDhtClient();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void aPermanentPutIsCancelledOnceItsLifetimeAfterTheLastPost() {
        PermanentPutExpiry expiry = new PermanentPutExpiry(dht, timers, Duration.ofMillis(300), java.time.Clock.systemUTC());
        expiry.posted(KEY, 42, BODY, LOOPBACK);
        expiry.posted(KEY, 42, BODY, LOOPBACK);  // the refresh replaces the first timer
        assertThat(expiry.count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !dht.cancelledPuts().isEmpty());
        assertThat(dht.cancelledPuts()).containsExactly(KEY.toHex() + "/42");
        assertThat(expiry.count()).isZero();
    }

    @Test
    void closeDropsTheTimersWithoutCancellingThePuts() {
        PermanentPutExpiry expiry = new PermanentPutExpiry(dht, timers, Duration.ofHours(24), java.time.Clock.systemUTC());
        expiry.posted(KEY, 1, BODY, LOOPBACK);
        expiry.close();
        assertThat(expiry.count()).isZero();
        assertThat(dht.cancelledPuts()).isEqualTo(List.of());
    }
}
