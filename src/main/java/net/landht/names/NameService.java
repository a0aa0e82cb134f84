package net.landht.names;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import net.landht.config.NodeConfig;
import net.landht.net.PerMinuteLimiter;

/**
 * The name server's answers, independent of any HTTP library: the HTTP adapter passes the method, the path segments,
 * the body and the client's address, and writes back the {@link NameResponse}. Endpoints, as jamid 13.7 calls them
 * and the official server answers them (jami-daemon src/jamidht/namedirectory.cpp; jami-nameservice index.js;
 * shared/protocol/name-server.md §2):
 *
 * <pre>
 * GET  /name/NAME            200 {"name","addr":"0x<40 hex>","publickey","signature"}
 *                            | 404 {"error":"name not registered"}
 * GET  /name/NAME/publickey  200 {"name","publickey"}   (also /signature, /owner: read-only extras, §2.4)
 * GET  /addr/ID              200 {"name"} | 404 {"error":"address not registered"} | 400 {"success":false}
 * POST /name/NAME            200 {"success":true} | 400 | 401 | 403 | 409 | 413 | 500 | 503  (see {@link Registrar})
 * other methods on these     405 {"error":"method not allowed"}; other paths 404 {"error":"not found"}
 * </pre>
 *
 * <p>{@code addr} is always lower-case hex: jamid compares it as a string with the key's ID and calls the answer
 * INVALID otherwise. A lookup of a name that breaks the name rule is a plain 404 (it cannot be registered), so jamid
 * reports NOT_FOUND. Database failures answer 500 {@code {"error":"server error"}} and are logged ({@link
 * StoreFailures}). Thread-safe; every call may block on the database, so an event-loop caller runs it on a worker.
 */
public final class NameService implements NameEndpoints<NameResponse> {
    private static final String NAME = "name";
    private static final String ADDR = "addr";

    private final NameStore store;
    private final NamesCounters counters = new NamesCounters();
    private final StoreFailures failures;
    private final PerMinuteLimiter limiter;
    private final Registrar registrar;

    /**
     * @param store    the open registry; the caller closes it after the service's last call
     * @param config   reserved names and the POST rate limit ({@code names.*})
     * @param clock    wall clock for registration times
     * @param nanoTime monotonic nanoseconds for the rate limit and log throttling
     */
    public NameService(NameStore store, NodeConfig.Names config, Clock clock, LongSupplier nanoTime) {
        this.store = store;
        this.failures = new StoreFailures(nanoTime);
        this.limiter = new PerMinuteLimiter(config.perSourcePostsPerMinute(), nanoTime);
        this.registrar = new Registrar(store, new RegistrationGate(Set.copyOf(config.reserved()), limiter, counters,
                clock), counters, failures);
    }

    /** Whether a path belongs to the name server: its first non-empty segment is {@code name} or {@code addr}. */
    public static boolean handles(List<String> path) {
        String first = path.stream().filter(s -> !s.isEmpty()).findFirst().orElse("");
        return first.equals(NAME) || first.equals(ADDR);
    }

    /**
     * Answers one request ({@link NameEndpoints#route}).
     *
     * @param method HTTP method, upper case as on the wire ({@code GET}, {@code POST})
     * @param path   the path's segments without the leading base path, e.g. {@code [name, alice]}; empty segments
     *               are ignored; names and IDs never need percent-decoding (they are {@code [a-z0-9_-]} and hex)
     * @param body   the request body, empty for none
     * @param source the client's address (rate limit, log)
     */
    public NameResponse handle(String method, List<String> path, byte[] body, InetAddress source) {
        return NameEndpoints.route(this, method, path, body, source);
    }

    @Override
    public NameResponse local(NameResponse response) {
        return response;
    }

    /** {@code GET /name/<name>}: the registration as it was posted, with {@code addr} as {@code 0x} + lower hex. */
    @Override
    public NameResponse lookupName(String name) {
        return answerName(name, NameService::nameFound);
    }

