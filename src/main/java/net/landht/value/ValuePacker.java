package net.landht.value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Packs new values the way OpenDHT does (key order {@code seq, owner, to, type, data, utype} in the body; smallest
 * integer encodings). Received values are never re-packed: this is for values the node itself makes (the type 2
 * rewrite), values the DHT proxy receives as JSON, and tests. OpenDHT: include/opendht/value.h,
 * {@code msgpack_pack}, {@code msgpack_pack_to_sign}.
 */
public final class ValuePacker {
    private ValuePacker() {
    }

    /** An unsigned, unencrypted value; {@code userType} may be null or empty for none. */
    public static Value plain(long id, int type, byte[] data, String userType) {
        return signed(id, body(-1, null, null, type, data, userType), null);
    }

    /**
     * The body of a signed value: the bytes its owner signs.
     *
     * @param seq       sequence number (uint16)
     * @param owner     owner key, DER SubjectPublicKeyInfo
     * @param recipient 20-byte recipient key id, or null
     * @param type      value type (uint16)
     * @param data      the data
     * @param userType  user type, or null/empty for none
     */
    public static byte[] signedBody(int seq, byte[] owner, byte[] recipient, int type, byte[] data,
                                    String userType) {
        return body(seq, owner, recipient, type, data, userType);
    }

    /** A value made of an already packed body and its signature (null for an unsigned body). */
    public static Value signed(long id, byte[] body, byte[] signature) {
        return pack(id, body, signature, null, 0, null);
    }

    /** An encrypted value: {@code dat} is the cypher itself. */
    public static Value encrypted(long id, byte[] cypher) {
        return pack(id, null, null, cypher, 0, null);
    }

    /**
     * A value from its parts, in OpenDHT's key order {@code id, dat, p, pt} (include/opendht/value.h,
     * {@code msgpack_pack}): {@code dat} is the cypher when {@code cypher} is not null, else {@code {"body": body
     * [, "sig": signature]}}.
     *
     * @param priority  {@code p} (uint32), 0 for none
     * @param pushType  {@code pt}, null or empty for none (OpenDHT 4.x)
     * @throws IllegalArgumentException when the result is not a valid value (e.g. larger than
     *                                  {@link Value#MAX_PACKED_BYTES})
     */
    public static Value pack(long id, byte[] body, byte[] signature, byte[] cypher, long priority,
                             String pushType) {
        boolean hasPt = pushType != null && !pushType.isEmpty();
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2 + (priority != 0 ? 1 : 0) + (hasPt ? 1 : 0));
            p.packString("id");
            packUint64(p, id);
            p.packString("dat");
            if (cypher != null) {
                packBin(p, cypher);
            } else {
                p.packMapHeader(signature == null ? 1 : 2);
                p.packString("body");
                p.writePayload(body);
                if (signature != null) {
                    p.packString("sig");
                    packBin(p, signature);
                }
            }
            if (priority != 0) {
                p.packString("p");
                p.packLong(priority);
            }
            if (hasPt) {
                p.packString("pt");
                packText(p, pushType);
            }
            return parseOwn(p.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] body(int seq, byte[] owner, byte[] recipient, int type, byte[] data, String userType) {
        boolean hasUtype = userType != null && !userType.isEmpty();
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader((hasUtype ? 1 : 0) + (owner != null ? (recipient != null ? 5 : 4) : 2));
            if (owner != null) {
                p.packString("seq");
                p.packInt(seq);
                p.packString("owner");
                packBin(p, owner);
                if (recipient != null) {
                    p.packString("to");
                    packBin(p, recipient);
                }
            }
            p.packString("type");
            p.packInt(type);
            p.packString("data");
            packBin(p, data);
            if (hasUtype) {
                p.packString("utype");
                packText(p, userType);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void packBin(MessagePacker p, byte[] b) throws IOException {
        p.packBinaryHeader(b.length);
        p.writePayload(b);
    }

    /** A UTF-8 string as OpenDHT packs a {@code std::string}: raw string header, then the bytes. */
    private static void packText(MessagePacker p, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    private static void packUint64(MessagePacker p, long v) throws IOException {
        if (v >= 0) {
            p.packLong(v);
        } else {
            p.packBigInteger(new BigInteger(Long.toUnsignedString(v)));
        }
    }

    private static Value parseOwn(byte[] packed) {
        ParseResult r = Value.parse(packed);
        if (r instanceof ParseResult.Ok ok) {
            return ok.value();
        }
        throw new IllegalArgumentException("cannot pack a valid value: " + r);
    }
}
