package net.landht.persist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;
import net.landht.value.ValueType;

/**
 * The state read back from disk: stored values keyed by (key, value id) and routing-table nodes keyed by (id,
 * family), built by applying snapshot and journal records in file order. Not thread-safe; used by one thread.
 */
final class SavedState {
    private final Map<ValueKey, StoredEntry> values = new LinkedHashMap<>();
    private final Map<NodeKey, NodeInfo> nodes = new LinkedHashMap<>();

    private record ValueKey(InfoHash key, long valueId) {
    }

    private record NodeKey(InfoHash id, boolean ipv6) {
    }

    /** Applies one record: later records win, so replaying a journal in order gives the state at its end. */
    void apply(StateRecord r) {
        if (r instanceof StateRecord.Stored s) {
            StoredEntry e = s.entry();
            values.put(new ValueKey(e.key(), e.value().id()), e);
        } else if (r instanceof StateRecord.Refreshed f) {
            values.computeIfPresent(new ValueKey(f.key(), f.valueId()),
                    (k, e) -> new StoredEntry(e.key(), e.value(), f.expiresAtMillis(), e.source()));
        } else if (r instanceof StateRecord.Removed d) {
            values.remove(new ValueKey(d.key(), d.valueId()));
        } else if (r instanceof StateRecord.Nodes n) {
            n.nodes().forEach(this::addNode);
        } else if (r instanceof StateRecord.Routing t) {
            nodes.clear();
            t.nodes().forEach(this::addNode);
        }
    }

    private void addNode(NodeInfo n) {
        nodes.put(new NodeKey(n.id(), n.isIpv6()), n);
    }

    /**
     * The values still alive at {@code nowMillis}, in the order they were first read. An expiry further away than
     * the type's lifetime (possible only when the clock went back while the node was down) is cut to that lifetime.
     */
    List<StoredEntry> liveValues(long nowMillis) {
        List<StoredEntry> out = new ArrayList<>(values.size());
        for (StoredEntry e : values.values()) {
            long max = nowMillis + ValueType.of(e.value().type()).expiryMillis();
            if (e.expiresAtMillis() > nowMillis) {
                out.add(e.expiresAtMillis() <= max ? e
                        : new StoredEntry(e.key(), e.value(), max, e.source()));
            }
        }
        return out;
    }

    /** Number of values read, expired or not. */
    int valueCount() {
        return values.size();
    }

    List<NodeInfo> nodes() {
        return List.copyOf(nodes.values());
    }
}
