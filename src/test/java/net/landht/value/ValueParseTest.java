package net.landht.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class ValueParseTest {

    /** Writes msgpack by hand, so tests can build any shape, valid or not. */
    private static final class Mp {
        final MessageBufferPacker p = MessagePack.newDefaultBufferPacker();

        Mp map(int n) throws IOException {
            p.packMapHeader(n);
            return this;
        }

        Mp str(String s) throws IOException {
            p.packString(s);
            return this;
        }

        Mp num(long v) throws IOException {
            p.packLong(v);
            return this;
        }

        Mp bin(byte[] b) throws IOException {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
            return this;
        }

        Mp array(int n) throws IOException {
            p.packArrayHeader(n);
            return this;
        }

        byte[] bytes() {
            return p.toByteArray();
        }
    }

    private static ParseError error(byte[] b) {
        ParseResult r = Value.parse(b);
        assertThat(r).isInstanceOf(ParseResult.Error.class);
        return ((ParseResult.Error) r).error();
    }

    private static Value ok(byte[] b) {
        ParseResult r = Value.parse(b);
        assertThat(r).isInstanceOf(ParseResult.Ok.class);
        return r.valueOrNull();
    }

    private static byte[] plain(Mp m, long id, Object data) throws IOException {
        m.map(2).str("id").num(id).str("dat").map(1).str("body").map(2).str("type").num(0).str("data");
        if (data instanceof byte[] b) {
            m.bin(b);
        } else {
            m.str((String) data);
        }
        return m.bytes();
    }

    @Test
    void packedValueWrittenByPackerRoundTrips() {
        Value v = ValuePacker.plain(42, 3, "hi".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(v.id()).isEqualTo(42);
        assertThat(v.type()).isEqualTo(3);
        assertThat(v.data()).containsExactly('h', 'i');
        assertThat(v.userType()).isEqualTo("text/plain");
        assertThat(v.size()).isEqualTo(2 + 10);
    }

    @Test
    void idAboveLongMaxIsKeptAsUnsignedBits() {
        Value v = ValuePacker.plain(-1L, 0, new byte[1], null);

        assertThat(Long.toUnsignedString(v.id())).isEqualTo("18446744073709551615");
        assertThat(Value.parse(v.packed()).valueOrNull().id()).isEqualTo(-1L);
    }

    @Test
    void idZeroParsesSoThePutCanBeAnsweredWith203() throws IOException {
        assertThat(ok(plain(new Mp(), 0, new byte[1])).id()).isEqualTo(Value.INVALID_ID);
    }

    @Test
    void dataMayBeAStringOrAnArrayOfBytes() throws IOException {
        assertThat(ok(plain(new Mp(), 7, "abc")).data()).containsExactly('a', 'b', 'c');

        Mp m = new Mp();
        m.map(2).str("id").num(7).str("dat").map(1).str("body").map(2).str("type").num(0).str("data")
                .array(3).num(1).num(2).num(255);
        Value v = ok(m.bytes());
        assertThat(v.data()).containsExactly(1, 2, (byte) 255);
        assertThat(v.size()).isEqualTo(3);
    }

    @Test
    void arrayBlobWithAnOutOfRangeElementIsRefused() throws IOException {
        Mp m = new Mp();
        m.map(2).str("id").num(7).str("dat").map(1).str("body").map(2).str("type").num(0).str("data")
                .array(2).num(1).num(256);
        assertThat(error(m.bytes())).isEqualTo(ParseError.BAD_DATA);
    }

    @Test
    void integersOfAnyWidthAreAccepted() throws IOException {
        byte[] head = {(byte) 0x82, (byte) 0xa2, 'i', 'd', (byte) 0xcf, 0, 0, 0, 0, 0, 0, 0, 9}; // uint64 holding 9
        byte[] middle = new Mp().str("dat").map(1).str("body").map(2).str("type").bytes();
        byte[] type = {(byte) 0xd1, 0, 5}; // int16 holding 5
        byte[] tail = new Mp().str("data").bin(new byte[] {1}).bytes();

        Value v = ok(concat(head, middle, type, tail));
        assertThat(v.id()).isEqualTo(9);
        assertThat(v.type()).isEqualTo(5);
    }

    @Test
    void typeAbove16BitsIsRefused() throws IOException {
        Mp m = new Mp();
        m.map(2).str("id").num(1).str("dat").map(1).str("body").map(2).str("type").num(65_536).str("data")
                .bin(new byte[0]);
        assertThat(error(m.bytes())).isEqualTo(ParseError.BAD_TYPE);
    }

    @Test
    void negativeIdIsRefused() throws IOException {
        assertThat(error(plain(new Mp(), -5, new byte[1]))).isEqualTo(ParseError.BAD_ID);
    }

    @Test
    void missingPiecesGiveTypedErrors() throws IOException {
        assertThat(error(new Mp().map(1).str("id").num(1).bytes())).isEqualTo(ParseError.NOT_A_MAP);
        assertThat(error(new Mp().array(2).num(1).num(2).bytes())).isEqualTo(ParseError.NOT_A_MAP);
        assertThat(error(new Mp().map(2).str("id").num(1).str("x").num(1).bytes())).isEqualTo(ParseError.BAD_DAT);
        assertThat(error(new Mp().map(2).str("x").num(1).str("dat").num(1).bytes())).isEqualTo(ParseError.BAD_ID);
        assertThat(error(new Mp().map(2).str("id").num(1).str("dat").num(1).bytes())).isEqualTo(ParseError.BAD_DAT);
        assertThat(error(new Mp().map(2).str("id").num(1).str("dat").map(0).bytes())).isEqualTo(ParseError.BAD_DAT);
        assertThat(error(new Mp().map(2).str("id").num(1).str("dat").map(1).str("body").num(3).bytes()))
                .isEqualTo(ParseError.BAD_BODY);
        assertThat(error(new Mp().map(2).str("id").num(1).str("dat").map(1).str("body").map(1).str("type").num(0)
                .bytes())).isEqualTo(ParseError.BAD_DATA);
        assertThat(error(new Mp().map(2).str("id").num(1).str("dat").map(1).str("body").map(1).str("data")
                .bin(new byte[0]).bytes())).isEqualTo(ParseError.BAD_TYPE);
        assertThat(error(new byte[0])).isEqualTo(ParseError.NOT_A_MAP);
        assertThat(error(new byte[] {(byte) 0x82, (byte) 0xa2})).isEqualTo(ParseError.MALFORMED);
    }

    @Test
    void ownerWithoutSeqOrSignatureIsRefused() throws IOException {
        byte[] key = TestSigner.ALICE.spki();
        Mp noSeq = new Mp();
        noSeq.map(2).str("id").num(1).str("dat").map(2).str("body").map(3).str("owner").bin(key).str("type").num(0)
                .str("data").bin(new byte[1]).str("sig").bin(new byte[4]);
        assertThat(error(noSeq.bytes())).isEqualTo(ParseError.BAD_SEQ);

        Mp noSig = new Mp();
        noSig.map(2).str("id").num(1).str("dat").map(1).str("body").map(4).str("seq").num(0).str("owner").bin(key)
                .str("type").num(0).str("data").bin(new byte[1]);
        assertThat(error(noSig.bytes())).isEqualTo(ParseError.BAD_SIGNATURE);

        Mp badTo = new Mp();
        badTo.map(2).str("id").num(1).str("dat").map(2).str("body").map(5).str("seq").num(0).str("owner").bin(key)
                .str("to").bin(new byte[19]).str("type").num(0).str("data").bin(new byte[1]).str("sig")
                .bin(new byte[4]);
        assertThat(error(badTo.bytes())).isEqualTo(ParseError.BAD_RECIPIENT);
    }

    @Test
    void ownerWithEmptySignatureIsNotSigned() throws IOException {
        Mp m = new Mp();
        m.map(2).str("id").num(1).str("dat").map(2).str("body").map(4).str("seq").num(3)
                .str("owner").bin(TestSigner.ALICE.spki()).str("type").num(0).str("data").bin(new byte[1])
                .str("sig").bin(new byte[0]);
        Value v = ok(m.bytes());

        assertThat(v.hasOwner()).isTrue();
        assertThat(v.isSigned()).isFalse();
        assertThat(v.signatureValid()).isFalse();
        assertThat(v.seq()).isEqualTo(3);
    }

    @Test
    void encryptedValueKeepsItsCypher() {
        Value v = ValuePacker.encrypted(99, new byte[] {9, 8, 7});

        assertThat(v.isEncrypted()).isTrue();
        assertThat(v.cypher()).containsExactly(9, 8, 7);
        assertThat(v.signedBody()).isNull();
        assertThat(v.data()).isEmpty();
        assertThat(v.size()).isEqualTo(3);
    }

    @Test
    void priorityAndPushTypeAreReadAndCounted() throws IOException {
        Mp m = new Mp();
        m.map(4).str("id").num(1).str("dat").map(1).str("body").map(2).str("type").num(0).str("data")
                .bin(new byte[2]).str("p").num(7).str("pt").str("apns");
        Value v = ok(m.bytes());

        assertThat(v.priority()).isEqualTo(7);
        assertThat(v.pushType()).isEqualTo("apns");
        assertThat(v.size()).isEqualTo(2 + 4);
    }

    @Test
    void unknownKeysAreIgnoredAndTheFirstDuplicateWins() throws IOException {
        Mp m = new Mp();
        m.map(4).str("zz").array(1).num(1).str("id").num(5).str("id").num(6).str("dat").map(1).str("body").map(3)
                .str("type").num(0).str("data").bin(new byte[] {1}).str("unknown").map(0);
        Value v = ok(m.bytes());

        assertThat(v.id()).isEqualTo(5);
    }

    @Test
    void trailingBytesAreDropped() {
        byte[] good = ValuePacker.plain(1, 0, new byte[] {1}, null).packed();
        byte[] withTail = concat(good, new byte[] {(byte) 0xc0, 1, 2});

        assertThat(ok(withTail).packed()).isEqualTo(good);
    }

    @Test
    void oversizedPackedValueIsRefusedBeforeParsing() {
        assertThat(error(new byte[Value.MAX_PACKED_BYTES + 1])).isEqualTo(ParseError.TOO_LARGE);
    }

    @Test
    void signedValueMadeHereVerifies() {
        Value v = TestSigner.ALICE.value(11, 2, 0, new byte[] {1, 2, 3}, new byte[20], "x");

        assertThat(v.signatureValid()).isTrue();
        assertThat(v.recipient()).hasSize(20);
        assertThat(v.keyId()).isEqualTo(TestSigner.ALICE.keyId());
        assertThat(TestSigner.ALICE.forged(11, 2, 0, new byte[] {1}, TestSigner.BOB).signatureValid()).isFalse();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
