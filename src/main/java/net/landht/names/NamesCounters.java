package net.landht.names;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the name server answered, for {@code /metrics} (a names {@code MeterBinder} in {@code ops} reads these).
 * Written by any request thread, read by any; each count is exact, a set of counts read together may be a moment
 * apart.
 */
public final class NamesCounters {
    /** How a lookup ended. */
    public enum Lookup {
        /** The name or ID is registered: 200. */
        FOUND,
        /** It is not: 404. */
        NOT_FOUND,
        /** The name or ID cannot exist (bad syntax): 404 for a name, 400 for an ID. */
        MALFORMED,
        /** The database failed: 500. */
        FAILED
    }

    private final Map<Lookup, LongAdder> byName = adders(Lookup.class);
    private final Map<Lookup, LongAdder> byAddr = adders(Lookup.class);
    private final Map<RegistrationRefusal, LongAdder> refused = adders(RegistrationRefusal.class);
    private final LongAdder registered = new LongAdder();
    private final LongAdder registeredAgain = new LongAdder();

    /** One adder per constant of {@code type}. */
    static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, new LongAdder());
        }
        return m;
    }

    void countNameLookup(Lookup outcome) {
        byName.get(outcome).increment();
    }

    void countAddrLookup(Lookup outcome) {
        byAddr.get(outcome).increment();
    }

    void countRefused(RegistrationRefusal reason) {
        refused.get(reason).increment();
    }

    void countRegistered() {
        registered.increment();
    }

    void countRegisteredAgain() {
        registeredAgain.increment();
    }

    /** {@code GET /name/<name>} (and its {@code /publickey}, {@code /signature}, {@code /owner} forms) by outcome. */
    public long nameLookups(Lookup outcome) {
        return byName.get(outcome).sum();
    }

    /** {@code GET /addr/<id>} by outcome. */
    public long addrLookups(Lookup outcome) {
        return byAddr.get(outcome).sum();
    }

    /** Registrations refused for {@code reason}. */
    public long refused(RegistrationRefusal reason) {
        return refused.get(reason).sum();
    }

    /** New names stored. */
    public long registered() {
        return registered.sum();
    }

    /** Registrations of a name its ID already had, answered 200 without change. */
    public long registeredAgain() {
        return registeredAgain.sum();
    }
}
