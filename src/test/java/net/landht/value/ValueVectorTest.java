package net.landht.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.landht.id.InfoHash;

class ValueVectorTest {
    private static final String[] FILES = {
        "put.json", "put_signed.json", "get.json", "listen.json", "refresh.json", "value_parts.json"};

    static Stream<VectorValues.Sample> allValues() {
        return VectorValues.load(FILES).stream();
    }

    static List<Value> signedCaptures() {
        return VectorValues.load("put_signed.json").stream()
                .map(s -> Value.parse(s.packed()).valueOrNull())
                .toList();
    }

    @ParameterizedTest
    @MethodSource("allValues")
    void everyCapturedValueParsesAndIsServedBackByteIdentical(VectorValues.Sample sample) {
        ParseResult r = Value.parse(sample.packed());

        assertThat(r).isInstanceOf(ParseResult.Ok.class);
        Value v = r.valueOrNull();
        assertThat(v.packed()).isEqualTo(sample.packed());
        assertThat(v.packedLength()).isEqualTo(sample.packed().length);
        assertThat(v.id()).isNotZero();
    }

    @Test
    void vectorsHoldInlineAndFragmentedValues() {
        List<VectorValues.Sample> all = VectorValues.load(FILES);
        assertThat(all).hasSizeGreaterThan(10);
        assertThat(all).anyMatch(s -> s.description().startsWith("parts"));
    }

    @Test
    void plainValueFromPythonHasItsFields() {
        Value v = Value.parse(VectorValues.load("put.json").get(0).packed()).valueOrNull();

        assertThat(Long.toUnsignedString(v.id())).isEqualTo("13824510548306967844");
        assertThat(v.type()).isZero();
        assertThat(new String(v.data(), StandardCharsets.UTF_8)).isEqualTo("hello-plain");
        assertThat(v.isSigned()).isFalse();
        assertThat(v.hasOwner()).isFalse();
        assertThat(v.isEncrypted()).isFalse();
        assertThat(v.userType()).isEmpty();
        assertThat(v.size()).isEqualTo(11);
        assertThat(v.keyId()).isNull();
    }

    @Test
    void plainValueFromCliCarriesItsUserType() {
        Value v = Value.parse(VectorValues.load("put.json").get(1).packed()).valueOrNull();

        assertThat(v.userType()).isEqualTo("text/plain");
        assertThat(v.size()).isEqualTo("plainvalue".length() + "text/plain".length());
    }

    @Test
    void capturedRsa4096SignedValuesVerify() {
        List<Value> signed = signedCaptures();

        assertThat(signed).hasSize(2);
        for (Value v : signed) {
            assertThat(v.isSigned()).isTrue();
            assertThat(v.owner()).hasSize(550);
            assertThat(v.signature()).hasSize(512);
            assertThat(v.seq()).isZero();
            assertThat(v.signatureValid()).isTrue();
            assertThat(Signatures.verify(v.owner(), v.signedBody(), v.signature())).isTrue();
        }
    }

    @Test
    void ownerKeyIdIsSha1OfTheSpki() {
        Value fromDhtnode242 = signedCaptures().get(0);

        assertThat(fromDhtnode242.keyId())
                .isEqualTo(InfoHash.fromHex("b325583891cd32613ee607491e8e18938dabb22b"));
    }

    @Test
    void flippedBitInSignedDataFailsVerification() {
        for (Value v : signedCaptures()) {
            byte[] body = v.signedBody();
            body[body.length - 2] ^= 1;
            assertThat(Signatures.verify(v.owner(), body, v.signature())).isFalse();

            byte[] sig = v.signature();
            sig[100] ^= 0x40;
            assertThat(Signatures.verify(v.owner(), v.signedBody(), sig)).isFalse();
        }
    }

    @Test
    void flippedBitInsidePackedValueMakesItInvalid() {
        Value v = signedCaptures().get(0);
        byte[] packed = v.packed();
        packed[packed.length - 600] ^= 1; // inside the signed data/owner region, not a header

        Value tampered = Value.parse(packed).valueOrNull();
        assertThat(tampered).isNotNull();
        assertThat(tampered.signatureValid()).isFalse();
    }

    @Test
    void garbageOwnerKeyIsNotAnExceptionButFalse() {
        Value v = signedCaptures().get(0);

        assertThat(Signatures.verify(new byte[] {0x30, 0x03, 0x01, 0x02, 0x03}, v.signedBody(), v.signature()))
                .isFalse();
        assertThat(Signatures.verify(new byte[0], v.signedBody(), v.signature())).isFalse();
        assertThat(Signatures.verify(null, v.signedBody(), v.signature())).isFalse();
        assertThat(Signatures.verify(v.owner(), v.signedBody(), new byte[3])).isFalse();
        assertThat(Signatures.isReadableKey("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"
                .getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void pemOwnerIsAcceptedLikeDer() {
        Value v = signedCaptures().get(0);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(v.owner())
                + "\n-----END PUBLIC KEY-----\n";
        byte[] pemBytes = pem.getBytes(StandardCharsets.US_ASCII);

        assertThat(Signatures.spkiDer(pemBytes)).isEqualTo(v.owner());
        assertThat(Signatures.verify(pemBytes, v.signedBody(), v.signature())).isTrue();
    }

    @Test
    void certificateValueIsAcceptedAtItsKeyIdAndRefusedElsewhere() {
        Value cert = VectorValues.load("put.json").stream()
                .map(s -> Value.parse(s.packed()).valueOrNull())
                .filter(v -> v.type() == 8)
                .findFirst().orElseThrow();
        EditPolicy policy = EditPolicy.defaults();

        InfoHash at = InfoHash.fromHex("b325583891cd32613ee607491e8e18938dabb22b");
        assertThat(policy.store(at, cert, null)).isInstanceOf(PolicyDecision.Accept.class);
        assertThat(policy.store(InfoHash.sha1Of(new byte[] {1}), cert, null))
                .isEqualTo(new PolicyDecision.Refuse(Refusal.CERTIFICATE_KEY_MISMATCH));
    }

    @Test
    void fieldsOfACapturedSignedValue() {
        Value v = signedCaptures().get(0);

        assertThat(v.fieldValue(Field.ID)).isEqualTo(v.id());
        assertThat(v.fieldValue(Field.SEQ_NUM)).isEqualTo(0L);
        assertThat(v.fieldValue(Field.VALUE_TYPE)).isEqualTo(0L);
        assertThat((byte[]) v.fieldValue(Field.OWNER_PK)).isEqualTo(v.owner());
        assertThat(v.fieldValue(Field.USER_TYPE)).isEqualTo(v.userType());
    }
}
