package net.landht.dht;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.landht.value.Query;
import net.landht.value.Value;

/**
 * The values one get has reported, by id: a value is reported when its id is new or its seq is higher than the one
 * reported (OpenDHT: src/search.h {@code Search::ValueCache}, newest seq wins). Values that do not match the query's
 * conditions are dropped (a remote node may ignore the filter), and so are signed values whose signature does not
 * verify, as OpenDHT's SecureDht does before a get callback (src/securedht.cpp {@code getCallbackFilter}); a value is
 * verified only when it would be reported, so each id costs at most one check per higher seq. Event loop only;
 * bounded by {@link #MAX_IDS}.
 */
final class ValueMerge {
    /** Value ids one get remembers; beyond it new ids are still reported but no longer de-duplicated. */
    static final int MAX_IDS = 65_536;

    private final Query query;
    private final ClientCounters counters;
    private final Map<Long, Integer> seqById = new HashMap<>();

    ValueMerge(Query query, ClientCounters counters) {
        this.query = query;
        this.counters = counters;
    }

    /** False (and counted) for a signed value whose signature does not verify. */
    static boolean authentic(Value v, ClientCounters counters) {
        if (v.isSigned() && !v.signatureValid()) {
            counters.count(ClientCounters.Event.VALUE_BAD_SIGNATURE);
            return false;
        }
        return true;
    }

    /** The values of {@code batch} not reported yet (or with a higher seq), in order; remembers them. */
    List<Value> fresh(List<Value> batch) {
        List<Value> out = new ArrayList<>();
        for (Value v : batch) {
            if (!query.matches(v)) {
                continue;
            }
            Integer seen = seqById.get(v.id());
            if (seen != null && seen >= v.seq() || !authentic(v, counters)) {
                continue;
            }
            if (seen != null || seqById.size() < MAX_IDS) {
                seqById.put(v.id(), v.seq());
            }
            out.add(v);
        }
        return out;
    }
}
