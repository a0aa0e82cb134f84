package net.landht.names;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.config.NodeConfig;
import net.landht.net.PerMinuteLimiter;

/**
 * The name server of a secondary ({@code names.primary} set): answers {@code /name} and {@code /addr} from its
 * primary, another landht (or any server of the protocol), so a site with several landht servers has one registry.
 * This landht's own database is not used.
 *
 * <p>What is answered here, without the primary: a malformed name (lookup 404, POST 400) or ID (400), a method or
 * path the protocol does not have (405, 404), a lookup found in the {@link NameCache}, and a registration refused by
 * the local checks ({@link RegistrationGate}: this server's per-source POST limit and reserved names, the body, the
 * key and signature). Everything else is forwarded ({@link PrimaryClient}) and the primary's status and JSON body
 * relayed as they are (200, 400, 401, 403, 404, 409, 503...); an unreachable primary is 503, an answer that cannot
 * be relayed 502, both JSON {@code {"error":...}} (jamid: lookup ERROR, which keeps its cached name; registration
 * "network error"). A request that carries another landht's {@code Via} is not forwarded again (502, a loop).
 *
 * <p>The primary counts every registration through this server as coming from one source: this server applies
 * {@code names.per-source-posts-per-minute} to each client, and the primary's limit must allow for all of them.
 *
 * <p>Bounds: {@link #MAX_IN_FLIGHT} requests at the primary or waiting for a check; more are answered 503 at once.
 * Calls return at once (a cache lookup at most): checks and I/O run on {@link #THREADS} threads of its own, so an
 * event loop may call it. Thread-safe.
 */
public final class NameForwarder implements NameEndpoints<CompletableFuture<NameResponse>>, AutoCloseable {
    /** Requests in progress at most (sent, or waiting for the signature check). */
    public static final int MAX_IN_FLIGHT = 256;
    /** Threads for the HTTP client and the signature checks. */
    static final int THREADS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(NameForwarder.class);

    private final PrimaryClient primary;
    private final NameCache cache;
    private final RegistrationGate gate;
    private final NamesCounters counters = new NamesCounters();
    private final ForwardCounters forwardCounters = new ForwardCounters();
    private final ExecutorService executor;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicBoolean primaryDown = new AtomicBoolean();
    private final AtomicBoolean loopReported = new AtomicBoolean();

