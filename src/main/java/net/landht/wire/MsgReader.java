package net.landht.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * A defensive reader over one datagram: every length is checked against the bytes left before anything is
 * allocated, and every type against what the protocol allows. Lenient where OpenDHT is (fact sheet §3): blobs are
 * accepted as bin, str or array of small ints; integers of any width that fits.
 */
final class MsgReader {
    private final MessageUnpacker in;
    private final byte[] buf;
    private final int start;
    private final int end;

    MsgReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.in = MessagePack.newDefaultUnpacker(buf, offset, length);
    }

    /** Absolute position in {@code buf} of the next unread byte. */
    int position() {
        return start + (int) in.getTotalReadBytes();
    }

    int remaining() {
        return end - position();
    }

    boolean hasNext() throws IOException {
        return in.hasNext();
    }

    ValueType nextType() throws IOException, WireFormatException {
        if (!in.hasNext()) {
            throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "truncated");
        }
        MessageFormat f = in.getNextFormat();
        if (f == MessageFormat.NEVER_USED) {
            throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "reserved byte 0xc1");
        }
        return f.getValueType();
    }

    /** Reads a map header; the count is bounded by the bytes left (each entry takes at least 2 bytes). */
    int readMapHeader() throws IOException, WireFormatException {
        if (nextType() != ValueType.MAP) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a map");
        }
        int n = in.unpackMapHeader();
        if (n < 0 || n > remaining() / 2) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "map of " + n + " entries");
        }
        return n;
    }

    /** Reads an array header; the count is bounded by the bytes left. */
    int readArrayHeader() throws IOException, WireFormatException {
        if (nextType() != ValueType.ARRAY) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected an array");
        }
        int n = in.unpackArrayHeader();
        if (n < 0 || n > remaining()) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "array of " + n + " entries");
        }
        return n;
    }

    /** Reads a map key: a str (or a small integer, as in {@code p} maps, returned as its decimal text). */
    String readKey() throws IOException, WireFormatException {
        ValueType t = nextType();
        if (t == ValueType.STRING) {
            return readString(256);
        }
        if (t == ValueType.INTEGER) {
            return Long.toString(readLong());
        }
        skip();
        return "";
    }

    String readString(int maxBytes) throws IOException, WireFormatException {
        ValueType t = nextType();
        if (t != ValueType.STRING && t != ValueType.BINARY) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a string");
        }
        int len = t == ValueType.STRING ? in.unpackRawStringHeader() : in.unpackBinaryHeader();
        checkLength(len, maxBytes);
        byte[] b = in.readPayload(len);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A blob: bin, str, or array of ints 0..255, at most {@code maxBytes}. */
    byte[] readBlob(int maxBytes) throws IOException, WireFormatException {
        ValueType t = nextType();
        if (t == ValueType.BINARY || t == ValueType.STRING) {
            int len = t == ValueType.BINARY ? in.unpackBinaryHeader() : in.unpackRawStringHeader();
            checkLength(len, maxBytes);
            return in.readPayload(len);
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
    byte[] readBinExactly(int length, DecodeError onError) throws IOException, WireFormatException {
        if (nextType() != ValueType.BINARY) {
            throw new WireFormatException(onError, "expected a bin");
        }
        int len = in.unpackBinaryHeader();
        checkLength(len, remaining());
        if (len != length) {
            throw new WireFormatException(onError, "bin of " + len + " bytes, wanted " + length);
        }
        return in.readPayload(len);
    }

    /** A signed integer that fits in a long; uint64 above 2^63-1 wraps (use for unsigned 64-bit ids). */
    long readLong() throws IOException, WireFormatException {
        if (nextType() != ValueType.INTEGER) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected an integer");
        }
        MessageFormat f = in.getNextFormat();
        if (f == MessageFormat.UINT64) {
            return in.unpackBigInteger().longValue();
        }
        return in.unpackLong();
    }

    /** An integer in {@code [0, max]}. */
    long readUnsigned(long max, DecodeError onError) throws IOException, WireFormatException {
        long v = readLong();
        if (v < 0 || v > max) {
            throw new WireFormatException(onError, "integer " + v + " out of range");
        }
        return v;
    }

    /** A uint64 (value ids): any non-negative integer, wrapped into a long. */
    long readUint64() throws IOException, WireFormatException {
        if (nextType() != ValueType.INTEGER) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "expected an integer");
        }
        MessageFormat f = in.getNextFormat();
        if (f == MessageFormat.UINT64) {
            return in.unpackBigInteger().longValue();
        }
        long v = in.unpackLong();
        if (v < 0) {
            throw new WireFormatException(DecodeError.WRONG_TYPE, "negative id");
        }
        return v;
    }

    boolean readBoolean() throws IOException, WireFormatException {
        ValueType t = nextType();
        if (t == ValueType.BOOLEAN) {
            return in.unpackBoolean();
        }
        if (t == ValueType.INTEGER) {
            return readLong() != 0;
        }
        throw new WireFormatException(DecodeError.WRONG_TYPE, "expected a boolean");
    }

    /** Skips one whole object (iteratively, so deep nesting costs no stack). */
    void skip() throws IOException, WireFormatException {
        nextType();
        in.skipValue();
    }

    /** Skips one object and returns a copy of its exact bytes, at most {@code maxBytes}. */
    byte[] readRaw(int maxBytes) throws IOException, WireFormatException {
        int from = position();
        skip();
        int to = position();
        if (to - from > maxBytes) {
            throw new WireFormatException(DecodeError.TOO_LARGE, "object of " + (to - from) + " bytes");
        }
        byte[] b = new byte[to - from];
        System.arraycopy(buf, from, b, 0, b.length);
        return b;
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
