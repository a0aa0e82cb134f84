package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import net.landht.it.support.BootstrapNode;
import net.landht.it.support.Hex;
import net.landht.it.support.ItFixture;
import net.landht.it.support.PythonPeer;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.Swarm;
import net.landht.value.TestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed values (fact sheet §8): a value signed by identity A (RSA-4096 like Jami's, so it travels in value parts;
 * body packed by the test's own msgpack and signed with RSA PKCS#1 v1.5 / SHA-512) is served byte-identically and
 * verifies in an OpenDHT node (python3-opendht's SecureDht hands out only values whose signature checks, and reports
 * their owner). The same value id from identity B, from A with a lower seq, with a signature that does not match, or
 * unsigned (the put that crashes Debian's dhtnode 2.4.12) is acked but refused, while A's value stays served; A with
 * a higher seq replaces it.
 */
class SignedValuesIT {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final long VALUE_ID = 42;
    private static final int USER_DATA = 0;

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void signedValueIsServedAndVerifiedAndOnlyItsOwnerWithAHigherSeqReplacesIt() {
        BootstrapNode landht = it.landhtOnLoopback();
        PythonPeer peer = it.peerConnectedTo(landht, CONNECT);
        TestSigner alice = TestSigner.generate(4096);
        TestSigner bob = TestSigner.generate(2048);
        InetSocketAddress node = landht.address();
        String key = Swarm.randomKey();

        try (RawDhtClient raw = RawDhtClient.forTarget(node)) {
            byte[] v1 = signed(alice, alice, 1, "alice v1");
            assertThat(v1.length).as("an RSA-4096 signed value is sent in parts")
                    .isGreaterThanOrEqualTo(RawDhtClient.INLINE_LIMIT);
            put(raw, node, key, v1);
            assertServed(raw, node, peer, key, v1, alice, 1, "alice v1");

            put(raw, node, key, signed(bob, bob, 5, "bob takes over"));
            assertServed(raw, node, peer, key, v1, alice, 1, "alice v1");

            put(raw, node, key, signed(alice, alice, 0, "alice, lower seq"));
            assertServed(raw, node, peer, key, v1, alice, 1, "alice v1");

            put(raw, node, key, signed(alice, bob, 7, "alice's key, bob's signature"));
            assertServed(raw, node, peer, key, v1, alice, 1, "alice v1");

            put(raw, node, key, RawValues.plain(VALUE_ID, USER_DATA, utf8("unsigned, same id"), null));
            assertServed(raw, node, peer, key, v1, alice, 1, "alice v1");

            byte[] v2 = signed(alice, alice, 2, "alice v2");
            put(raw, node, key, v2);
            assertServed(raw, node, peer, key, v2, alice, 2, "alice v2");
        }
    }

    /** A value with id {@value #VALUE_ID} whose body names {@code owner} and is signed by {@code signer}. */
    private static byte[] signed(TestSigner owner, TestSigner signer, int seq, String text) {
        byte[] body = RawValues.signedBody(seq, owner.spki(), USER_DATA, utf8(text), null);
        return RawValues.signed(VALUE_ID, body, signer.sign(body));
    }

    private static void put(RawDhtClient raw, InetSocketAddress node, String key, byte[] value) {
        byte[] token = raw.get(node, Hex.decode(key)).token();
        RawDhtClient.Reply ack = raw.put(node, Hex.decode(key), token, value);
        assertThat(ack.isError()).as("put acked (acks do not mean stored): %s", ack).isFalse();
    }

    /**
     * landht serves exactly {@code packed} at {@code key}, and the OpenDHT peer gets it as a value signed by
     * {@code owner} with {@code seq} and {@code text}: its signature verified.
     */
    private static void assertServed(RawDhtClient raw, InetSocketAddress node, PythonPeer peer, String key,
            byte[] packed, TestSigner owner, int seq, String text) {
        RawDhtClient.Reply r = raw.get(node, Hex.decode(key));
        assertThat(r.packedValues()).as("values landht serves at %s", key).hasSize(1)
                .first().satisfies(v -> assertThat(Hex.encode(v)).isEqualTo(Hex.encode(packed)));
        List<JsonNode> got = peer.getValues(key);
        assertThat(got).as("values the OpenDHT peer gets (SecureDht drops bad signatures)").hasSize(1);
        JsonNode v = got.get(0);
        assertThat(v.path("id").asText()).isEqualTo(Long.toString(VALUE_ID));
        assertThat(v.path("signed").asBoolean()).as("signed, per OpenDHT: %s", v).isTrue();
        assertThat(v.path("seq").asInt()).as("seq").isEqualTo(seq);
        assertThat(v.path("owner_id").asText()).as("owner key id").isEqualTo(owner.keyId().toHex());
        assertThat(v.path("data").asText()).isEqualTo(text);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
