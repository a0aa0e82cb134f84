package net.landht.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.value.Field;
import net.landht.value.Query;

/**
 * The codec never throws on hostile input and round-trips every message it can express: decoding returns a
 * {@link DecodeResult} for random bytes and for every class of mutation of the captured vectors ({@link Mutator});
 * whatever decodes also re-encodes and decodes again; encode then decode is the identity on generated messages.
 */
class WireCodecPropertiesTest {
    private static final List<byte[]> SEEDS = Mutator.vectorSeeds();

    /** Decodes {@code d}; a decoded message must encode and decode again. Anything thrown fails the test. */
    private static DecodeResult check(byte[] d) {
        DecodeResult r;
        try {
            r = WireDecoder.decode(d);
        } catch (Throwable t) {
            throw new AssertionError("decode threw on " + HexFormat.of().formatHex(d), t);
        }
        assertThat(r).isNotNull();
        if (r instanceof DecodeResult.Ok ok) {
            byte[] again;
            try {
                again = WireEncoder.encode(ok.message());
                WireEncoder.encodeDatagrams(ok.message());
            } catch (Throwable t) {
                throw new AssertionError("re-encoding " + ok.message() + " threw; input " + HexFormat.of().formatHex(d),
                        t);
            }
            // Decoding again must not throw either (it may refuse: e.g. invalid UTF-8 in a string grows when
            // re-encoded with replacement characters and can pass a length bound).
            try {
                WireDecoder.decode(again);
            } catch (Throwable t) {
                throw new AssertionError("decoding a re-encoded message threw; input " + HexFormat.of().formatHex(d),
                        t);
            }
        }
        return r;
    }

    @Property(tries = 5000)
    void arbitraryBytesDecodeToAResult(@ForAll @Size(max = 3000) byte[] bytes) {
        check(bytes);
    }

    @Property(tries = 3000)
    void arbitraryBytesBehindAMapHeaderDecodeToAResult(@ForAll @Size(max = 600) byte[] bytes) {
        byte[] d = new byte[bytes.length + 1];
        d[0] = (byte) 0x85;
        System.arraycopy(bytes, 0, d, 1, bytes.length);
        check(d);
    }

    @Property(tries = 200)
    void mutatedVectorsDecodeToAResult(@ForAll long seed) {
        Mutator m = new Mutator(SEEDS, new Random(seed));
        for (int i = 0; i < 250; i++) {
            check(m.next());
        }
    }

    @Test
    void everyKeyOfEveryVectorWithEveryWrongTypeDecodesToAResult() {
        int n = 0;
        for (byte[] seed : SEEDS) {
            for (byte[] d : Mutator.everyKeyWithEveryWrongType(seed)) {
                check(d);
                n++;
            }
        }
        assertThat(n).isGreaterThan(20_000);
    }

    @Test
    void everyTruncationOfEveryVectorIsRefused() {
        for (byte[] seed : SEEDS) {
            for (int len = 0; len < seed.length; len++) {
                byte[] d = java.util.Arrays.copyOf(seed, len);
                assertThat(check(d)).as("%s cut at %d", HexFormat.of().formatHex(seed), len)
                        .isInstanceOf(DecodeResult.Failure.class);
            }
        }
    }

    @Test
    void everySingleBitFlipOfEveryVectorDecodesToAResult() {
        for (byte[] seed : SEEDS) {
            if (seed.length > 400) {
                continue; // the value parts: covered by the random flips
            }
            for (int bit = 0; bit < seed.length * 8; bit++) {
                byte[] d = seed.clone();
                d[bit / 8] ^= (byte) (1 << (bit % 8));
                check(d);
            }
        }
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        for (int depth : new int[] {1_000, 100_000}) {
            byte[] arrays = new byte[depth + 1];
            java.util.Arrays.fill(arrays, 0, depth, (byte) 0x91);
            arrays[depth] = (byte) 0xc0;
            assertThat(check(arrays)).isInstanceOf(DecodeResult.Failure.class);
            byte[] inMap = new byte[depth + 4];
            inMap[0] = (byte) 0x81;
            inMap[1] = (byte) 0xa1;
            inMap[2] = 'a';
            java.util.Arrays.fill(inMap, 3, 3 + depth, (byte) 0x91);
            inMap[depth + 3] = (byte) 0xc0;
            assertThat(check(inMap)).isInstanceOf(DecodeResult.Failure.class);
        }
    }

