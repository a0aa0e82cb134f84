package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import net.landht.value.Signatures;
import net.landht.value.TestSigner;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/** The proxy's Value JSON against Debian dhtnode 2.4.12's captured bodies, and its refusals of bad input. */
class ValueJsonTest {

    private static ValueJsonReader.Put read(String json) throws ValueJsonReader.Bad {
        return ValueJsonReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String badBody(String json) {
        try {
            read(json);
        } catch (ValueJsonReader.Bad bad) {
            return bad.body;
        }
        throw new AssertionError("accepted: " + json);
    }

    /** The answer OpenDHT gave to a put, rebuilt from the put's request body and the id it assigned. */
    private static void assertAnswerRebuilt(ProxyVectors.Vector v) throws ValueJsonReader.Bad {
        ValueJsonReader.Put put = read(v.requestBody());
        String answer = v.responseBody();
        String id = answer.replaceAll(".*\"id\":\"(\\d+)\".*\\n?", "$1");
        assertThat(ValueJson.line(put.value(), Long.parseUnsignedLong(id), false)).isEqualTo(answer);
    }

    @Test
    void plainPutAnswerIsByteIdenticalToOpenDhts() throws Exception {
        assertAnswerRebuilt(ProxyVectors.curl("06-post-put"));
        assertAnswerRebuilt(ProxyVectors.client("plain-03-put"));
    }

    @Test
    void putWithIdAndPriorityKeepsBothAsOpenDhtDoes() throws Exception {
        ProxyVectors.Vector v = ProxyVectors.curl("09-post-put-with-id-prio");
        ValueJsonReader.Put put = read(v.requestBody());
        assertThat(put.value().id()).isEqualTo(12345);
        assertThat(put.value().priority()).isEqualTo(1);
        assertThat(ValueJson.line(put.value(), put.value().id(), false)).isEqualTo(v.responseBody());
    }

    @Test
    void permanentIsAPresenceFlag() throws Exception {
        assertThat(read(ProxyVectors.client("plain-06-put-permanent").requestBody()).permanent()).isTrue();
        assertThat(read(ProxyVectors.client("push-04-put-permanent-with-push").requestBody()).permanent()).isTrue();
        assertThat(read("{\"data\":\"AA==\",\"permanent\":false}").permanent()).isTrue();
        assertThat(read("{\"data\":\"AA==\"}").permanent()).isFalse();
    }

    @Test
    void certificatePutOfASignedClientIsByteIdentical() throws Exception {
        ProxyVectors.Vector v = ProxyVectors.client("signed-03-put-permanent-certificate");
        ValueJsonReader.Put put = read(v.requestBody());
        assertThat(put.value().type()).isEqualTo(8);
        assertThat(ValueJson.line(put.value(), put.value().id(), false)).isEqualTo(v.responseBody());
    }

    @Test
    void signedPutFromOpenDhtsProxyClientVerifiesAndIsWrittenBackByteIdentical() throws Exception {
        ProxyVectors.Vector v = ProxyVectors.client("signed-05-put-signed");
        Value value = read(v.requestBody()).value();
        assertThat(value.isSigned()).isTrue();
        assertThat(value.signatureValid()).as("the client's signature over the body with the DER owner").isTrue();
        assertThat(ValueJson.line(value, value.id(), false)).isEqualTo(v.responseBody());
    }

    @Test
    void signedValueRoundTripsThroughJsonByteForByte() throws Exception {
        byte[] to = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233");
        Value original = TestSigner.ALICE.value(0xFEDCBA9876543210L, 7, 3, "hello".getBytes(StandardCharsets.UTF_8),
                to, "text/plain");
        Value back = read(ValueJson.write(original, original.id(), false)).value();
        assertThat(back.packed()).isEqualTo(original.packed());
        assertThat(back.signatureValid()).isTrue();
        assertThat(back.keyId()).isEqualTo(TestSigner.ALICE.keyId());
    }

    @Test
    void ownerPemIsExactlyTheDerOpenDhtSigned() {
        byte[] der = TestSigner.BOB.spki();
        String pem = OwnerPem.fromDer(der);
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n\u0000");
        assertThat(OwnerPem.toDer(pem)).isEqualTo(der);
        assertThat(Signatures.spkiDer(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(der);
    }

    @Test
    void encryptedValueShowsOnlyCypherIdAndPriority() throws Exception {
        Value v = ValuePacker.pack(99, null, null, new byte[] {1, 2, 3}, 2, null);
        String json = ValueJson.write(v, v.id(), false);
        assertThat(json).isEqualTo("{\"cypher\":\"AQID\",\"id\":\"99\",\"prio\":2}");
        assertThat(read(json).value().packed()).isEqualTo(v.packed());
    }

    @Test
    void expiredFlagAndPushTypeTakeTheirSortedPlaces() {
        Value v = ValuePacker.pack(5, ValuePacker.signedBody(0, null, null, 0, new byte[0], null), null, null, 0,
                "msg");
        assertThat(ValueJson.write(v, 5, true))
                .isEqualTo("{\"data\":\"\",\"expired\":true,\"id\":\"5\",\"pt\":\"msg\",\"type\":0}");
    }

    @Test
    void nonAsciiAndControlCharactersAreEscapedAsJsoncppDoes() {
        Value v = ValuePacker.plain(1, 0, new byte[0], "é\u0001\"");
        assertThat(ValueJson.write(v, 1, false)).contains("\"utype\":\"\\u00e9\\u0001\\\"\"");
    }

    @Test
    void emptyBodyIsMissingParameters() {
        assertThat(badBody("")).isEqualTo("{\"err\":\"Missing parameters\"}");
    }

    @Test
    void textThatIsNotJsonGetsOpenDhtsOddErrorKey() {
        assertThat(badBody("{\"data\": ")).isEqualTo("{\"err:\":\"Incorrect JSON\"}");
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        assertThat(badBody("[1,2,3]")).contains("object");
        assertThat(badBody("\"x\"")).contains("object");
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeItIsBuilt() {
        String deep = "{\"a\":".repeat(50) + "1" + "}".repeat(50);
        assertThat(badBody(deep)).contains("nested");
        assertThat(badBody("[".repeat(100_000))).contains("nested");
    }

    @Test
    void wrongTypedOrOutOfRangeFieldsNameTheField() {
        assertThat(badBody("{\"type\":9223372036854775808}")).contains("'type'");
        assertThat(badBody("{\"type\":-1}")).contains("'type'");
        assertThat(badBody("{\"type\":\"0\"}")).contains("'type'");
        assertThat(badBody("{\"type\":1.5}")).contains("'type'");
        assertThat(badBody("{\"seq\":65536,\"owner\":\"" + bobPem() + "\"}")).contains("'seq'");
        assertThat(badBody("{\"prio\":4294967296}")).contains("'prio'");
        assertThat(badBody("{\"id\":\"abc\"}")).contains("'id'");
        assertThat(badBody("{\"id\":-1}")).contains("'id'");
        assertThat(badBody("{\"id\":18446744073709551616}")).contains("'id'");
        assertThat(badBody("{\"data\":5}")).contains("'data'");
        assertThat(badBody("{\"utype\":[]}")).contains("'utype'");
    }

    @Test
    void largestUnsignedIdIsKept() throws Exception {
        assertThat(read("{\"id\":\"18446744073709551615\"}").value().id()).isEqualTo(-1L);
        assertThat(read("{\"id\":18446744073709551615}").value().id()).isEqualTo(-1L);
    }

    @Test
    void badBase64IsRefusedWhereOpenDht24StoredZeros() {
        assertThat(badBody("{\"data\":\"abc\"}")).contains("'data'");
        assertThat(badBody("{\"data\":\"@@@@\"}")).contains("'data'");
        assertThat(badBody("{\"sig\":\"a\",\"data\":\"\"}")).contains("'sig'");
        assertThat(badBody("{\"cypher\":\"!!!!\"}")).contains("'cypher'");
    }

    @Test
    void badOwnerOrRecipientIsRefused() {
        assertThat(badBody("{\"owner\":\"not pem\"}")).contains("'owner'");
        assertThat(badBody("{\"owner\":\"-----BEGIN PUBLIC KEY-----\\n@@@\\n-----END PUBLIC KEY-----\\n\"}"))
                .contains("'owner'");
        assertThat(badBody("{\"owner\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"}"))
                .contains("'owner'");
        assertThat(badBody("{\"owner\":\"" + bobPem() + "\",\"to\":\"xyz\"}")).contains("'to'");
    }

    /** Bob's key as PEM inside a JSON string literal. */
    private static String bobPem() {
        return OwnerPem.fromDer(TestSigner.BOB.spki()).replace("\n", "\\n").replace("\u0000", "\\u0000");
    }

    @Test
    void valueTooLargeForUdpIsRefusedAsTooLarge() {
        String data = java.util.Base64.getEncoder().encodeToString(new byte[70_000]);
        assertThatThrownBy(() -> read("{\"data\":\"" + data + "\"}"))
                .isInstanceOfSatisfying(ValueJsonReader.Bad.class, b -> assertThat(b.tooLarge).isTrue());
    }

    @Test
    void ownerPemWhoseDerIsNotAnRsaKeyIsRefused() {
        // valid PEM armour and base64, but three bytes of DER: the store would refuse it (the put answered 502)
        assertThat(badBody("{\"data\":\"aGk=\",\"owner\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n"
                + "-----END PUBLIC KEY-----\\n\",\"sig\":\"aGk=\"}")).contains("'owner'");
    }

    @Test
    void valueThatOnlyFitsWithoutAnIdIsTooLargeWhenTheServerMustAssignOne() {
        // 64 KiB of data packs within the UDP bound with id 0, not with the 64-bit id the DHT client gives it
        String data = java.util.Base64.getEncoder().encodeToString(new byte[64 * 1024]);
        assertThatThrownBy(() -> read("{\"data\":\"" + data + "\"}"))
                .isInstanceOfSatisfying(ValueJsonReader.Bad.class, b -> assertThat(b.tooLarge).isTrue());
    }

    @Test
    void overLongNumberIsNotCalledTooDeep() {
        assertThat(badBody("{\"id\":" + "9".repeat(5000) + "}")).doesNotContain("deep");
    }
}