    /** The 200 answer of {@code GET /name/<name>} for {@code x}. */
    static NameResponse nameFound(Registration x) {
        return NameResponse.json(200, "name", x.name(), "addr", "0x" + x.addr(), "publickey", x.publicKey(),
                "signature", x.signature());
    }

    /** The 200 answer of {@code GET /addr/<id>} for {@code x}. */
    static NameResponse addrFound(Registration x) {
        return NameResponse.json(200, "name", x.name());
    }

    /**
     * {@code GET /name/<name>/<field>}, the official server's read-only extras: {@code publickey}, {@code signature}
     * or {@code owner} ({@code 0x} + hex, as the official server gives it); another field is 404.
     */
    @Override
    public NameResponse lookupNameField(String name, String field) {
        if (!EXTRA_FIELDS.contains(field)) {
            return NameResponse.json(404, "error", "not found");
        }
        return answerName(name, x -> NameResponse.json(200, "name", x.name(), field, switch (field) {
            case "publickey" -> x.publicKey();
            case "signature" -> x.signature();
            default -> x.owner().isEmpty() ? "" : "0x" + x.owner();
        }));
    }

    /** {@code GET /addr/<id>}: the name of a Jami ID; 400 when {@code id} is not 40 hex digits. */
    @Override
    public NameResponse lookupAddr(String id) {
        String addr = NameRules.canonicalId(id);
        if (addr == null) {
            counters.countAddrLookup(NamesCounters.Lookup.MALFORMED);
            return malformedAddr();
        }
        return answer(addr, store::byAddr, counters::countAddrLookup, NameService::addrFound,
                () -> NameResponse.json(404, "error", "address not registered"));
    }

    /** The 400 answer of {@code GET /addr/<id>} for an ID that is not 40 hex digits (the official server's). */
    static NameResponse malformedAddr() {
        return NameResponse.json(400, "success", false);
    }

    /** {@code POST /name/<name>}: see {@link Registrar}. */
    @Override
    public NameResponse register(String name, byte[] body, InetAddress source) {
        return registrar.register(name, body, source);
    }

    /** What was answered so far. */
    public NamesCounters counters() {
        return counters;
    }

    /**
     * Sources whose POST allowance was forgotten because the rate limiter's table was full
     * ({@link PerMinuteLimiter#MAX_SOURCES}); such a source starts again with a full allowance.
     */
    public long rateLimitEvictions() {
        return limiter.evictions();
    }

    /** Looks a name up and answers with {@code found}, or 404 (unknown or impossible name), or 500. */
    private NameResponse answerName(String raw, Function<Registration, NameResponse> found) {
        String name = NameRules.canonicalName(raw);
        if (name == null) {
            counters.countNameLookup(NamesCounters.Lookup.MALFORMED);
            return nameNotFound();
        }
        return answer(name, store::byName, counters::countNameLookup, found, NameService::nameNotFound);
    }

    /** A database query by name or ID. */
    private interface Query {
        Optional<Registration> find(String key) throws NameStoreException;
    }

    /** Runs a lookup, counts its outcome, and answers with {@code found}, {@code notFound} or 500. */
    private NameResponse answer(String key, Query query, Consumer<NamesCounters.Lookup> count,
                                Function<Registration, NameResponse> found, Supplier<NameResponse> notFound) {
        Optional<Registration> r;
        try {
            r = query.find(key);
        } catch (NameStoreException e) {
            count.accept(NamesCounters.Lookup.FAILED);
            failures.report("lookup of " + key, e);
            return serverError();
        }
        count.accept(r.isPresent() ? NamesCounters.Lookup.FOUND : NamesCounters.Lookup.NOT_FOUND);
        return r.map(found).orElseGet(notFound);
    }

    /** The 404 answer of {@code GET /name/<name>}. */
    static NameResponse nameNotFound() {
        return NameResponse.json(404, "error", "name not registered");
    }

    private static NameResponse serverError() {
        return NameResponse.json(500, "error", "server error");
    }
}
