package net.landht.ops;

import java.util.Locale;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import net.landht.names.ForwardCounters;
import net.landht.names.NameCache;
import net.landht.names.NamesCounters;
import net.landht.names.RegistrationRefusal;

/**
 * The name server's counters on the ops endpoint. Metrics: {@code landht_names_up} (1 serving, 0 off: disabled or
 * its database could not be opened), {@code landht_names_lookups_total{endpoint="name|addr",outcome}} (one per
 * {@link NamesCounters.Lookup}), {@code landht_names_registered_total}, {@code landht_names_registered_again_total},
 * {@code landht_names_refused_total{reason}} (one per {@link RegistrationRefusal}),
 * {@code landht_names_busy_total} (503 because the worker queue was full). On a secondary ({@code names.primary}):
 * {@code landht_names_forwarded_total{route="name|addr|register",outcome}} (one per {@link ForwardCounters.Outcome}),
 * {@code landht_names_cache_hits_total{endpoint="name|addr",answer="found|not_found"}},
 * {@code landht_names_cache_evictions_total}; its lookups count in {@code landht_names_lookups_total} by the answer
 * given (failed = the primary could not answer). {@code /stats}: {@code "names"} with {@code state} =
 * {@code serving}, {@code forwarding}, {@code disabled} or {@code failed}.
 */
public final class NamesSection implements OpsSection {
    /** Whether the name server runs, and why not. */
    public enum State {
        /** Answers from its own database. */
        SERVING,
        /** A secondary: answers from its primary ({@code names.primary}). */
        FORWARDING,
        DISABLED,
        FAILED
    }

    private final State state;
    private final NamesCounters counters;
    private final LongSupplier busy;
    private final OpsAdmin admin;
    private final ForwardCounters forward;

    /**
     * @param counters the service's counters (all zero when it does not run)
     * @param busy     requests refused with 503 for a full worker queue
     * @param admin    the admin commands ({@link NamesAdminRoutes}), or null
     * @param forward  a secondary's forwarding counters (all zero on a landht that is not one)
     */
    public NamesSection(State state, NamesCounters counters, LongSupplier busy, OpsAdmin admin,
                        ForwardCounters forward) {
        this.state = state;
        this.counters = counters;
        this.busy = busy;
        this.admin = admin;
        this.forward = forward;
    }

    @Override
    public String name() {
        return "names";
    }

    @Override
    public OpsAdmin admin() {
        return admin;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("landht.names.up", () -> state == State.SERVING || state == State.FORWARDING ? 1 : 0)
                .strongReference(true)
                .description("1 when the name server answers (itself or through its primary), 0 when it is off "
                        + "(disabled, or its database failed)")
                .register(registry);
        for (NamesCounters.Lookup l : NamesCounters.Lookup.values()) {
            String outcome = l.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("landht.names.lookups", counters, c -> c.nameLookups(l))
                    .description("Name server lookups, by endpoint and outcome")
                    .tags("endpoint", "name", "outcome", outcome).register(registry);
            FunctionCounter.builder("landht.names.lookups", counters, c -> c.addrLookups(l))
                    .description("Name server lookups, by endpoint and outcome")
                    .tags("endpoint", "addr", "outcome", outcome).register(registry);
        }
        FunctionCounter.builder("landht.names.registered", counters, NamesCounters::registered)
                .description("Names registered").register(registry);
        FunctionCounter.builder("landht.names.registered.again", counters, NamesCounters::registeredAgain)
                .description("Registrations of a name its ID already had (200, no change)").register(registry);
        for (RegistrationRefusal r : RegistrationRefusal.values()) {
            FunctionCounter.builder("landht.names.refused", counters, c -> c.refused(r))
                    .description("Name registrations refused, by reason")
                    .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("landht.names.busy", busy, LongSupplier::getAsLong)
                .description("Name server requests answered 503 because its worker queue was full")
                .register(registry);
        bindForwarding(registry);
    }

    private void bindForwarding(MeterRegistry registry) {
        for (ForwardCounters.Route r : ForwardCounters.Route.values()) {
            for (ForwardCounters.Outcome o : ForwardCounters.Outcome.values()) {
                FunctionCounter.builder("landht.names.forwarded", forward, f -> f.forwarded(r, o))
                        .description("Name server requests of a secondary sent to its primary, by route and outcome")
                        .tags("route", lower(r), "outcome", lower(o)).register(registry);
            }
        }
        for (NameCache.Endpoint e : NameCache.Endpoint.values()) {
            for (boolean found : new boolean[] {true, false}) {
                FunctionCounter.builder("landht.names.cache.hits", forward, f -> f.cacheHits(e, found))
                        .description("Lookups a secondary answered from its cache of the primary's answers")
                        .tags("endpoint", lower(e), "answer", found ? "found" : "not_found").register(registry);
            }
        }
        FunctionCounter.builder("landht.names.cache.evictions", forward, ForwardCounters::cacheEvictions)
                .description("Entries dropped from a secondary's name cache because it was full")
                .register(registry);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void stats(ObjectNode o) {
        o.put("state", state.name().toLowerCase(Locale.ROOT));
        ObjectNode lookups = o.putObject("lookups");
        for (NamesCounters.Lookup l : NamesCounters.Lookup.values()) {
            String outcome = l.name().toLowerCase(Locale.ROOT);
            lookups.put("name " + outcome, counters.nameLookups(l));
            lookups.put("addr " + outcome, counters.addrLookups(l));
        }
        o.put("registered", counters.registered());
        o.put("registered_again", counters.registeredAgain());
        ObjectNode refused = o.putObject("refused");
        for (RegistrationRefusal r : RegistrationRefusal.values()) {
            long n = counters.refused(r);
            if (n != 0) {
                refused.put(r.name().toLowerCase(Locale.ROOT), n);
            }
        }
        o.put("busy", busy.getAsLong());
        if (state == State.FORWARDING) {
            ObjectNode forwarded = o.putObject("forwarded");
            for (ForwardCounters.Route r : ForwardCounters.Route.values()) {
                for (ForwardCounters.Outcome out : ForwardCounters.Outcome.values()) {
                    long n = forward.forwarded(r, out);
                    if (n != 0) {
                        forwarded.put(lower(r) + " " + lower(out), n);
                    }
                }
            }
            ObjectNode hits = o.putObject("cache_hits");
            for (NameCache.Endpoint e : NameCache.Endpoint.values()) {
                hits.put(lower(e) + " found", forward.cacheHits(e, true));
                hits.put(lower(e) + " not_found", forward.cacheHits(e, false));
            }
            o.put("cache_evictions", forward.cacheEvictions());
        }
    }
}
