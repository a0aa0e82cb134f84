package net.landht.persist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;

/**
 * Writes a snapshot: header, one {@code stored} record per value, the routing table in {@code nodes} records of
 * {@value #NODES_PER_RECORD}, and an {@code end} record; atomically (temp file, fsync, rename, fsync of the folder),
 * so a crash leaves the previous snapshot or this one, never a mix.
 */
final class SnapshotFile {
    /** Nodes per {@code nodes} record: a damaged record loses at most this many. */
    static final int NODES_PER_RECORD = 64;

    private SnapshotFile() {
    }

    /** @return the size of the file written, in bytes */
    static long write(Path file, long generation, long nowMillis, List<StoredEntry> values, List<NodeInfo> nodes)
            throws IOException {
        long[] size = {0};
        AtomicFiles.write(file, out -> {
            byte[] header = StateFormat.header(StateFormat.KIND_SNAPSHOT, generation, nowMillis);
            out.write(header);
            size[0] += header.length;
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                for (StoredEntry e : values) {
                    size[0] += frame(out, p, new StateRecord.Stored(e));
                }
                for (int i = 0; i < nodes.size(); i += NODES_PER_RECORD) {
                    List<NodeInfo> chunk = nodes.subList(i, Math.min(nodes.size(), i + NODES_PER_RECORD));
                    size[0] += frame(out, p, new StateRecord.Nodes(List.copyOf(chunk)));
                }
                size[0] += frame(out, p, new StateRecord.End(values.size(), nodes.size()));
            }
        });
        return size[0];
    }

    private static int frame(java.io.OutputStream out, MessageBufferPacker p, StateRecord r) throws IOException {
        StateCodec.encode(r, p);
        byte[] payload = p.toByteArray();
        StateFormat.writeFrame(out, payload, payload.length);
        return StateFormat.FRAME_OVERHEAD + payload.length;
    }
}
