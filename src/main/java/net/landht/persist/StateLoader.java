package net.landht.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;

/**
 * Reads the snapshot, then replays the journal that continues it, and says what was recovered and what was not.
 * Never throws because of what is in the files: damage is skipped (frame by frame), reported, and the damaged file
 * is copied aside as {@code <name>.damaged} for inspection.
 */
final class StateLoader {
    /** The snapshot file in the state folder. */
    static final String SNAPSHOT = "state.snapshot";
    /** The journal file in the state folder. */
    static final String JOURNAL = "state.journal";
    static final String DAMAGED_SUFFIX = ".damaged";
    /** Larger files are not read: far beyond the default 128 MiB store cap plus a journal's compaction threshold. */
    static final long MAX_FILE_BYTES = 1L << 30;

    private StateLoader() {
    }

    /**
     * What was read.
     *
     * @param values     the values still alive, ready for {@code Storage.restore}
     * @param nodes      the routing-table nodes
     * @param generation the newest generation seen (the next snapshot uses a higher one)
     * @param report     counts and problems, for the log
     */
    record Loaded(List<StoredEntry> values, List<NodeInfo> nodes, long generation, Report report) {
    }

    /**
     * @param expired        values read that had expired while the node was down (dropped, not an error)
     * @param records        records read from both files
     * @param corruptRecords damaged records skipped (a damaged stretch, an undecodable record, a torn tail)
     * @param problems       what was wrong, one phrase each; empty when all was well
     * @param damagedCopies  copies made of damaged files
     */
    record Report(int values, int nodes, int expired, long records, int corruptRecords, List<String> problems,
                  List<Path> damagedCopies) {
        boolean damaged() {
            return !problems.isEmpty();
        }
    }

    /** Loads the state in {@code dir} as of {@code nowMillis}. A missing folder or file is an empty state. */
    static Loaded load(Path dir, long nowMillis) {
        SavedState state = new SavedState();
        Tally tally = new Tally();
        long snapshotGen = readFile(dir.resolve(SNAPSHOT), StateFormat.KIND_SNAPSHOT, -1, state, tally);
        long journalGen = readFile(dir.resolve(JOURNAL), StateFormat.KIND_JOURNAL, snapshotGen, state, tally);
        List<StoredEntry> live = state.liveValues(nowMillis);
        List<NodeInfo> nodes = state.nodes();
        Report report = new Report(live.size(), nodes.size(), state.valueCount() - live.size(), tally.records,
                tally.corrupt, List.copyOf(tally.problems), List.copyOf(tally.copies));
        return new Loaded(live, nodes, Math.max(0, Math.max(snapshotGen, journalGen)), report);
    }

    private static final class Tally {
        long records;
        int corrupt;
        final List<String> problems = new ArrayList<>();
        final List<Path> copies = new ArrayList<>();
    }

    /**
     * Applies the records of one file to {@code state}.
     *
     * @param minGeneration a journal older than this (the snapshot's generation) is already in the snapshot and is
     *                      skipped; -1 = no minimum
     * @return the file's generation, or -1 when it has none (missing, damaged header, stale)
     */
    private static long readFile(Path file, byte kind, long minGeneration, SavedState state, Tally tally) {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                tally.problems.add(name + " is " + size + " bytes, more than landht ever writes: ignored");
                return -1;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            tally.problems.add(name + " unreadable (" + e + ")");
            return -1;
        }
        if (bytes.length == 0) {
            return -1;
        }
        StateFormat.Header h = StateFormat.parseHeader(bytes);
        List<String> problems = new ArrayList<>();
        if (h != null && h.version() != StateFormat.VERSION) {
            tally.problems.add(name + " has format version " + h.version() + ", this landht reads "
                    + StateFormat.VERSION + ": ignored");
            keepCopy(file, tally);
            return -1;
        }
        if (h != null && h.kind() != kind) {
            h = null;
        }
        if (h == null) {
            problems.add("header damaged");
        } else if (kind == StateFormat.KIND_JOURNAL && h.generation() < minGeneration) {
            return -1; // written before the snapshot that already holds it (a crash between the two writes)
        }
        int[] corrupt = {0};
        long[] records = {0};
        boolean[] end = {false};
        FrameReader.Damage damage = FrameReader.read(bytes, h != null ? StateFormat.HEADER_BYTES : 0,
                (data, off, len) -> {
                    StateRecord r;
                    try {
                        r = StateCodec.decode(data, off, len);
                    } catch (StateCodec.BadRecord e) {
                        corrupt[0]++;
                        return;
                    }
                    records[0]++;
                    end[0] |= r instanceof StateRecord.End;
                    state.apply(r);
                });
        int skipped = corrupt[0] + damage.corruptRegions() + (damage.tornTail() ? 1 : 0);
        if (damage.corruptRegions() > 0 || corrupt[0] > 0) {
            problems.add((damage.corruptRegions() + corrupt[0]) + " corrupt record(s), " + damage.skippedBytes()
                    + " bytes skipped");
        }
        if (damage.tornTail()) {
            problems.add("last record cut short");
        }
        if (kind == StateFormat.KIND_SNAPSHOT && !end[0] && !damage.tornTail()) {
            problems.add("end marker missing (file cut short)");
        }
        tally.records += records[0];
        tally.corrupt += skipped;
        if (!problems.isEmpty()) {
            tally.problems.add(name + ": " + String.join(", ", problems));
            keepCopy(file, tally);
        }
        return h == null ? -1 : h.generation();
    }

    /** Copies a damaged file aside (replacing an older copy); a failure is only noted. */
    private static void keepCopy(Path file, Tally tally) {
        Path copy = file.resolveSibling(file.getFileName() + DAMAGED_SUFFIX);
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            tally.copies.add(copy);
        } catch (IOException e) {
            tally.problems.add("could not keep a copy of " + file.getFileName() + " (" + e + ")");
        }
    }
}
