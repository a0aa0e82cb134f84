package net.landht.persist;

import java.util.List;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;

/** One record of a state file: what a snapshot holds and what the journal appends. Immutable. */
sealed interface StateRecord {
    /** A stored value with its expiry and source: in snapshots, and in the journal when a value is stored. */
    record Stored(StoredEntry entry) implements StateRecord {
    }

    /** A stored value's expiry moved (journal). */
    record Refreshed(InfoHash key, long valueId, long expiresAtMillis) implements StateRecord {
    }

    /** A stored value is gone: expired or evicted (journal). */
    record Removed(InfoHash key, long valueId) implements StateRecord {
    }

    /** Some routing-table nodes, added to those already read (snapshot; written in chunks). */
    record Nodes(List<NodeInfo> nodes) implements StateRecord {
    }

    /** The whole routing table as it is now, replacing what was read before (journal). */
    record Routing(List<NodeInfo> nodes) implements StateRecord {
    }

    /** The last record of a complete snapshot, with what it holds: its absence means the file was cut short. */
    record End(long values, long nodes) implements StateRecord {
    }
}
