package net.landht.proxy;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.dht.DhtClient;
import net.landht.http.HttpExchange;
import net.landht.http.HttpService;
import net.landht.http.JsonText;
import net.landht.id.InfoHash;

/**
 * OpenDHT's DHT proxy REST API (fact sheet {@code dht-proxy.md} §2; OpenDHT src/dht_proxy_server.cpp
 * {@code createRestRouter}), the routes Debian's 2.4.12 serves plus 4.x's {@code OPTIONS /key/{hash}/listen}:
 * <pre>
 * GET  /  and  /node/info        node info ({@link NodeInfoJson})
 * GET  /node/stats               stats
 * POST /node/pingPush            a push to the device the body names ({@link ProxyPush#pingPush}; 2.5.0+)
 * GET  /key/{h}  and  /{h}       get, chunked value lines
 * POST /key/{h}  and  /{h}       put, plain or permanent ({@link ProxyPuts})
 * GET  /key/{h}/listen           listen, chunked, never ended by landht ({@link ProxyStreams})
 * GET  /key/{h}/options, OPTIONS /{h}, OPTIONS /key/{h}/listen    CORS answer
 * SUBSCRIBE, UNSUBSCRIBE /key/{h} and /{h}                         push ({@link ProxyPush}), else 501
 * </pre>
 * Anything else gets 501 {@code {"err":"Not implemented"}} (OpenDHT: RESTinio's empty 501). {@code {h}} is read by
 * {@link ProxyHash}. Stateless apart from its parts; called on the HTTP connections' event loop.
 */
public final class ProxyService implements HttpService {
    /** SUBSCRIBE/UNSUBSCRIBE without push notifications: 501 JSON ({@link ProxyPush#NONE}). */
    public static final ProxyPush NO_PUSH = ProxyPush.NONE;

    private static final Map<String, String> OPTIONS_HEADERS = Map.of(
            "Access-Control-Allow-Methods", "OPTIONS, GET, POST, LISTEN",
            "Access-Control-Allow-Headers", "content-type",
            "Access-Control-Max-Age", "86400");

    private final DhtClient client;
    private final ProxyCounters counters;
    private final ProxyPush push;
    private final ProxyStreams streams;
    private final ProxyPuts puts;
    private final PermanentPutExpiry expiry;
    private final InstantSource clock;
    private PermanentPutState kept;

    /**
     * @param push   SUBSCRIBE/UNSUBSCRIBE and the permanent puts' push requests ({@link #NO_PUSH}: none)
     * @param timers where permanent puts expire
     */
    public ProxyService(DhtClient client, ProxyCounters counters, ProxyPush push, ScheduledExecutorService timers,
                        InstantSource clock) {
        this(client, counters, push, timers, clock, PermanentPutExpiry.LIFETIME);
    }

    ProxyService(DhtClient client, ProxyCounters counters, ProxyPush push, ScheduledExecutorService timers,
                 InstantSource clock, Duration permanentLifetime) {
        this.client = client;
        this.counters = counters;
        this.push = push;
        this.clock = clock;
        this.streams = new ProxyStreams(client, counters);
        this.expiry = new PermanentPutExpiry(client, timers, permanentLifetime, clock);
        this.puts = new ProxyPuts(client, counters, expiry, push);
    }

    @Override
    public void handle(HttpExchange ex) {
        String path = ex.path();
        String[] seg = path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
        String method = ex.method();
        if (seg.length == 0 || seg.length == 2 && seg[0].equals("node") && seg[1].equals("info")) {
            if (method.equals("GET")) {
                ex.route("proxy_node_info");
                ex.respond(HttpResponseStatus.OK, NodeInfoJson.write(client.status(),
                        ex.remoteAddress().getAddress()) + "\n");
                return;
            }
        } else if (seg.length == 2 && seg[0].equals("node") && seg[1].equals("stats")) {
            if (method.equals("GET")) {
                ex.route("proxy_node_stats");
                ex.respond(HttpResponseStatus.OK, stats() + "\n");
                return;
            }
        } else if (seg.length == 2 && seg[0].equals("node") && seg[1].equals("pingPush")) {
            if (method.equals("POST")) {
                push.pingPush(ex);
                return;
            }
        } else if (seg.length == 1 && !seg[0].isEmpty()) {
            if (keyRoute(ex, method, ProxyHash.parse(seg[0]), true)) {
                return;
            }
        } else if (seg.length == 2 && seg[0].equals("key") && !seg[1].isEmpty()) {
            if (keyRoute(ex, method, ProxyHash.parse(seg[1]), false)) {
                return;
            }
        } else if (seg.length == 3 && seg[0].equals("key") && !seg[1].isEmpty()) {
            InfoHash key = ProxyHash.parse(seg[1]);
            if (seg[2].equals("listen") && method.equals("GET")) {
                ex.route("proxy_listen");
                streams.listen(ex, key);
                return;
            }
            if (seg[2].equals("listen") && method.equals("OPTIONS")
                    || seg[2].equals("options") && method.equals("GET")) {
                options(ex);
                return;
            }
        }
        ex.route("proxy_unknown");
        ex.respond(HttpResponseStatus.NOT_IMPLEMENTED, JsonText.error("Not implemented"));
    }

