package net.landht.dht;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of landht's own client operations ({@link DhtClient}): written on the DHT loop or the caller's thread,
 * readable from any thread (metrics, stats). The gauges (operations running now) come from {@link ClientBudget}.
 */
public final class ClientCounters {
    /** Events counted. */
    public enum Event {
        /** A get started. */
        GET,
        /** A get whose searches settled. */
        GET_DONE,
        /** Values reported to get callbacks (after de-duplication). */
        GET_VALUES,
        /** A put started (first announce; permanent re-announces are counted apart). */
        PUT,
        /** A put that no node (landht nor a remote one) holds. */
        PUT_FAILED,
        /** A put stored in landht's own store. */
        PUT_LOCAL,
        /** Remote put acknowledgements received. */
        PUT_REMOTE_ACK,
        /** A permanent put announced again before its expiry. */
        REANNOUNCE,
        /** A listen started (a local listener; several on one key share one {@link SharedListen}). */
        LISTEN,
        /** A key's shared listen started (its first listener): remote listens are per key, not per listener. */
        LISTEN_SHARED,
        /** A listen request sent to a remote node (first or refresh). */
        LISTEN_SENT,
        /** A listen request that failed (timeout or error): the listen searches again. */
        LISTEN_FAILED,
        /** An {@code update} received for one of our listens. */
        UPDATE_IN,
        /** An {@code update} for no listen of ours, or from a node the listen is not placed on (ignored). */
        UPDATE_UNKNOWN,
        /** Changes reported to listen callbacks (counted per listener). */
        LISTEN_VALUES,
        /** A value not tracked by a listen because its per-listen bound was reached. */
        LISTEN_VALUES_OVERFLOW,
        /** A remote value that did not parse (skipped). */
        VALUE_UNPARSED,
        /** A signed value whose signature does not verify (not reported). */
        VALUE_BAD_SIGNATURE,
        /** A callback that threw (logged, the operation carries on). */
        CALLBACK_FAILED,
        /** An operation whose caller's executor fell {@code CallbackLane.MAX_QUEUED} callbacks behind: no more. */
        LANE_OVERFLOW
    }

    private final Map<Event, LongAdder> events = new EnumMap<>(Event.class);
    private final Map<DhtClient.Limit, LongAdder> refused = new EnumMap<>(DhtClient.Limit.class);

    public ClientCounters() {
        for (Event e : Event.values()) {
            events.put(e, new LongAdder());
        }
        for (DhtClient.Limit l : DhtClient.Limit.values()) {
            refused.put(l, new LongAdder());
        }
    }

    void count(Event e) {
        events.get(e).increment();
    }

    void count(Event e, long n) {
        events.get(e).add(n);
    }

    void refused(DhtClient.Limit limit) {
        refused.get(limit).increment();
    }

    /** Events of one kind so far. */
    public long events(Event e) {
        return events.get(e).sum();
    }

    /** Operations refused for one reason so far. */
    public long refusals(DhtClient.Limit limit) {
        return refused.get(limit).sum();
    }
}