    @Test
    void hugeCountsAndLengthsAreRefusedBeforeAnythingIsAllocated() {
        for (String hex : List.of("df7fffffff", "dfffffffff", "dd7fffffff", "ddffffffff", "c67fffffff",
                "81a161c6ffffffff", "81a161db7fffffff00", "81a161dd7fffffffc0", "82a161df7fffffffa162c0")) {
            assertThat(check(HexFormat.of().parseHex(hex))).as(hex).isInstanceOf(DecodeResult.Failure.class);
        }
    }

    // ---- encode then decode ------------------------------------------------------------------------------------

    @Property(tries = 3000)
    void encodeDecodeEncodeGivesTheSameBytes(@ForAll("messages") Message m) {
        byte[] once = WireEncoder.encode(m);
        DecodeResult r = WireDecoder.decode(once);
        assertThat(r).isInstanceOf(DecodeResult.Ok.class);
        assertThat(WireEncoder.encode(((DecodeResult.Ok) r).message())).isEqualTo(once);
    }

    @Property(tries = 600)
    void encodeThenDecodeIsTheIdentity(@ForAll("messages") Message m) {
        DecodeResult r = WireDecoder.decode(WireEncoder.encode(m));
        assertThat(r).isInstanceOf(DecodeResult.Ok.class);
        assertThat(((DecodeResult.Ok) r).message()).usingRecursiveComparison()
                .withEqualsForType(InetSocketAddress::equals, InetSocketAddress.class).isEqualTo(m);
    }

