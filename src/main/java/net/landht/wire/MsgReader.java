package net.landht.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.msgpack.core.MessageFormat;
import org.msgpack.value.ValueType;

import net.landht.id.InfoHash;

/**
 * A defensive reader over one datagram: every length is checked against the bytes left before anything is
 * allocated, and every type against what the protocol allows. Lenient where OpenDHT is (fact sheet §3): blobs are
 * accepted as bin, str or array of small ints; integers of any width that fits.
 *
 * <p>It reads the msgpack format directly from the array (the receive hot path): nothing is allocated but what the
 * caller keeps, and the keys and short values OpenDHT uses ({@code "id"}, {@code "find"}, {@code "o2"} …) come back
 * as shared constant strings. Truncated or reserved input gives {@link DecodeError#MALFORMED_MSGPACK}.
 */
final class MsgReader {
    /** Strings that OpenDHT messages use as keys or short values, returned without allocating. */
    private static final String[] KNOWN = {"a", "r", "e", "p", "u", "y", "q", "t", "v", "n", "s", "h", "w", "c",
            "o", "d", "f", "id", "sa", "n4", "n6", "ve", "re", "vid", "sid", "exp", "token", "target", "values",
            "fileds", "ping", "find", "get", "put", "listen", "refresh", "update", "o2", "RNG1"};
    private static final int KNOWN_MAX_LENGTH = 8;
    /** Known strings by byte length. */
    private static final byte[][][] KNOWN_BYTES = new byte[KNOWN_MAX_LENGTH + 1][][];
    private static final String[][] KNOWN_BY_LENGTH = new String[KNOWN_MAX_LENGTH + 1][];
    /** Known one-character strings by their ASCII code. */
    private static final String[] KNOWN_1 = new String[128];
    /** Decimal text of small integer keys ({@code p} maps index parts by integer). */
    private static final String[] SMALL_INTS = new String[64];

