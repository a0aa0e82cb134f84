package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.landht.value.TestSigner;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/** A value put with id 0 gets a random id and keeps everything else, priority and push type included. */
class ValueIdsTest {
    private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPlainValueKeepsItsPriorityAndPushType() {
        Value v = ValuePacker.pack(0, ValuePacker.plain(1, 3, DATA, null).signedBody(), null, null, 7, "android");

        Value withId = ValueIds.withRandomId(v, new Random(1));

        assertThat(withId.id()).isNotZero();
        assertThat(withId.priority()).isEqualTo(7);
        assertThat(withId.pushType()).isEqualTo("android");
        assertThat(withId.signedBody()).isEqualTo(v.signedBody());
        assertThat(withId.data()).isEqualTo(DATA);
    }

    @Test
    void aSignedValueKeepsItsPriorityAndStillVerifies() {
        Value signed = TestSigner.ALICE.value(0, 1, 0, DATA);
        Value v = ValuePacker.pack(0, signed.signedBody(), signed.signature(), null, 3, null);

        Value withId = ValueIds.withRandomId(v, new Random(2));

        assertThat(withId.priority()).isEqualTo(3);
        assertThat(withId.pushType()).isEmpty();
        assertThat(withId.signatureValid()).isTrue();
    }

    @Test
    void anEncryptedValueKeepsItsCypherPriorityAndPushType() {
        Value v = ValuePacker.pack(0, null, null, new byte[] {1, 2, 3}, 5, "ios");

        Value withId = ValueIds.withRandomId(v, new Random(3));

        assertThat(withId.cypher()).containsExactly(1, 2, 3);
        assertThat(withId.priority()).isEqualTo(5);
        assertThat(withId.pushType()).isEqualTo("ios");
    }

    @Test
    void aValueWithoutPriorityGetsNone() {
        Value withId = ValueIds.withRandomId(ValuePacker.plain(0, 0, DATA, null), new Random(4));

        assertThat(withId.priority()).isZero();
        assertThat(withId.pushType()).isEmpty();
    }
}
