package net.landht.persist;

import java.net.InetAddress;

import net.landht.id.InfoHash;
import net.landht.storage.StorageChanges;
import net.landht.storage.StoredEntry;
import net.landht.value.Value;

/**
 * The storage's change hook, feeding the journal: each change becomes a record queued to the {@link StateWriter}.
 * Called on the event loop; never blocks. A record the writer cannot take is dropped and {@code onDrop} runs (on
 * the loop, inside the storage call: it must only schedule work).
 */
final class StorageJournal implements StorageChanges {
    /** Rough bytes of a record besides its value, for the writer's bound. */
    private static final int RECORD_OVERHEAD = 64;

    private final StateWriter writer;
    private volatile Runnable onDrop = () -> { };

    StorageJournal(StateWriter writer) {
        this.writer = writer;
    }

    void onDrop(Runnable r) {
        this.onDrop = r;
    }

    @Override
    public void stored(InfoHash key, Value value, long expiresAtMillis, InetAddress source) {
        push(new StateRecord.Stored(new StoredEntry(key, value, expiresAtMillis, source)),
                value.packedLength() + RECORD_OVERHEAD);
    }

    @Override
    public void refreshed(InfoHash key, long valueId, long expiresAtMillis) {
        push(new StateRecord.Refreshed(key, valueId, expiresAtMillis), RECORD_OVERHEAD);
    }

    @Override
    public void removed(InfoHash key, long valueId) {
        push(new StateRecord.Removed(key, valueId), RECORD_OVERHEAD);
    }

    private void push(StateRecord r, int bytes) {
        if (!writer.append(r, bytes)) {
            onDrop.run();
        }
    }
}