    @Property(tries = 300)
    void fragmentedMessagesReassembleToTheOriginal(@ForAll("messages") Message generated) {
        List<ValueSlot> packed = new ArrayList<>(); // sizes alone cannot be sent: only whole values travel in parts
        Random r = new Random(generated.header().tid());
        for (ValueSlot v : Messages.valuesOf(generated)) {
            packed.add(v instanceof ValueSlot.Packed ? v : new ValueSlot.Packed(MessageGen.packedMap(r, 5000)));
        }
        Message m = Messages.withValues(generated, packed);
        List<byte[]> datagrams = WireEncoder.encodeDatagrams(m);
        PartAssembler assembler = new PartAssembler(() -> java.time.Instant.EPOCH);
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4222);
        Message done = null;
        for (byte[] d : datagrams) {
            Message part = ((DecodeResult.Ok) WireDecoder.decode(d)).message();
            if (datagrams.size() == 1) {
                done = part;
            } else if (part instanceof ValueData vd) {
                done = assembler.onParts(from, vd);
            } else {
                done = assembler.onHeader(from, part);
            }
        }
        assertThat(done).usingRecursiveComparison()
                .withEqualsForType(InetSocketAddress::equals, InetSocketAddress.class).isEqualTo(m);
    }

    @Provide
    Arbitrary<Message> messages() {
        return Arbitraries.randomValue(MessageGen::message);
    }

    /** Random messages within what the wire can express (the decoder's bounds, OpenDHT's types). */
    static final class MessageGen {
        private MessageGen() {
        }

        static Message message(Random r) {
            Header h = header(r, true);
            InfoHash id = id(r);
            return switch (r.nextInt(12)) {
                case 0 -> new Request.Ping(h, id);
                case 1 -> new Request.Find(h, id, anyId(r), want(r));
                case 2 -> new Request.Get(h, id, maybe(r, anyId(r)), query(r), want(r));
                case 3 -> new Request.Listen(h, id, maybe(r, anyId(r)), token(r), r.nextLong(0x1_0000_0000L),
                        query(r), r.nextBoolean() ? -1 : r.nextInt(65_536));
                case 4 -> new Request.Put(h, id, maybe(r, anyId(r)), values(r), token(r),
                        r.nextBoolean() ? -1 : r.nextLong(Long.MAX_VALUE));
                case 5 -> new Request.Refresh(h, id, maybe(r, anyId(r)), r.nextLong(), token(r));
                case 6 -> {
                    List<ValueSlot> values = values(r);
                    yield new Request.Update(h, id, maybe(r, anyId(r)), r.nextLong(0x1_0000_0000L), values, ids(r),
                            ids(r), token(r), r.nextBoolean() ? -1 : r.nextInt(65_536),
                            values.isEmpty() || r.nextBoolean() ? -1 : r.nextLong(Long.MAX_VALUE));
                }
                case 7, 8 -> new Reply(h, id, sa(r), nodes(r, false), nodes(r, true), token(r), values(r), fields(r),
                        r.nextBoolean() ? 0 : r.nextLong());
                case 9 -> new ErrorReply(h, r.nextInt(65_536), text(r, 60), r.nextBoolean() ? null : id);
                case 10 -> new ValueData(header(r, false), parts(r));
                default -> new LegacyUpdate(h, id, token(r), ids(r), ids(r));
            };
        }

        static Header header(Random r, boolean withAgent) {
            String ua = !withAgent ? null : switch (r.nextInt(3)) {
                case 0 -> "RNG1";
                case 1 -> "o2";
                default -> text(r, 20);
            };
            return new Header(r.nextLong(0x1_0000_0000L), r.nextBoolean() ? 0 : r.nextLong(0x1_0000_0000L),
                    r.nextBoolean(), ua);
        }

        static InfoHash anyId(Random r) {
            byte[] b = new byte[20];
            r.nextBytes(b);
            return InfoHash.of(b);
        }

        static InfoHash id(Random r) {
            InfoHash id = anyId(r);
            return id.isZero() ? InfoHash.fromHex("0000000000000000000000000000000000000001") : id;
        }

        static <T> T maybe(Random r, T v) {
            return r.nextInt(5) == 0 ? null : v;
        }

        static byte[] bytes(Random r, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        static byte[] token(Random r) {
            return r.nextInt(3) == 0 ? null : bytes(r, r.nextInt(WireDecoder.MAX_TOKEN + 1));
        }

        static byte[] sa(Random r) {
            return switch (r.nextInt(3)) {
                case 0 -> null;
                case 1 -> bytes(r, 4);
                default -> bytes(r, 16);
            };
        }

        static Want want(Random r) {
            return r.nextInt(3) == 0 ? null : new Want(r.nextBoolean(), r.nextBoolean());
        }

        static String text(Random r, int max) {
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(max + 1);
            for (int i = 0; i < n; i++) {
                s.append((char) (r.nextInt(4) == 0 ? 0x00e0 + r.nextInt(30) : 0x20 + r.nextInt(95)));
            }
            return s.toString();
        }

        static Query query(Random r) {
            if (r.nextInt(3) == 0) {
                return null;
            }
            List<Field> select = new ArrayList<>();
            for (Field f : Field.values()) {
                if (r.nextInt(3) == 0) {
                    select.add(f);
                }
            }
            List<Query.Where> where = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                Field f = Field.values()[r.nextInt(Field.values().length)];
                where.add(r.nextBoolean() ? new Query.Where(f, r.nextLong(), null)
                        : new Query.Where(f, 0, bytes(r, r.nextInt(30))));
            }
            return new Query(select, where);
        }

        static List<ValueSlot> values(Random r) {
            List<ValueSlot> out = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                out.add(r.nextInt(4) == 0 ? new ValueSlot.Deferred(1 + r.nextInt(WireDecoder.MAX_PACKED_VALUE))
                        : new ValueSlot.Packed(packedMap(r, r.nextInt(5) == 0 ? 3000 : 40)));
            }
            return out;
        }

        static byte[] packedMap(Random r, int dataBytes) {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packMapHeader(2);
                p.packString("id");
                p.packLong(r.nextLong(Long.MAX_VALUE));
                p.packString("dat");
                byte[] d = bytes(r, r.nextInt(dataBytes + 1));
                p.packBinaryHeader(d.length);
                p.writePayload(d);
                return p.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static FieldsReply fields(Random r) {
            if (r.nextBoolean()) {
                return null;
            }
            List<Field> fields = new ArrayList<>();
            for (Field f : Field.values()) {
                if (r.nextBoolean()) {
                    fields.add(f);
                }
            }
            List<Object> values = new ArrayList<>();
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) {
                values.add(switch (r.nextInt(3)) {
                    case 0 -> r.nextLong();
                    case 1 -> text(r, 10);
                    default -> bytes(r, r.nextInt(30));
                });
            }
            return new FieldsReply(fields, values);
        }

        static List<NodeInfo> nodes(Random r, boolean v6) {
            List<NodeInfo> out = new ArrayList<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                byte[] ip = bytes(r, v6 ? 16 : 4);
                if (v6) {
                    ip[0] = (byte) (0x20 | r.nextInt(16)); // never v4-mapped
                }
                try {
                    out.add(new NodeInfo(anyId(r), new InetSocketAddress(InetAddress.getByAddress(ip),
                            r.nextInt(65_536))));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }

        static long[] ids(Random r) {
            long[] ids = new long[r.nextInt(4)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextLong();
            }
            return ids;
        }

        static List<ValueData.Part> parts(Random r) {
            List<ValueData.Part> out = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                out.add(new ValueData.Part(r.nextInt(WireDecoder.MAX_VALUES + 1),
                        r.nextInt(WireDecoder.MAX_PACKED_VALUE + 1), bytes(r, r.nextInt(1300))));
            }
            return out;
        }
    }
}
