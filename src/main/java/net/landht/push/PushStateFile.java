package net.landht.push;

import java.io.IOException;

/**
 * Where push subscriptions are kept across restarts (the daemon gives a file in the state folder, written
 * crash-safe); {@link #NONE} keeps nothing ({@code persistence.enabled: false}).
 */
public interface PushStateFile {
    PushStateFile NONE = new PushStateFile() {
        @Override
        public byte[] load() {
            return null;
        }

        @Override
        public void save(byte[] bytes) {
        }
    };

    /** The saved bytes, or null when there are none yet. */
    byte[] load() throws IOException;

    /** Replaces the saved bytes: afterwards the file holds the old content or the new, never a mix. */
    void save(byte[] bytes) throws IOException;
}
