package net.landht.persist;

import java.nio.ByteBuffer;

/**
 * Reads the frames of a state file ({@link StateFormat}) from memory, skipping damage: a frame whose CRC fails is
 * skipped up to the next sync mark that starts a valid frame; a frame cut short at the end is a torn tail. Never
 * throws on any input.
 */
final class FrameReader {
    private static final int TORN = -2;
    private static final int INVALID = -1;

    private FrameReader() {
    }

    /** Receives each intact payload, in file order. */
    @FunctionalInterface
    interface Sink {
        void payload(byte[] file, int offset, int length);
    }

    /**
     * What was wrong with a file's frames.
     *
     * @param corruptRegions damaged stretches skipped between intact frames (or at the end, when not a torn tail)
     * @param tornTail       the file ends inside a frame (a write cut short)
     * @param skippedBytes   bytes not part of an intact frame
     */
    record Damage(int corruptRegions, boolean tornTail, long skippedBytes) {
        static final Damage NONE = new Damage(0, false, 0);

        boolean any() {
            return corruptRegions > 0 || tornTail;
        }
    }

    /** Hands every intact frame of {@code file} from {@code from} on to {@code sink}. */
    static Damage read(byte[] file, int from, Sink sink) {
        int pos = from;
        int corrupt = 0;
        boolean torn = false;
        long skipped = 0;
        while (pos < file.length) {
            int len = frameAt(file, pos);
            if (len >= 0) {
                sink.payload(file, pos + StateFormat.FRAME_OVERHEAD, len);
                pos += StateFormat.FRAME_OVERHEAD + len;
                continue;
            }
            int next = nextFrame(file, pos + 1);
            if (next < 0) {
                skipped += file.length - pos;
                if (len == TORN) {
                    torn = true;
                } else {
                    corrupt++;
                }
                break;
            }
            corrupt++;
            skipped += next - pos;
            pos = next;
        }
        return corrupt == 0 && !torn ? Damage.NONE : new Damage(corrupt, torn, skipped);
    }

    /**
     * The payload length of an intact frame at {@code pos}; {@link #TORN} when a frame starts there but the file ends
     * before it does (or inside its head); {@link #INVALID} otherwise.
     */
    private static int frameAt(byte[] file, int pos) {
        int left = file.length - pos;
        if (left < 2) {
            return left == 1 && file[pos] == StateFormat.SYNC0 ? TORN : INVALID;
        }
        if (file[pos] != StateFormat.SYNC0 || file[pos + 1] != StateFormat.SYNC1) {
            return INVALID;
        }
        if (left < StateFormat.FRAME_OVERHEAD) {
            return TORN;
        }
        ByteBuffer b = ByteBuffer.wrap(file, pos + 2, 8);
        int len = b.getInt();
        long crc = b.getInt() & 0xFFFFFFFFL;
        if (len < 0 || len > StateFormat.MAX_PAYLOAD) {
            return INVALID;
        }
        if (len > left - StateFormat.FRAME_OVERHEAD) {
            return TORN;
        }
        return StateFormat.crc(file, pos + StateFormat.FRAME_OVERHEAD, len) == crc ? len : INVALID;
    }

    /** The position of the next intact frame at or after {@code from}, or -1. */
    private static int nextFrame(byte[] file, int from) {
        for (int i = from; i + 1 < file.length; i++) {
            if (file[i] == StateFormat.SYNC0 && file[i + 1] == StateFormat.SYNC1 && frameAt(file, i) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
