package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.testing.LoopbackNode;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Permanent puts end a lifetime after their last POST (a short lifetime stands for OpenDHT's 24 h): the real DHT
 * client of a lone node on loopback keeps the permanent put until the expiry cancels it.
 */
class PermanentPutExpiryTest {
    private static final InfoHash KEY = InfoHash.fromHex("a251ad8df7e6aa656963f22c4b1fa106a839dd13");

    private static final java.time.Clock CLOCK = java.time.Clock.systemUTC();
    private static final byte[] BODY = "{\"data\":\"aGk=\",\"permanent\":true}".getBytes();
    private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final LoopbackNode node = LoopbackNode.start();

    @AfterEach
    void stop() {
        timers.shutdownNow();
        node.close();
    }

    /** A permanent put of a value with {@code id} on the node, as the proxy makes before it tells the expiry. */
    private void permanentPut(long id) throws Exception {
        Value v = ValuePacker.pack(id, value("a").signedBody(), null, null, 0, null);
        assertThat(node.client().put(KEY, v, true, LOOPBACK).get(10, TimeUnit.SECONDS).ok()).isTrue();
        assertThat(node.client().permanentPuts()).isEqualTo(1);
    }

    @Test
    void aPermanentPutIsCancelledOnceItsLifetimeAfterTheLastPost() throws Exception {
        permanentPut(42);
        PermanentPutExpiry expiry = new PermanentPutExpiry(node.client(), timers, Duration.ofMillis(300), CLOCK);
        expiry.posted(KEY, 42, plain("a"), BODY, LOOPBACK);
        expiry.posted(KEY, 42, plain("a"), BODY, LOOPBACK);  // the refresh replaces the first timer
        assertThat(expiry.count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.client().permanentPuts() == 0);
        assertThat(expiry.count()).isZero();
    }

    @Test
    void theExpiryCancelsOnlyItsOwnPut() throws Exception {
        permanentPut(42);
        PermanentPutExpiry expiry = new PermanentPutExpiry(node.client(), timers, Duration.ofMillis(300), CLOCK);
        expiry.posted(KEY, 43, plain("a"), BODY, LOOPBACK);
        await().atMost(Duration.ofSeconds(10)).until(() -> expiry.count() == 0);
        node.onLoop(() -> null);  // the cancel, posted to the DHT loop, has run
        assertThat(node.client().permanentPuts()).as("id 42 still announced").isEqualTo(1);
    }

    private static PermanentPutExpiry.Posted plain(String data) {
        return new PermanentPutExpiry.Posted(value(data), "", "");
    }

    private static Value value(String data) {
        return ValuePacker.pack(0, ValuePacker.signedBody(0, null, null, 0, data.getBytes(StandardCharsets.UTF_8),
                null), null, null, 0, null);
    }

    @Test
    void aRepostOfTheSameContentTokenAndClientFindsThePutAndRestartsItsTime() {
        PermanentPutExpiry expiry = new PermanentPutExpiry(node.client(), timers, Duration.ofHours(24), CLOCK);
        expiry.posted(KEY, 7, new PermanentPutExpiry.Posted(value("a"), "tok", "phone"), BODY, LOOPBACK);
        assertThat(expiry.extendSame(KEY, new PermanentPutExpiry.Posted(value("a"), "tok", "phone"), BODY).valueId())
                .isEqualTo(7L);
        assertThat(expiry.count()).isEqualTo(1);
    }

    @Test
    void aRepostWithOtherContentTokenClientOrKeyFindsNothing() {
        PermanentPutExpiry expiry = new PermanentPutExpiry(node.client(), timers, Duration.ofHours(24), CLOCK);
        expiry.posted(KEY, 7, new PermanentPutExpiry.Posted(value("a"), "tok", "phone"), BODY, LOOPBACK);
        assertThat(expiry.extendSame(KEY, new PermanentPutExpiry.Posted(value("b"), "tok", "phone"), BODY)).isNull();
        assertThat(expiry.extendSame(KEY, new PermanentPutExpiry.Posted(value("a"), "other", "phone"), BODY)).isNull();
        assertThat(expiry.extendSame(KEY, new PermanentPutExpiry.Posted(value("a"), "tok", ""), BODY)).isNull();
        assertThat(expiry.extendSame(InfoHash.fromHex("0000000000000000000000000000000000000001"),
                new PermanentPutExpiry.Posted(value("a"), "tok", "phone"), BODY)).isNull();
    }

    @Test
    void anExtendedPutIsCancelledOnlyALifetimeAfterTheExtension() throws Exception {
        permanentPut(9);
        PermanentPutExpiry expiry = new PermanentPutExpiry(node.client(), timers, Duration.ofMillis(300), CLOCK);
        expiry.posted(KEY, 9, plain("a"), BODY, LOOPBACK);
        assertThat(expiry.extendSame(KEY, plain("a"), BODY).valueId()).isEqualTo(9L);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.client().permanentPuts() == 0);
        assertThat(expiry.count()).isZero();
        assertThat(expiry.extendSame(KEY, plain("a"), BODY)).isNull();
    }

    @Test
    void closeDropsTheTimersWithoutCancellingThePuts() throws Exception {
        permanentPut(1);
        PermanentPutExpiry expiry = new PermanentPutExpiry(node.client(), timers, Duration.ofHours(24), CLOCK);
        expiry.posted(KEY, 1, plain("a"), BODY, LOOPBACK);
        expiry.close();
        assertThat(expiry.count()).isZero();
        node.onLoop(() -> null);  // a cancel posted to the DHT loop would have run
        assertThat(node.client().permanentPuts()).isEqualTo(1);
    }
}
