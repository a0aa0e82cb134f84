package net.landht.storage;

import java.net.InetAddress;

import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * Every change to the stored values, for a journal that makes them survive a restart. Called on the loop thread
 * right after the change; {@link Storage#restore} does not report. Values are immutable and may be handed to
 * another thread.
 */
public interface StorageChanges {
    /** {@code value} was stored under {@code key}, new or replacing the value with its id. */
    void stored(InfoHash key, Value value, long expiresAtMillis, InetAddress source);

    /** The value {@code valueId} under {@code key} now expires at {@code expiresAtMillis}. */
    void refreshed(InfoHash key, long valueId, long expiresAtMillis);

    /** The value {@code valueId} under {@code key} is gone (expired or evicted). */
    void removed(InfoHash key, long valueId);

    /** Reports nowhere. */
    StorageChanges NONE = new StorageChanges() {
        @Override
        public void stored(InfoHash key, Value value, long expiresAtMillis, InetAddress source) {
        }

        @Override
        public void refreshed(InfoHash key, long valueId, long expiresAtMillis) {
        }

        @Override
        public void removed(InfoHash key, long valueId) {
        }
    };
}
