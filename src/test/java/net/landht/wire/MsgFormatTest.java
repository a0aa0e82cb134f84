package net.landht.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * {@link MsgWriter} writes the bytes msgpack-core (and msgpack-c) writes, and {@link MsgReader} reads and skips what
 * msgpack-core writes, so replacing the library on the hot path changes nothing on the wire.
 */
class MsgFormatTest {
    private interface Packing {
        void pack(MessagePacker p) throws IOException;
    }

    private static byte[] reference(Packing packing) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packing.pack(p);
            return p.toByteArray();
        }
    }

    private static MsgWriter writer() {
        MsgWriter w = new MsgWriter();
        w.reset();
        return w;
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-70_000, 70_000),
                Arbitraries.of(0L, 127L, 128L, 255L, 256L, 65_535L, 65_536L, 4_294_967_295L, 4_294_967_296L, -1L,
                        -32L, -33L, -128L, -129L, -32_768L, -32_769L, -2_147_483_648L, -2_147_483_649L,
                        Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Property(tries = 2000)
    void integersAreWrittenInMsgpackCoresSmallestForm(@ForAll("longs") long v) throws IOException {
        MsgWriter w = writer();
        w.packLong(v);
        assertThat(w.toByteArray()).isEqualTo(reference(p -> p.packLong(v)));
        if (v == (int) v) {
            MsgWriter wi = writer();
            wi.packInt((int) v);
            assertThat(wi.toByteArray()).isEqualTo(reference(p -> p.packInt((int) v)));
        }
    }

    @Property(tries = 1000)
    void unsignedValueIdsAreWrittenAsUint64(@ForAll("longs") long v) throws Exception {
        MsgWriter w = writer();
        w.packUint64(v);
        assertThat(w.toByteArray())
                .isEqualTo(reference(p -> p.packBigInteger(new BigInteger(Long.toUnsignedString(v)))));
        MsgReader r = new MsgReader(w.toByteArray(), 0, w.size());
        assertThat(r.readUint64()).isEqualTo(v);
    }

    @Property(tries = 1000)
    void headersMatchAtEveryLength(@ForAll("lengths") int n) throws IOException {
        MsgWriter w = writer();
        w.packMapHeader(n);
        w.packArrayHeader(n);
        w.packRawStringHeader(n);
        w.packBinaryHeader(n);
        assertThat(w.toByteArray()).isEqualTo(reference(p -> {
            p.packMapHeader(n);
            p.packArrayHeader(n);
            p.packRawStringHeader(n);
            p.packBinaryHeader(n);
        }));
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
                Arbitraries.of(15, 16, 31, 32, 255, 256, 65_535, 65_536, 1 << 20, Integer.MAX_VALUE));
    }

    @Property(tries = 1000)
    void stringsMatchIncludingNonAscii(@ForAll("texts") String s) throws Exception {
        MsgWriter w = writer();
        w.packString(s);
        assertThat(w.toByteArray()).isEqualTo(reference(p -> p.packString(s)));
        MsgReader r = new MsgReader(w.toByteArray(), 0, w.size());
        String back = r.readString(1 << 20);
        assertThat(back).isEqualTo(s);
        assertThat(r.hasNext()).isFalse();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u0080', '\ud7ff').ofMaxLength(100),
                Arbitraries.of("id", "target", "find", "o2", "RNG1", "fileds", ""));
    }

    @Test
    void knownKeysComeBackAsSharedConstants() throws Exception {
        MsgWriter w = writer();
        w.packString("target");
        w.packString("targe");
        MsgReader r = new MsgReader(w.toByteArray(), 0, w.size());
        assertThat(r.readKey()).isSameAs("target");
        assertThat(r.readKey()).isEqualTo("targe");
    }

    @Property(tries = 500)
    void skipAndReadRawConsumeExactlyOneObject(@ForAll("values") Value v, @ForAll @IntRange(max = 3) int trailing)
            throws Exception {
        byte[] one = reference(p -> p.packValue(v));
        byte[] d = new byte[one.length + trailing];
        System.arraycopy(one, 0, d, 0, one.length);
        MsgReader r = new MsgReader(d, 0, d.length);
        assertThat(r.readRaw(d.length)).isEqualTo(one);
        assertThat(r.remaining()).isEqualTo(trailing);
        for (int cut = 0; cut < one.length; cut += Math.max(1, one.length / 64)) {
            MsgReader truncated = new MsgReader(one, 0, cut);
            assertThatThrownBy(truncated::skip).isInstanceOf(WireFormatException.class);
        }
    }

    @Provide
    Arbitrary<Value> values() {
        Arbitrary<Value> scalars = Arbitraries.oneOf(
                longs().map(ValueFactory::newInteger),
                Arbitraries.strings().ofMaxLength(40).map(ValueFactory::newString),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(ValueFactory::newBinary),
                Arbitraries.of(ValueFactory.newNil(), ValueFactory.newBoolean(true), ValueFactory.newFloat(1.5),
                        ValueFactory.newFloat(2.5f)),
                Arbitraries.integers().between(-128, 127).flatMap(type -> Arbitraries.bytes().array(byte[].class)
                        .ofMaxSize(20).map(b -> ValueFactory.newExtension((byte) (int) type, b))));
        return Arbitraries.recursive(() -> scalars,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(8).map(l -> (Value) ValueFactory.newArray(l)),
                        Arbitraries.maps(inner, inner).ofMaxSize(8).map(m -> (Value) ValueFactory.newMap(m))),
                0, 3);
    }

    @Test
    void theReservedByteAndHostileCountsAreMalformedOrTooLarge() {
        assertThatThrownBy(() -> new MsgReader(new byte[] {(byte) 0xc1}, 0, 1).skip())
                .isInstanceOf(WireFormatException.class);
        byte[] hugeMap = {(byte) 0xdf, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0};
        assertThatThrownBy(() -> new MsgReader(hugeMap, 0, hugeMap.length).readMapHeader())
                .isInstanceOf(WireFormatException.class)
                .satisfies(e -> assertThat(((WireFormatException) e).error()).isEqualTo(DecodeError.TOO_LARGE));
        assertThatThrownBy(() -> new MsgReader(hugeMap, 0, hugeMap.length).skip())
                .isInstanceOf(WireFormatException.class);
        byte[] longStr = {(byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'};
        assertThatThrownBy(() -> new MsgReader(longStr, 0, longStr.length).readString(100))
                .isInstanceOf(WireFormatException.class);
        assertThat(List.of(DecodeError.values())).contains(DecodeError.MALFORMED_MSGPACK);
    }
}
