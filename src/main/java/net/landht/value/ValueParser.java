package net.landht.value;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads a packed value into a {@link Layout}: where each field sits in the packed bytes. Lenient where OpenDHT is
 * (blobs as bin, str or array of bytes; integers of any width; unknown keys ignored; the first of duplicate keys
 * wins) and strict where it throws (src/value.cpp {@code Value::msgpack_unpack}, {@code msgpack_unpack_body};
 * src/utils.cpp {@code unpackBlob}, {@code findMapValue}). Every loop is bounded by the input length.
 */
final class ValueParser {
    private final byte[] buf;
    private final Layout layout = new Layout();
    private ByteArrayOutputStream aux;

    private ValueParser(byte[] buf) {
        this.buf = buf;
    }

    static ParseResult parse(byte[] packed) {
        if (packed == null) {
            return new ParseResult.Error(ParseError.MALFORMED, "null");
        }
        if (packed.length > Value.MAX_PACKED_BYTES) {
            return new ParseResult.Error(ParseError.TOO_LARGE, packed.length + " bytes");
        }
        try {
            return new ValueParser(packed).run();
        } catch (Bad e) {
            return new ParseResult.Error(e.error, e.getMessage());
        } catch (MessagePackException | IOException e) {
            return new ParseResult.Error(ParseError.MALFORMED, String.valueOf(e.getMessage()));
        }
    }

    private ParseResult run() throws IOException {
        MessageUnpacker u = MessagePack.newDefaultUnpacker(buf);
        if (!u.hasNext() || u.getNextFormat().getValueType() != ValueType.MAP) {
            throw new Bad(ParseError.NOT_A_MAP, "value is not a map");
        }
        int n = u.unpackMapHeader();
        if (n < 2) {
            throw new Bad(ParseError.NOT_A_MAP, "value map has " + n + " entries");
        }
        int[] id = null;
        int[] dat = null;
        int[] prio = null;
        int[] pt = null;
        for (int i = 0; i < n; i++) {
            String k = key(u);
            int[] r = skip(u, 0);
            if ("id".equals(k) && id == null) {
                id = r;
            } else if ("dat".equals(k) && dat == null) {
                dat = r;
            } else if ("p".equals(k) && prio == null) {
                prio = r;
            } else if ("pt".equals(k) && pt == null) {
                pt = r;
            }
        }
        int end = (int) u.getTotalReadBytes();
        if (id == null) {
            throw new Bad(ParseError.BAD_ID, "no 'id'");
        }
        layout.id = unsigned(id, Long.SIZE, ParseError.BAD_ID);
        if (dat == null) {
            throw new Bad(ParseError.BAD_DAT, "no 'dat'");
        }
        dat(dat);
        if (prio != null) {
            layout.priority = unsigned(prio, Integer.SIZE, ParseError.BAD_PRIORITY);
        }
        if (pt != null) {
            int[] s = stringLike(pt, ParseError.BAD_PUSH_TYPE);
            layout.ptOff = s[0];
            layout.ptLen = s[1];
        }
        layout.aux = aux == null ? null : aux.toByteArray();
        // Keep only the value map itself: trailing bytes would corrupt the messages it is served in.
        byte[] packed = end == buf.length ? buf : Arrays.copyOf(buf, end);
        return new ParseResult.Ok(new Value(packed, layout));
    }

