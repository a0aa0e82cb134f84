package net.landht.persist;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the state folder ({@code <state dir>/lock}, holding the owner's PID), so two landht processes
 * cannot share one node id and overwrite each other's state. Released when closed or when the process dies.
 */
public final class StateLock implements AutoCloseable {
    /** File name inside the state directory. */
    public static final String NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @throws IllegalStateException with a message for the admin when another process holds it or the folder cannot
     *                               be written
     */
    public static StateLock acquire(Path stateDir) {
        Path file = stateDir.resolve(NAME);
        try {
            Files.createDirectories(stateDir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileLock l = ch.tryLock();
                if (l == null) {
                    String holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
                    throw new IllegalStateException("state folder " + stateDir.toAbsolutePath()
                            + " is in use by another landht" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                            + "; give each node its own --state-dir");
                }
                ch.truncate(0);
                ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)), 0);
                return new StateLock(ch, l);
            } catch (IOException | RuntimeException e) {
                ch.close(); // releases the lock too, if it was taken
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot use state folder " + stateDir.toAbsolutePath() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes away with the process anyway
        }
    }
}
