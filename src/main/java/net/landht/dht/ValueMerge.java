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
 * conditions are dropped (a remote node may ignore the filter). Event loop only; bounded by {@link #MAX_IDS}.
 */
final class ValueMerge {
    /** Value ids one get remembers; beyond it new ids are still reported but no longer de-duplicated. */
    static final int MAX_IDS = 65_536;

    private final Query query;
    private final Map<Long, Integer> seqById = new HashMap<>();

    ValueMerge(Query query) {
        this.query = query;
    }

    /** The values of {@code batch} not reported yet (or with a higher seq), in order; remembers them. */
    List<Value> fresh(List<Value> batch) {
        List<Value> out = new ArrayList<>();
        for (Value v : batch) {
            if (!query.matches(v)) {
                continue;
            }
            Integer seen = seqById.get(v.id());
            if (seen != null && seen >= v.seq()) {
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
