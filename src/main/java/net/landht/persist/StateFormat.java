package net.landht.persist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The binary layout shared by the snapshot file and the journal file (format version {@value #VERSION}).
 *
 * <pre>
 * file   = header frame*
 * header = "LDHT" (4) | version u8 | kind u8 ('S' snapshot, 'J' journal) | generation u64 | written-at i64 (epoch ms)
 *          | crc32 u32 of the 22 bytes before it                                              (26 bytes, big endian)
 * frame  = sync 0xC1 0x7E | length u32 | crc32 u32 of the payload | payload (length bytes, a msgpack record,
 *          see {@link StateCodec})
 * </pre>
 *
 * A frame whose CRC does not match is skipped: the reader looks for the next sync mark that starts a valid frame
 * (0xC1 is a byte msgpack never uses, so marks inside payloads are rare, and each candidate is checked by its CRC).
 * A frame cut short at the end of the file is a torn tail. The generation ties a journal to the snapshot it
 * continues: a journal older than the snapshot was already folded into it.
 */
final class StateFormat {
    static final byte[] MAGIC = {'L', 'D', 'H', 'T'};
    /** Bumped on any incompatible change; a file of another version is reported and ignored. */
    static final int VERSION = 1;
    static final byte KIND_SNAPSHOT = 'S';
    static final byte KIND_JOURNAL = 'J';
    static final int HEADER_BYTES = 26;
    static final byte SYNC0 = (byte) 0xC1;
    static final byte SYNC1 = (byte) 0x7E;
    static final int FRAME_OVERHEAD = 10;
    /** Largest payload accepted: a 64 KiB value with its key and source fits many times over. */
    static final int MAX_PAYLOAD = 1 << 20;

    private StateFormat() {
    }

    /** A parsed header. */
    record Header(int version, byte kind, long generation, long writtenAtMillis) {
    }

    static byte[] header(byte kind, long generation, long writtenAtMillis) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.put(MAGIC).put((byte) VERSION).put(kind).putLong(generation).putLong(writtenAtMillis);
        b.putInt((int) crc(b.array(), 0, HEADER_BYTES - 4));
        return b.array();
    }

    /** The header at the start of {@code file}, or null when it is missing, damaged or not ours. */
    static Header parseHeader(byte[] file) {
        if (file.length < HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(file, 0, HEADER_BYTES);
        for (byte m : MAGIC) {
            if (b.get() != m) {
                return null;
            }
        }
        int version = b.get() & 0xFF;
        byte kind = b.get();
        long generation = b.getLong();
        long writtenAt = b.getLong();
        if ((b.getInt() & 0xFFFFFFFFL) != crc(file, 0, HEADER_BYTES - 4)) {
            return null;
        }
        return new Header(version, kind, generation, writtenAt);
    }

    /** Writes one frame around {@code payload[0, length)}. */
    static void writeFrame(OutputStream out, byte[] payload, int length) throws IOException {
        out.write(frameHead(payload, length));
        out.write(payload, 0, length);
    }

    /** The 10 bytes that precede a payload. */
    static byte[] frameHead(byte[] payload, int length) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_OVERHEAD);
        b.put(SYNC0).put(SYNC1).putInt(length).putInt((int) crc(payload, 0, length));
        return b.array();
    }

    static long crc(byte[] data, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(data, offset, length);
        return c.getValue();
    }
}