    private void dat(int[] r) throws IOException {
        MessageUnpacker u = at(r);
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() == ValueType.BINARY) {
            int len = u.unpackBinaryHeader();
            layout.cypherOff = r[0] + (int) u.getTotalReadBytes();
            layout.cypherLen = len;
            return;
        }
        if (f.getValueType() != ValueType.MAP) {
            throw new Bad(ParseError.BAD_DAT, "'dat' is " + f.getValueType());
        }
        int n = u.unpackMapHeader();
        int[] body = null;
        int[] sig = null;
        for (int i = 0; i < n; i++) {
            String k = key(u);
            int[] v = skip(u, r[0]);
            if ("body".equals(k) && body == null) {
                body = v;
            } else if ("sig".equals(k) && sig == null) {
                sig = v;
            }
        }
        if (body == null) {
            throw new Bad(ParseError.BAD_DAT, "no 'body'");
        }
        body(body, sig);
    }

    private void body(int[] r, int[] sig) throws IOException {
        MessageUnpacker u = at(r);
        if (u.getNextFormat().getValueType() != ValueType.MAP) {
            throw new Bad(ParseError.BAD_BODY, "'body' is not a map");
        }
        layout.bodyOff = r[0];
        layout.bodyLen = r[1] - r[0];
        int n = u.unpackMapHeader();
        int[] seq = null;
        int[] owner = null;
        int[] to = null;
        int[] type = null;
        int[] data = null;
        int[] utype = null;
        for (int i = 0; i < n; i++) {
            String k = key(u);
            int[] v = skip(u, r[0]);
            if (k == null) {
                continue;
            }
            switch (k) {
                case "seq" -> seq = seq == null ? v : seq;
                case "owner" -> owner = owner == null ? v : owner;
                case "to" -> to = to == null ? v : to;
                case "type" -> type = type == null ? v : type;
                case "data" -> data = data == null ? v : data;
                case "utype" -> utype = utype == null ? v : utype;
                default -> {
                }
            }
        }
        if (data == null) {
            throw new Bad(ParseError.BAD_DATA, "no 'data'");
        }
        int[] d = blob(data, ParseError.BAD_DATA, Layout.AUX_DATA);
        layout.dataOff = d[0];
        layout.dataLen = d[1];
        if (type == null) {
            throw new Bad(ParseError.BAD_TYPE, "no 'type'");
        }
        layout.type = (int) unsigned(type, 16, ParseError.BAD_TYPE);
        if (utype != null) {
            int[] s = stringLike(utype, ParseError.BAD_USER_TYPE);
            layout.utypeOff = s[0];
            layout.utypeLen = s[1];
        }
        if (owner == null) {
            return;
        }
        if (seq == null) {
            throw new Bad(ParseError.BAD_SEQ, "owner without 'seq'");
        }
        layout.seq = (int) unsigned(seq, 16, ParseError.BAD_SEQ);
        int[] o = blob(owner, ParseError.BAD_OWNER, Layout.AUX_OWNER);
        layout.ownerOff = o[0];
        layout.ownerLen = o[1];
        if (to != null) {
            MessageUnpacker tu = at(to);
            if (tu.getNextFormat().getValueType() != ValueType.BINARY || tu.unpackBinaryHeader() != 20) {
                throw new Bad(ParseError.BAD_RECIPIENT, "'to' is not a 20-byte bin");
            }
            layout.toOff = to[0] + (int) tu.getTotalReadBytes();
        }
        if (sig == null) {
            throw new Bad(ParseError.BAD_SIGNATURE, "owner without 'sig'");
        }
        int[] s = blob(sig, ParseError.BAD_SIGNATURE, Layout.AUX_SIG);
        layout.sigOff = s[0];
        layout.sigLen = s[1];
    }

    /** The key at the cursor when it is a short str, else null; the key is consumed either way. */
    private static String key(MessageUnpacker u) throws IOException {
        if (u.getNextFormat().getValueType() == ValueType.STRING) {
            int len = u.unpackRawStringHeader();
            if (len <= 8) {
                return new String(u.readPayload(len), StandardCharsets.ISO_8859_1);
            }
            u.readPayloadAsReference(len);
            return null;
        }
        u.skipValue();
        return null;
    }

    /** Skips the object at the cursor and returns its absolute range {start, end}. */
    private static int[] skip(MessageUnpacker u, int base) throws IOException {
        int start = base + (int) u.getTotalReadBytes();
        u.skipValue();
        return new int[] {start, base + (int) u.getTotalReadBytes()};
    }

    private MessageUnpacker at(int[] r) {
        return MessagePack.newDefaultUnpacker(buf, r[0], r[1] - r[0]);
    }

    /** An unsigned integer of at most {@code bits} bits, whatever its msgpack width (msgpack-c {@code as<uintN_t>}). */
    private long unsigned(int[] r, int bits, ParseError err) throws IOException {
        MessageUnpacker u = at(r);
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.INTEGER) {
            throw new Bad(err, "not an integer: " + f.getValueType());
        }
        long v;
        if (f == MessageFormat.UINT64) {
            BigInteger b = u.unpackBigInteger();
            if (b.bitLength() > bits) {
                throw new Bad(err, "integer too large: " + b);
            }
            return b.longValue();
        }
        v = u.unpackLong();
        if (v < 0 || (bits < Long.SIZE && v >>> bits != 0)) {
            throw new Bad(err, "integer out of range: " + v);
        }
        return v;
    }

    /** A str or bin (msgpack-c {@code as<std::string>}): {offset, length} of its bytes in the packed value. */
    private int[] stringLike(int[] r, ParseError err) throws IOException {
        MessageUnpacker u = at(r);
        ValueType t = u.getNextFormat().getValueType();
        int len;
        if (t == ValueType.STRING) {
            len = u.unpackRawStringHeader();
        } else if (t == ValueType.BINARY) {
            len = u.unpackBinaryHeader();
        } else {
            throw new Bad(err, "not a str or bin: " + t);
        }
        return new int[] {r[0] + (int) u.getTotalReadBytes(), len};
    }

    /**
     * A blob: bin, str, or array of integers 0..255 (OpenDHT: src/utils.cpp {@code unpackBlob}). Array-form blobs are
     * decoded into the auxiliary buffer and flagged in the layout's aux mask.
     */
    private int[] blob(int[] r, ParseError err, int auxBit) throws IOException {
        MessageUnpacker u = at(r);
        ValueType t = u.getNextFormat().getValueType();
        if (t == ValueType.STRING || t == ValueType.BINARY) {
            return stringLike(r, err);
        }
        if (t != ValueType.ARRAY) {
            throw new Bad(err, "not a blob: " + t);
        }
        int n = u.unpackArrayHeader();
        if (n > r[1] - r[0]) {
            throw new Bad(err, "array blob longer than its bytes");
        }
        if (aux == null) {
            aux = new ByteArrayOutputStream();
        }
        int off = aux.size();
        for (int i = 0; i < n; i++) {
            MessageFormat f = u.getNextFormat();
            if (f.getValueType() != ValueType.INTEGER || f == MessageFormat.UINT64) {
                throw new Bad(err, "array blob element is not a byte");
            }
            long b = u.unpackLong();
            if (b < 0 || b > 255) {
                throw new Bad(err, "array blob element out of range: " + b);
            }
            aux.write((int) b);
        }
        layout.auxMask |= auxBit;
        return new int[] {off, n};
    }

    /** A parse failure inside the parser; converted to a {@link ParseResult.Error}, never escapes. */
    private static final class Bad extends RuntimeException {
        final ParseError error;

        Bad(ParseError error, String detail) {
            super(detail, null, false, false);
            this.error = error;
        }
    }

    /** Where each field of a parsed value lies. Offsets are -1 for absent fields. */
    static final class Layout {
        static final int AUX_DATA = 1;
        static final int AUX_OWNER = 2;
        static final int AUX_SIG = 4;

        long id;
        int type;
        int seq;
        long priority;
        int bodyOff = -1;
        int bodyLen;
        int dataOff = -1;
        int dataLen;
        int ownerOff = -1;
        int ownerLen;
        int toOff = -1;
        int sigOff = -1;
        int sigLen;
        int utypeOff = -1;
        int utypeLen;
        int cypherOff = -1;
        int cypherLen;
        int ptOff = -1;
        int ptLen;
        int auxMask;
        byte[] aux;
    }
}