    /**
     * @param config   {@code names.*}: {@code primary} (must be set), reserved names and the per-source POST limit
     * @param clock    wall clock (registration times in the checks)
     * @param nanoTime monotonic nanoseconds (cache expiry, rate limit)
     */
    public NameForwarder(NodeConfig.Names config, Clock clock, LongSupplier nanoTime) {
        if (config.primary() == null) {
            throw new IllegalArgumentException("names.primary is not set");
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "landht-names-forward-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.primary = new PrimaryClient(config.primary(), executor);
        this.cache = new NameCache(nanoTime, forwardCounters);
        this.gate = new RegistrationGate(Set.copyOf(config.reserved()),
                new PerMinuteLimiter(config.perSourcePostsPerMinute(), nanoTime), counters, clock);
    }

    /**
     * Answers one request ({@link NameEndpoints#route}); returns at once.
     *
     * @param viaLandht whether the request came from another landht's forwarder ({@code Via} names
     *                  {@code landht-names}): it is refused with 502 instead of forwarded on
     * @return the answer; the future always completes normally
     */
    public CompletableFuture<NameResponse> handle(String method, List<String> path, byte[] body, InetAddress source,
                                                  boolean viaLandht) {
        if (viaLandht) {
            forwardCounters.countForwarded(ForwardCounters.Route.NAME, ForwardCounters.Outcome.LOOP);
            if (loopReported.compareAndSet(false, true)) {
                LOG.warn("names: a request from {} was forwarded by another landht, but this landht forwards to {} "
                        + "itself; point that landht's names.primary at {} (answered 502, logged once)",
                        source.getHostAddress(), primary.base(), primary.base());
            }
            return local(NameResponse.json(502, "error", "forwarding loop: this name server is a secondary too"));
        }
        return NameEndpoints.route(this, method, path, body, source);
    }

    /** {@code Via} header value that marks a request from a landht forwarder. */
    public static boolean isFromForwarder(String via) {
        return via != null && via.contains(PrimaryClient.VIA.substring(PrimaryClient.VIA.indexOf(' ') + 1));
    }

    @Override
    public CompletableFuture<NameResponse> local(NameResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public CompletableFuture<NameResponse> lookupName(String raw) {
        return withName(raw, name -> lookup(NameCache.Endpoint.NAME, name, "/name/" + name));
    }

    @Override
    public CompletableFuture<NameResponse> lookupNameField(String raw, String field) {
        return withName(raw, name -> forward(ForwardCounters.Route.NAME, "GET", "/name/" + name + "/" + field,
                new byte[0]).thenApply(r -> countLookup(NameCache.Endpoint.NAME, r)));
    }

    /** {@code then} with the lower-case name, or 404 for a name that breaks the rule (it cannot be registered). */
    private CompletableFuture<NameResponse> withName(String raw,
                                                     Function<String, CompletableFuture<NameResponse>> then) {
        String name = NameRules.canonicalName(raw);
        if (name == null) {
            counters.countNameLookup(NamesCounters.Lookup.MALFORMED);
            return local(NameService.nameNotFound());
        }
        return then.apply(name);
    }

    @Override
    public CompletableFuture<NameResponse> lookupAddr(String raw) {
        String id = NameRules.canonicalId(raw);
        if (id == null) {
            counters.countAddrLookup(NamesCounters.Lookup.MALFORMED);
            return local(NameService.malformedAddr());
        }
        return lookup(NameCache.Endpoint.ADDR, id, "/addr/" + id);
    }

    /**
     * {@code POST /name/<name>}: checked here as the local registry checks it ({@link RegistrationGate}, on this
     * forwarder's threads), then forwarded with the client's body as it came; a 200 from the primary puts the name
     * and the ID in the cache.
     */
    @Override
    public CompletableFuture<NameResponse> register(String raw, byte[] body, InetAddress source) {
        return withPermit(ForwardCounters.Route.REGISTER, () -> CompletableFuture
                .supplyAsync(() -> gate.admit(raw, body, source), executor)
                .thenCompose(admission -> {
                    if (admission.refusal() != null) {
                        return local(admission.refusal());
                    }
                    Registration r = admission.registration();
                    return send(ForwardCounters.Route.REGISTER, "POST", "/name/" + r.name(), body).thenApply(a -> {
                        if (a.status() == 200) {
                            cache.prime(r);
                            LOG.info("name registered on the primary: {} -> {} (from {})", r.name(), r.addr(),
                                    source.getHostAddress());
                        }
                        return a;
                    });
                }));
    }

    /** A lookup: from the cache, else from the primary (its 200 and 404 cached). */
    private CompletableFuture<NameResponse> lookup(NameCache.Endpoint endpoint, String key, String path) {
        NameResponse cached = cache.get(endpoint, key);
        if (cached != null) {
            return local(countLookup(endpoint, cached));
        }
        ForwardCounters.Route route = endpoint == NameCache.Endpoint.NAME ? ForwardCounters.Route.NAME
                : ForwardCounters.Route.ADDR;
        return forward(route, "GET", path, new byte[0]).thenApply(r -> {
            cache.put(endpoint, key, r);
            return countLookup(endpoint, r);
        });
    }

    private NameResponse countLookup(NameCache.Endpoint endpoint, NameResponse r) {
        NamesCounters.Lookup outcome = r.status() == 200 ? NamesCounters.Lookup.FOUND
                : r.status() == 404 ? NamesCounters.Lookup.NOT_FOUND : NamesCounters.Lookup.FAILED;
        if (endpoint == NameCache.Endpoint.NAME) {
            counters.countNameLookup(outcome);
        } else {
            counters.countAddrLookup(outcome);
        }
        return r;
    }

    private CompletableFuture<NameResponse> forward(ForwardCounters.Route route, String method, String path,
                                                    byte[] body) {
        return withPermit(route, () -> CompletableFuture.supplyAsync(() -> send(route, method, path, body), executor)
                .thenCompose(f -> f));
    }

    /** Sends and counts; completes normally. Called on this forwarder's threads. */
    private CompletableFuture<NameResponse> send(ForwardCounters.Route route, String method, String path,
                                                 byte[] body) {
        return primary.send(method, path, body).thenApply(relay -> {
            forwardCounters.countForwarded(route, relay.outcome());
            if (relay.problem() == null) {
                if (primaryDown.compareAndSet(true, false)) {
                    LOG.info("names: the primary {} answers again", primary.base());
                }
            } else if (primaryDown.compareAndSet(false, true)) {
                LOG.warn("names: the primary {} failed ({}); answering {} until it answers again (cached names are "
                        + "still served)", primary.base(), relay.problem(), relay.response().status());
            } else {
                LOG.debug("names: {} {} at the primary failed: {}", method, path, relay.problem());
            }
            return relay.response();
        });
    }

    /**
     * Runs {@code call} holding one of the {@link #MAX_IN_FLIGHT} permits, or answers 503 busy without it; a failure
     * of the call itself is a 500.
     */
    private CompletableFuture<NameResponse> withPermit(ForwardCounters.Route route,
                                                       Supplier<CompletableFuture<NameResponse>> call) {
        if (!inFlight.tryAcquire()) {
            forwardCounters.countForwarded(route, ForwardCounters.Outcome.BUSY);
            return local(NameResponse.withRetryAfter(503, 1, "error", "name server busy"));
        }
        CompletableFuture<NameResponse> f;
        try {
            f = call.get();
        } catch (RuntimeException e) { // the executor refused the task: closing
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((r, e) -> inFlight.release()).exceptionally(e -> failedHere(route, e));
    }

    /** A failure of this landht (a closed executor, a bug), not of the primary: 500, logged. */
    private NameResponse failedHere(ForwardCounters.Route route, Throwable e) {
        LOG.warn("names: forwarding a {} request failed here: {}", route, e.toString());
        return NameResponse.json(500, "error", "server error");
    }

    /** The primary's base URL. */
    public String primary() {
        return primary.base();
    }

    /** Lookups by outcome (found, not found, malformed, failed) and refusals of the local checks. */
    public NamesCounters counters() {
        return counters;
    }

    /** Forwarded requests, cache hits and evictions. */
    public ForwardCounters forwardCounters() {
        return forwardCounters;
    }

    /** Stops the threads; requests in progress end with a 500. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
