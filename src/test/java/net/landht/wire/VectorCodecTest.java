package net.landht.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

class VectorCodecTest {
    static Stream<Vectors.Entry> entries() {
        return Vectors.allDht().stream();
    }

    @Test
    void everyVectorFileHasEntries() {
        assertThat(Vectors.allDht()).hasSizeGreaterThan(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void decodesAndReencodesToTheSameStructure(Vectors.Entry e) throws IOException {
        DecodeResult r = WireDecoder.decode(e.bytes());
        if (r instanceof DecodeResult.Failure f) {
            assertThat(isKnownMalformed(e)).as("%s failed: %s %s", e, f.error(), f.detail()).isTrue();
            return;
        }
        Message m = ((DecodeResult.Ok) r).message();
        byte[] again = WireEncoder.encode(m);
        assertThat(WireDecoder.decode(again)).isInstanceOf(DecodeResult.Ok.class);
        assertThat(normalize(generic(again))).as("%s", e).isEqualTo(normalize(generic(e.bytes())));
    }

    @Test
    void openDhtOutputReencodesByteIdentical() {
        int identical = 0;
        int total = 0;
        List<String> differing = new java.util.ArrayList<>();
        for (Vectors.Entry e : Vectors.allDht()) {
            if (!e.sender().startsWith("OpenDHT") || !(WireDecoder.decode(e.bytes()) instanceof DecodeResult.Ok ok)) {
                continue;
            }
            total++;
            if (java.util.Arrays.equals(WireEncoder.encode(ok.message()), e.bytes())) {
                identical++;
            } else {
                differing.add(e + "\n  want " + java.util.HexFormat.of().formatHex(e.bytes()) + "\n  got  "
                        + java.util.HexFormat.of().formatHex(WireEncoder.encode(ok.message())));
            }
        }
        assertThat(total).isGreaterThan(150);
        assertThat(identical).as("byte-identical re-encodings of %d OpenDHT datagrams; differing: %s", total, differing).isEqualTo(total);
    }

    /** Datagrams that the capture shows OpenDHT dropping or that carry deliberately broken fields. */
    private static boolean isKnownMalformed(Vectors.Entry e) {
        return e.direction().equals("none") || e.sender().startsWith("crafted");
    }

    private static Value generic(byte[] b) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(b)) {
            return u.unpackValue();
        }
    }

    /** Our canonical form: a bin/str tid becomes an integer; keys landht does not model are dropped. */
    private static String normalize(Value v) {
        var map = new java.util.TreeMap<String, String>();
        for (var en : v.asMapValue().entrySet()) {
            String k = en.getKey().toString();
            Value val = en.getValue();
            if (k.equals("t") && (val.isBinaryValue() || val.isStringValue())) {
                byte[] b = val.isBinaryValue() ? val.asBinaryValue().asByteArray() : val.asStringValue().asByteArray();
                val = org.msgpack.value.ValueFactory.newInteger(
                        ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL));
            }
            map.put(k, val.isMapValue() && !k.equals("p") ? sortedMap(val) : val.toJson());
        }
        return map.toString();
    }

    private static String sortedMap(Value v) {
        var map = new java.util.TreeMap<String, String>();
        for (var en : v.asMapValue().entrySet()) {
            map.put(en.getKey().toString(), en.getValue().toJson());
        }
        return map.toString();
    }

    @SuppressWarnings("unused")
    private static List<String> unused() {
        return List.of();
    }
}
