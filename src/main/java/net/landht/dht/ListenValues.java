package net.landht.dht;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * What one key's listen ({@link SharedListen}) has seen, once for all its subscribers: each value id with its newest value and the nodes that hold it (remote node ids, and
 * landht's own id for its store). A value is reported when its id is new, or when a holder sends other content with
 * a seq not lower than the one reported (an edit); it is reported expired when its last holder said it expired.
 * So each change is reported once although up to 8 nodes per family and the local store hold the value. A signed
 * value whose signature does not verify is ignored ({@link ValueMerge#authentic}).
 * OpenDHT: src/search.h {@code Search::ValueCache} (values kept per search, expired when no node has them).
 *
 * <p>Event loop only. At most {@link #MAX_VALUES} ids are tracked (further ones are counted and ignored).
 */
final class ListenValues {
    /** Value ids one listen tracks. landht's bound (OpenDHT has none). */
    static final int MAX_VALUES = 4096;

    private static final class Tracked {
        Value value;
        final Set<InfoHash> holders = new HashSet<>(4);

        Tracked(Value value) {
            this.value = value;
        }
    }

    private final ClientCounters counters;
    private final Map<Long, Tracked> byId = new LinkedHashMap<>();

    ListenValues(ClientCounters counters) {
        this.counters = counters;
    }

    /** Records that {@code holder} has {@code values}; returns those to report (new or edited), in order. */
    List<Value> held(InfoHash holder, List<Value> values) {
        List<Value> out = new ArrayList<>();
        for (Value v : values) {
            Tracked t = byId.get(v.id());
            boolean changed = t == null || v.seq() > t.value.seq()
                    || v.seq() == t.value.seq() && !v.contentEquals(t.value);
            if (changed && !ValueMerge.authentic(v, counters)) {
                continue;
            }
            if (t == null) {
                if (byId.size() >= MAX_VALUES) {
                    counters.count(ClientCounters.Event.LISTEN_VALUES_OVERFLOW);
                    continue;
                }
                t = new Tracked(v);
                byId.put(v.id(), t);
                out.add(v);
            } else if (changed) {
                t.value = v;
                out.add(v);
            }
            t.holders.add(holder);
        }
        return out;
    }

    /** Records that {@code holder} no longer has {@code valueIds}; returns the values no holder has left. */
    List<Value> gone(InfoHash holder, long[] valueIds) {
        List<Value> out = new ArrayList<>();
        for (long id : valueIds) {
            Tracked t = byId.get(id);
            if (t != null && t.holders.remove(holder) && t.holders.isEmpty()) {
                byId.remove(id);
                out.add(t.value);
            }
        }
        return out;
    }

    /** The values held now, in the order first seen (what a subscriber joining now is told). */
    List<Value> current() {
        List<Value> out = new ArrayList<>(byId.size());
        for (Tracked t : byId.values()) {
            out.add(t.value);
        }
        return List.copyOf(out);
    }

    /** Value ids tracked now. */
    int size() {
        return byId.size();
    }
}