    /** The routes on {@code /key/{h}} and the legacy {@code /{h}}; false when none matches. */
    private boolean keyRoute(HttpExchange ex, String method, InfoHash key, boolean legacy) {
        switch (method) {
            case "GET" -> {
                ex.route("proxy_get");
                streams.get(ex, key);
            }
            case "POST" -> {
                ex.route("proxy_put");
                puts.put(ex, key);
            }
            case "SUBSCRIBE" -> push.subscribe(ex, key, e -> streams.get(e, key));
            case "UNSUBSCRIBE" -> push.unsubscribe(ex, key);
            case "OPTIONS" -> {
                if (!legacy) {
                    return false;  // OPTIONS /key/{h} is not routed in OpenDHT 2.4 or 4.3
                }
                options(ex);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void options(HttpExchange ex) {
        ex.route("proxy_options");
        ex.respond(HttpResponseStatus.OK, OPTIONS_HEADERS, "");
    }

    /**
     * The stats object (OpenDHT {@code ServerStats::toJson}, keys sorted as jsoncpp writes them), with 3.3.0's
     * {@code serverStartTime} and {@code lastUpdated} (Unix seconds) and its {@code androidPush}, {@code iosPush},
     * {@code unifiedPush} ({@link ProxyPush#pushStats}: pushes handed to the sender since the start, by platform
     * and priority).
     */
    private String stats() {
        long now = clock.millis();
        double seconds = Math.max(1, (now - counters.startMillis()) / 1000.0);
        long requests = counters.gets() + counters.listens()
                + counters.puts(ProxyCounters.PutOutcome.STORED) + counters.puts(ProxyCounters.PutOutcome.FAILED);
        PushStats pushes = push.pushStats();
        return "{\"androidPush\":" + pushes.android().json()
                + ",\"iosPush\":" + pushes.ios().json()
                + ",\"lastUpdated\":" + now / 1000
                + ",\"listenCount\":" + counters.openListens()
                + ",\"nodeInfo\":" + NodeInfoJson.write(client.status(), null)
                + ",\"pushListenersCount\":" + push.subscriptionCount()
                + ",\"putCount\":" + expiry.count()
                + ",\"requestRate\":" + String.format(java.util.Locale.ROOT, "%.1f", requests / seconds)
                + ",\"serverStartTime\":" + counters.startMillis() / 1000
                + ",\"totalPermanentPuts\":" + counters.permanentPuts()
                + ",\"unifiedPush\":" + pushes.unifiedPush().json() + "}";
    }

    /** Answers an operation {@link DhtClient} refused, as {@link OperationRefusals} says, and counts it. */
    static void refused(HttpExchange ex, DhtClient.Refused r, ProxyCounters counters) {
        counters.refuse(r.limit());
        ex.respond(OperationRefusals.status(r.limit()), OperationRefusals.body(r));
    }

    /**
     * Keeps the permanent puts in {@code file} across restarts and puts the saved ones again now (call once, before
     * the proxy takes requests); see {@link PermanentPutState}.
     */
    public void keepPermanentPuts(StateFile file) {
        kept = new PermanentPutState(file, client, expiry, push, counters);
        kept.restore();
    }

    /**
     * Saves the permanent puts (when kept) and stops their expiry timers (the DHT client stops the puts
     * themselves).
     */
    public void close() {
        if (kept != null) {
            kept.close();
        }
        expiry.close();
    }
}
