package net.landht.dht;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;
import net.landht.net.Scheduler;
import net.landht.value.Value;
import net.landht.value.ValueType;

/**
 * The permanent puts: each value is announced again {@link #REANNOUNCE_MARGIN} before its type's expiry (counted
 * from the start of the previous announce, when the storing nodes took it), until {@link #cancel}. Remote nodes
 * forget a value at its expiry; there is no remove message. OpenDHT: src/dht.cpp {@code Dht::put} with
 * {@code permanent}, {@code searchSendAnnounceValue}; include/opendht/dht.h {@code REANNOUNCE_MARGIN}.
 *
 * <p>Event loop only. The number of entries is bounded by the caller's {@link ClientBudget} (each entry holds one
 * permanent slot, given back by {@link Entry#release}).
 */
final class PermanentPuts {
    /** Re-announce this long before expiry. OpenDHT: include/opendht/dht.h REANNOUNCE_MARGIN (10 s). */
    static final Duration REANNOUNCE_MARGIN = Duration.ofSeconds(10);
    /** Shortest wait between announces of one value (landht's floor, for very short types). */
    static final Duration MIN_PERIOD = Duration.ofSeconds(5);

    private record Id(InfoHash key, long valueId) {
    }

    private final class Entry {
        final Id id;
        final Value value;
        final InetAddress source;
        final Runnable release;
        Scheduler.Cancellable timer;

        Entry(Id id, Value value, InetAddress source, Runnable release) {
            this.id = id;
            this.value = value;
            this.source = source;
            this.release = release;
        }
    }

    private final ClientContext ctx;
    private final Map<Id, Entry> entries = new HashMap<>();

    PermanentPuts(ClientContext ctx) {
        this.ctx = ctx;
    }

    /** The wait from one announce of {@code value} to the next. */
    static Duration period(Value value) {
        Duration d = ValueType.of(value.type()).expiry().minus(REANNOUNCE_MARGIN);
        return d.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : d;
    }

    /**
     * Keeps {@code value} announced; its first announce has just started. Replaces (and releases) an entry with the
     * same key and id.
     *
     * @param release gives back the entry's permanent slot (run once, when cancelled or replaced)
     */
    void add(InfoHash key, Value value, InetAddress source, Runnable release) {
        Id id = new Id(key, value.id());
        Entry old = entries.remove(id);
        if (old != null) {
            drop(old);
        }
        Entry e = new Entry(id, value, source, release);
        entries.put(id, e);
        schedule(e);
    }

    /** Stops re-announcing; no-op when there is no such entry. */
    void cancel(InfoHash key, long valueId) {
        Entry e = entries.remove(new Id(key, valueId));
        if (e != null) {
            drop(e);
        }
    }

    /** Stops every entry (node stopping). */
    void cancelAll() {
        for (Entry e : List.copyOf(entries.values())) {
            entries.remove(e.id);
            drop(e);
        }
    }

    int size() {
        return entries.size();
    }

    private void drop(Entry e) {
        if (e.timer != null) {
            e.timer.cancel();
        }
        e.release.run();
    }

    private void schedule(Entry e) {
        e.timer = ctx.scheduler().schedule(period(e.value), () -> reannounce(e));
    }

    private void reannounce(Entry e) {
        if (entries.get(e.id) != e) {
            return;
        }
        ctx.counters().count(ClientCounters.Event.REANNOUNCE);
        schedule(e);
        new PutOperation(ctx, e.id.key(), e.value, e.source, r -> { }).start();
    }
}
