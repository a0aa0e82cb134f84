package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.value.Refusal;
import net.landht.value.TestSigner;
import net.landht.value.Value;

/** A put that landht's own store refuses, with no other node to hold it, says why in its result. */
class PutRefusalTest {
    private static final InfoHash KEY = InfoHash.fromHex("00000000000000000000000000000000000000ff");
    private static final InetAddress PHONE = InetAddress.getLoopbackAddress();

    private final SimNetwork sim = new SimNetwork();

    private DhtClient.PutResult put(DhtService landht, Value v) throws Exception {
        CompletableFuture<DhtClient.PutResult> f = landht.client().put(KEY, v, false, PHONE);
        sim.advance(Duration.ofSeconds(20));
        return f.get(5, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anotherOwnersValueUnderAStoredIdIsRefusedAsNotOwner() throws Exception {
        DhtService landht = sim.add(InfoHash.fromHex("8000000000000000000000000000000000000000"), 40000);
        assertThat(put(landht, TestSigner.ALICE.value(5, 1, 0, bytes("alice"))).refusal()).isNull();

        DhtClient.PutResult r = put(landht, TestSigner.BOB.value(5, 2, 0, bytes("bob")));

        assertThat(r).isEqualTo(new DhtClient.PutResult(5, false, 0, Refusal.NOT_OWNER));
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aForgedSignatureIsRefusedAsBadSignature() throws Exception {
        DhtService landht = sim.add(InfoHash.fromHex("8000000000000000000000000000000000000000"), 40000);

        DhtClient.PutResult r = put(landht, TestSigner.ALICE.forged(6, 1, 0, bytes("forged"), TestSigner.BOB));

        assertThat(r.refusal()).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(r.storedLocally()).isFalse();
    }
}
