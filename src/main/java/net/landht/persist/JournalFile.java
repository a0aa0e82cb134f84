package net.landht.persist;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The open journal: created empty (header only) and atomically in place of the previous one right after a snapshot,
 * then appended to. {@link #append} hands bytes to the OS (they survive a {@code kill -9}); {@link #sync} makes them
 * survive a power cut. Used by the writer thread only.
 */
final class JournalFile implements Closeable {
    private final FileChannel channel;
    private long size;

    private JournalFile(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Replaces {@code file} with an empty journal of {@code generation} and opens it for appending. */
    static JournalFile create(Path file, long generation, long nowMillis) throws IOException {
        byte[] header = StateFormat.header(StateFormat.KIND_JOURNAL, generation, nowMillis);
        AtomicFiles.write(file, header);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new JournalFile(ch, header.length);
    }

    /** Appends {@code data[0, length)}. */
    void append(byte[] data, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        size += length;
    }

    /** fsync of the data appended so far. */
    void sync() throws IOException {
        channel.force(false);
    }

    /** Bytes in the file. */
    long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
