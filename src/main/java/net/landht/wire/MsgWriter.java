package net.landht.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import net.landht.id.InfoHash;

/**
 * A msgpack writer into a reusable, growable array: the encoder's scratch buffer. It writes exactly what
 * msgpack-core's {@code MessagePacker} writes with its defaults, which is also what msgpack-c (OpenDHT) writes:
 * integers in their smallest form, str8 for strings of 32..255 bytes, bin8/16/32 for blobs. Unlike msgpack-core it
 * allocates nothing per message besides the final copy ({@link #toByteArray}): no buffer object per packer (msgpack
 * 0.9 makes one reflectively), no byte[] per ASCII key.
 *
 * <p>Not thread-safe: {@link WireEncoder} keeps one per thread and {@link #reset}s it for each message.
 */
final class MsgWriter {
    /** A scratch buffer grown past this is dropped after use, so one huge message does not stay in memory. */
    private static final int KEEP_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 2048;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int pos;

    /** Starts a new message. */
    void reset() {
        if (buf.length > KEEP_BYTES) {
            buf = new byte[INITIAL_BYTES];
        }
        pos = 0;
    }

    /** The bytes written since {@link #reset}. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    int size() {
        return pos;
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private void b(int v) {
        buf[pos++] = (byte) v;
    }

    private void be16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void be32(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void be64(long v) {
        be32((int) (v >>> 32));
        be32((int) v);
    }

    void packMapHeader(int n) {
        ensure(5);
        if (n < 16) {
            b(0x80 | n);
        } else if (n < 65_536) {
            b(0xde);
            be16(n);
        } else {
            b(0xdf);
            be32(n);
        }
    }

    void packArrayHeader(int n) {
        ensure(5);
        if (n < 16) {
            b(0x90 | n);
        } else if (n < 65_536) {
            b(0xdc);
            be16(n);
        } else {
            b(0xdd);
            be32(n);
        }
    }

    void packRawStringHeader(int n) {
        ensure(5);
        if (n < 32) {
            b(0xa0 | n);
        } else if (n < 256) {
            b(0xd9);
            b(n);
        } else if (n < 65_536) {
            b(0xda);
            be16(n);
        } else {
            b(0xdb);
            be32(n);
        }
    }

    void packBinaryHeader(int n) {
        ensure(5);
        if (n < 256) {
            b(0xc4);
            b(n);
        } else if (n < 65_536) {
            b(0xc5);
            be16(n);
        } else {
            b(0xc6);
            be32(n);
        }
    }

    /** A signed integer in its smallest form (msgpack-core {@code packLong}). */
    void packLong(long v) {
        ensure(9);
        if (v < -(1L << 5)) {
            if (v < -(1L << 15)) {
                if (v < -(1L << 31)) {
                    b(0xd3);
                    be64(v);
                } else {
                    b(0xd2);
                    be32((int) v);
                }
            } else if (v < -(1 << 7)) {
                b(0xd1);
                be16((int) v);
            } else {
                b(0xd0);
                b((int) v);
            }
        } else if (v < (1 << 7)) {
            b((int) v);
        } else if (v < (1L << 16)) {
            if (v < (1 << 8)) {
                b(0xcc);
                b((int) v);
            } else {
                b(0xcd);
                be16((int) v);
            }
        } else if (v < (1L << 32)) {
            b(0xce);
            be32((int) v);
        } else {
            b(0xcf);
            be64(v);
        }
    }

    void packInt(int v) {
        packLong(v);
    }

    /** An unsigned 64-bit number held in a long (value ids): uint64 when the sign bit is set. */
    void packUint64(long v) {
        if (v >= 0) {
            packLong(v);
        } else {
            ensure(9);
            b(0xcf);
            be64(v);
        }
    }

    void packBoolean(boolean v) {
        ensure(1);
        b(v ? 0xc3 : 0xc2);
    }

    void packNil() {
        ensure(1);
        b(0xc0);
    }

    /** A str: header and UTF-8 bytes; ASCII text (every key and most values) is copied without a temporary array. */
    void packString(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (!ascii) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            packRawStringHeader(utf8.length);
            writePayload(utf8);
            return;
        }
        packRawStringHeader(n);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    void writePayload(byte[] b) {
        writePayload(b, 0, b.length);
    }

    void writePayload(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** The 20 bytes of an id (the caller writes the bin header). */
    void writeId(InfoHash id) {
        ensure(InfoHash.LENGTH);
        id.copyTo(buf, pos);
        pos += InfoHash.LENGTH;
    }

    /** A big-endian port (node records). */
    void writePort(int port) {
        ensure(2);
        be16(port);
    }
}