    static {
        for (int len = 1; len <= KNOWN_MAX_LENGTH; len++) {
            final int l = len;
            KNOWN_BY_LENGTH[len] = Arrays.stream(KNOWN).filter(s -> s.length() == l).toArray(String[]::new);
            KNOWN_BYTES[len] = Arrays.stream(KNOWN_BY_LENGTH[len]).map(s -> s.getBytes(StandardCharsets.US_ASCII))
                    .toArray(byte[][]::new);
        }
        for (String k : KNOWN_BY_LENGTH[1]) {
            KNOWN_1[k.charAt(0)] = k;
        }
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = Integer.toString(i);
        }
    }

    private final byte[] buf;
    private final int end;
    private int pos;

    MsgReader(byte[] buf, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, buf.length);
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Absolute position in {@code buf} of the next unread byte. */
    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasNext() {
        return pos < end;
    }

    ValueType nextType() throws WireFormatException {
        if (pos >= end) {
            throw truncated();
        }
        MessageFormat f = MessageFormat.valueOf(buf[pos]);
        if (f == MessageFormat.NEVER_USED) {
            throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "reserved byte 0xc1");
        }
        return f.getValueType();
    }

    /** Reads a map header; the count is bounded by the bytes left (each entry takes at least 2 bytes). */
    int readMapHeader() throws WireFormatException {
        if (nextType() != ValueType.MAP) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a map");
        }
        int f = buf[pos++] & 0xFF;
        long n = f <= 0x8f ? f & 0x0f : f == 0xde ? u16() : u32();
        if (n > remaining() / 2) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "map of " + n + " entries");
        }
        return (int) n;
    }

    /** Reads an array header; the count is bounded by the bytes left. */
    int readArrayHeader() throws WireFormatException {
        if (nextType() != ValueType.ARRAY) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected an array");
        }
        int f = buf[pos++] & 0xFF;
        long n = f <= 0x9f ? f & 0x0f : f == 0xdc ? u16() : u32();
        if (n > remaining()) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "array of " + n + " entries");
        }
        return (int) n;
    }

    /** Reads a map key: a str (or a small integer, as in {@code p} maps, returned as its decimal text). */
    String readKey() throws WireFormatException {
        ValueType t = nextType();
        if (t == ValueType.STRING) {
            return readString(256);
        }
        if (t == ValueType.INTEGER) {
            long v = readLong();
            return v >= 0 && v < SMALL_INTS.length ? SMALL_INTS[(int) v] : Long.toString(v);
        }
        skip();
        return "";
    }

    String readString(int maxBytes) throws WireFormatException {
        ValueType t = nextType();
        if (t != ValueType.STRING && t != ValueType.BINARY) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a string");
        }
        int len = t == ValueType.STRING ? strHeader() : binHeader();
        checkLength(len, maxBytes);
        String s = known(len);
        if (s == null) {
            s = new String(buf, pos, len, StandardCharsets.UTF_8);
        }
        pos += len;
        return s;
    }

    /** The shared constant equal to the next {@code len} bytes, or null. */
    private String known(int len) {
        if (len == 1) {
            int c = buf[pos]; // ASCII when not negative
            return c >= 0 ? KNOWN_1[c] : null;
        }
        if (len > KNOWN_MAX_LENGTH || len == 0) {
            return null;
        }
        byte[][] candidates = KNOWN_BYTES[len];
        byte first = buf[pos];
        next:
        for (int i = 0; i < candidates.length; i++) {
            byte[] c = candidates[i];
            if (c[0] != first) {
                continue;
            }
            for (int j = 1; j < len; j++) {
                if (c[j] != buf[pos + j]) {
                    continue next;
                }
            }
            return KNOWN_BY_LENGTH[len][i];
        }
        return null;
    }

    /** A blob: bin, str, or array of ints 0..255, at most {@code maxBytes}. */
    byte[] readBlob(int maxBytes) throws WireFormatException {
        ValueType t = nextType();
        if (t == ValueType.BINARY || t == ValueType.STRING) {
            int len = t == ValueType.BINARY ? binHeader() : strHeader();
            checkLength(len, maxBytes);
            return take(len);
        }
        if (t == ValueType.ARRAY) {
            int n = readArrayHeader();
            checkLength(n, maxBytes);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                long v = readLong();
                if (v < 0 || v > 255) {
                    throw new WireFormatException(DecodeError.WRONG_TYPE, "blob array element out of range");
                }
                b[i] = (byte) v;
            }
            return b;
        }
        throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a blob");
    }

    /** A msgpack bin of exactly {@code length} bytes (ids, keys and {@code sa} must be bins). */
    byte[] readBinExactly(int length, DecodeError onError) throws WireFormatException {
        checkBinOf(length, onError);
        return take(length);
    }

    /** A 20-byte bin read as an id, copied once. */
    InfoHash readId(DecodeError onError) throws WireFormatException {
        checkBinOf(InfoHash.LENGTH, onError);
        InfoHash id = InfoHash.of(buf, pos);
        pos += InfoHash.LENGTH;
        return id;
    }

    private void checkBinOf(int length, DecodeError onError) throws WireFormatException {
        if (nextType() != ValueType.BINARY) {
            throw new WireFormatException(onError, "expected a bin");
        }
        int len = binHeader();
        checkLength(len, remaining());
        if (len != length) {
            throw new WireFormatException(onError, "bin of " + len + " bytes, wanted " + length);
        }
    }

    /** A signed integer that fits in a long; uint64 above 2^63-1 wraps (use for unsigned 64-bit ids). */
    long readLong() throws WireFormatException {
        if (nextType() != ValueType.INTEGER) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected an integer");
        }
        int f = buf[pos++] & 0xFF;
        if (f <= 0x7f) {
            return f;
        }
        if (f >= 0xe0) {
            return (byte) f;
        }
        return switch (f) {
            case 0xcc -> u8();
            case 0xcd -> u16();
            case 0xce -> u32();
            case 0xcf -> i64();
            case 0xd0 -> (byte) u8();
            case 0xd1 -> (short) u16();
            case 0xd2 -> (int) u32();
            default -> i64(); // 0xd3
        };
    }

    /** An integer in {@code [0, max]}. */
    long readUnsigned(long max, DecodeError onError) throws WireFormatException {
        long v = readLong();
        if (v < 0 || v > max) {
            throw new WireFormatException(onError, "integer " + v + " out of range");
        }
        return v;
    }

    /** A uint64 (value ids): any non-negative integer, wrapped into a long. */
    long readUint64() throws WireFormatException {
        if (nextType() != ValueType.INTEGER) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected an integer");
        }
        boolean uint64 = (buf[pos] & 0xFF) == 0xcf;
        long v = readLong();
        if (v < 0 && !uint64) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "negative id");
        }
        return v;
    }

    boolean readBoolean() throws WireFormatException {
        ValueType t = nextType();
        if (t == ValueType.BOOLEAN) {
            return (buf[pos++] & 0xFF) == 0xc3;
        }
        if (t == ValueType.INTEGER) {
            return readLong() != 0;
        }
        throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a boolean");
    }

    /**
     * Skips one whole object, iteratively (deep nesting costs no stack). Every object takes at least one byte, so the
     * objects still to skip can never exceed the bytes left.
     */
    void skip() throws WireFormatException {
        nextType();
        long pending = 1;
        while (pending > 0) {
            if (pending > remaining()) {
                throw truncated();
            }
            pending--;
            int f = buf[pos++] & 0xFF;
            if (f <= 0x7f || f >= 0xe0) {
                continue;
            }
            if (f <= 0x8f) {
                pending += 2L * (f & 0x0f);
                continue;
            }
            if (f <= 0x9f) {
                pending += f & 0x0f;
                continue;
            }
            if (f <= 0xbf) {
                advance(f & 0x1f);
                continue;
            }
            switch (f) {
                case 0xc0, 0xc2, 0xc3 -> { }
                case 0xc1 -> throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "reserved byte 0xc1");
                case 0xc4, 0xd9 -> advance(u8());
                case 0xc5, 0xda -> advance(u16());
                case 0xc6, 0xdb -> advance(u32());
                case 0xc7 -> advance(u8() + 1L);
                case 0xc8 -> advance(u16() + 1L);
                case 0xc9 -> advance(u32() + 1L);
                case 0xca -> advance(4);
                case 0xcb -> advance(8);
                case 0xcc, 0xd0 -> advance(1);
                case 0xcd, 0xd1 -> advance(2);
                case 0xce, 0xd2 -> advance(4);
                case 0xcf, 0xd3 -> advance(8);
                case 0xd4 -> advance(2);
                case 0xd5 -> advance(3);
                case 0xd6 -> advance(5);
                case 0xd7 -> advance(9);
                case 0xd8 -> advance(17);
                case 0xdc -> pending += u16();
                case 0xdd -> pending += u32();
                case 0xde -> pending += 2L * u16();
                default -> pending += 2L * u32(); // 0xdf
            }
        }
    }

    /** Skips one object and returns a copy of its exact bytes, at most {@code maxBytes}. */
    byte[] readRaw(int maxBytes) throws WireFormatException {
        int from = pos;
        skip();
        int to = pos;
        if (to - from > maxBytes) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "object of " + (to - from) + " bytes");
        }
        return Arrays.copyOfRange(buf, from, to);
    }

    // ---------------------------------------------------------------- primitives (bounds-checked)

    private int strHeader() throws WireFormatException {
        int f = buf[pos++] & 0xFF;
        if (f <= 0xbf) {
            return f & 0x1f;
        }
        return f == 0xd9 ? u8() : f == 0xda ? u16() : length32();
    }

    private int binHeader() throws WireFormatException {
        int f = buf[pos++] & 0xFF;
        return f == 0xc4 ? u8() : f == 0xc5 ? u16() : length32();
    }

    /** A 32-bit length; one over {@code Integer.MAX_VALUE} cannot fit in any datagram. */
    private int length32() throws WireFormatException {
        long n = u32();
        if (n > Integer.MAX_VALUE) {
            throw truncated();
        }
        return (int) n;
    }

    private byte[] take(int len) {
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    private void advance(long n) throws WireFormatException {
        if (n > remaining()) {
            throw truncated();
        }
        pos += (int) n;
    }

    private void need(int n) throws WireFormatException {
        if (end - pos < n) {
            throw truncated();
        }
    }

    private int u8() throws WireFormatException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    private int u16() throws WireFormatException {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private long u32() throws WireFormatException {
        need(4);
        long v = ((buf[pos] & 0xFFL) << 24) | ((buf[pos + 1] & 0xFFL) << 16) | ((buf[pos + 2] & 0xFFL) << 8)
                | (buf[pos + 3] & 0xFFL);
        pos += 4;
        return v;
    }

    private long i64() throws WireFormatException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    private static WireFormatException truncated() {
        return new WireFormatException(DecodeError.MALFORMED_MSGPACK, "truncated");
    }

    private void checkLength(long len, long max) throws WireFormatException {
        if (len < 0 || len > remaining()) {
            throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "length " + len + " beyond the datagram");
        }
        if (len > max) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "length " + len + " over " + max);
        }
    }
}
