package net.landht.names.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.handler.codec.http.HttpResponseStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.http.HttpExchange;
import net.landht.http.HttpService;
import net.landht.names.NameResponse;
import net.landht.names.NameService;

/**
 * The name server behind the LAN HTTP router ({@code /name/} and {@code /addr/}): each request runs
 * {@link NameService#handle} on a small worker pool, because it may block on SQLite (a registration waits for its
 * fsync), and the answer goes back with {@code Content-Type: application/json} and, when the service sets one,
 * {@code Retry-After}.
 *
 * <p>Bounds: {@link #WORKERS} threads and a queue of {@link #QUEUE} requests; when both are full the request is
 * answered at once with 503 {@code {"error":"name server busy"}} and {@code Retry-After: 1} and counted
 * ({@link #busyRefusals}). jamid maps 503 to "network error" (lookup ERROR leaves its cached name alone;
 * registration status 4), which is what a busy server is (shared/protocol/name-server.md §2). Bodies are already
 * bounded by the HTTP layer before they are buffered ({@code HttpLimits.maxBodyBytes}, 413); a body whose
 * {@code Content-Length} is over {@link #MAX_BODY_BYTES} is refused with 413 before it reaches a worker.
 */
public final class NamesHttpService implements HttpService, AutoCloseable {
    /** Worker threads: SQLite writes one at a time anyway; two let a lookup pass a registration's fsync. */
    public static final int WORKERS = 2;
    /** Requests waiting for a worker; more are refused with 503. */
    public static final int QUEUE = 256;
    /** Largest body passed on, bytes (jamid sends ~1.9 KiB; the service applies the same bound). */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** {@code Retry-After} seconds of a 503 for a full queue. */
    static final int BUSY_RETRY_AFTER_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(NamesHttpService.class);
    private static final String BUSY = "{\"error\":\"name server busy\"}";
    private static final String UNAVAILABLE = "{\"error\":\"name server unavailable\"}";
    private static final String TOO_LARGE = "{\"success\":false,\"error\":\"request body too large\"}";

    /** {@link NameService#handle}'s shape, so tests can hold a worker. */
    @FunctionalInterface
    interface Handler {
        NameResponse handle(String method, List<String> path, byte[] body, java.net.InetAddress source);
    }

    private final Handler service;
    private final ThreadPoolExecutor workers;
    private final LongAdder busy = new LongAdder();

    /** @param service the name server; its store stays open until after {@link #close()} */
    public NamesHttpService(NameService service) {
        this(service::handle, WORKERS, QUEUE);
    }

    /** With other bounds (tests fill the queue with small ones). */
    NamesHttpService(Handler service, int workers, int queue) {
        this.service = service;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "landht-names-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (refusedBeforeWork(exchange)) {
            return;
        }
        List<String> path = Arrays.asList(exchange.path().split("/"));
        try {
            workers.execute(() -> answer(exchange, path));
        } catch (RejectedExecutionException e) {
            busy.increment();
            LOG.debug("{}: name server busy ({} waiting)", exchange, workers.getQueue().size());
            exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Map.of("Retry-After", Integer.toString(BUSY_RETRY_AFTER_SECONDS)), BUSY);
        }
    }

    private void answer(HttpExchange exchange, List<String> path) {
        if (!exchange.isOpen()) {
            return;
        }
        write(exchange, service.handle(exchange.method(), path, exchange.body(),
                exchange.remoteAddress().getAddress()));
    }

    /**
     * Names the route for the HTTP counters and answers 413 to a body over {@link #MAX_BODY_BYTES} (by its length or
     * its {@code Content-Length}); true when it answered.
     */
    static boolean refusedBeforeWork(HttpExchange exchange) {
        exchange.route(exchange.path().startsWith("/addr/") ? "names-addr" : "names-name");
        if (exchange.body().length > MAX_BODY_BYTES || tooLong(exchange.header("Content-Length"))) {
            exchange.respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
            return true;
        }
        return false;
    }

    /** Writes a name server answer: its status, its JSON body, and {@code Retry-After} when it has one. */
    static void write(HttpExchange exchange, NameResponse r) {
        Map<String, String> headers = r.retryAfterSeconds() > 0
                ? Map.of("Retry-After", Integer.toString(r.retryAfterSeconds())) : Map.of();
        exchange.respond(HttpResponseStatus.valueOf(r.status()), headers,
                new String(r.body(), StandardCharsets.UTF_8));
    }

    private static boolean tooLong(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // the HTTP decoder already refused a malformed length
        }
    }

    /**
     * What {@code /name/} and {@code /addr/} answer when the name server could not open its database: 503
     * {@code {"error":"name server unavailable"}} (jamid: lookup ERROR, which keeps its cached name; registration
     * "network error"), so the DHT proxy on the same port keeps serving.
     */
    public static HttpService unavailable() {
        return exchange -> {
            exchange.route("names-off");
            exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, UNAVAILABLE);
        };
    }

    /** Requests refused with 503 because every worker was busy and the queue full. */
    public long busyRefusals() {
        return busy.sum();
    }

    /** Requests waiting for a worker now. */
    public int queued() {
        return workers.getQueue().size();
    }

    /** Stops taking requests and waits up to 5 s for the running ones (a registration's commit). */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("name server: {} requests still running after 5 s; closing the database under them",
                        workers.getActiveCount());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
