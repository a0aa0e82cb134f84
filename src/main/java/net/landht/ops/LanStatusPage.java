package net.landht.ops;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.http.HttpExchange;
import net.landht.http.HttpService;
import net.landht.http.JsonText;

/**
 * The ops endpoint's status page on the LAN HTTP port, when {@code http.status-page} is true (off by default): the
 * page at {@code /status} (the LAN port's {@code /} stays the OpenDHT proxy's node info, which clients use as a
 * health check), its data, script and style at {@code /status.json}, {@code /status.js}, {@code /status.css}.
 * Route it under the prefix {@code /status}; another path under that prefix is 404, another method 405, both
 * {@code {"err":...}} JSON like the rest of the LAN port.
 *
 * <p>The page is made on the ops thread (the snapshot wait must not hold up the LAN HTTP loop) by the
 * {@link OpsServer} this is {@linkplain OpsServer#start(net.landht.NodeRuntime, net.landht.discovery.PeerDiscovery,
 * net.landht.persist.StatePersistence, java.util.List, LanStatusPage) started with}; until then, and after it
 * stopped, requests get 503. Answers carry the page's security headers ({@link StatusRoutes}) and no
 * {@code Access-Control-Allow-Origin}: unlike the proxy's JSON, another site's script must not read the node table.
 */
public final class LanStatusPage implements HttpService {
    /** The route prefix and the page's path. */
    public static final String PATH = "/status";

    private volatile StatusRoutes routes;
    private volatile Executor opsThread;

    /** Serves through {@code routes} on {@code opsThread}. */
    void attach(StatusRoutes routes, Executor opsThread) {
        this.opsThread = opsThread;
        this.routes = routes;
    }

    @Override
    public void handle(HttpExchange x) {
        x.route("status");
        StatusRoutes r = routes;
        String path = x.path();
        if (r == null) {
            x.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, JsonText.error("the status page is not ready"));
        } else if (!r.serves(path)) {
            x.respond(HttpResponseStatus.NOT_FOUND, JsonText.error("not found: the status page is " + PATH));
        } else if (!x.method().equals("GET")) {
            x.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("Allow", "GET"), JsonText.error("only GET"));
        } else {
            try {
                opsThread.execute(() -> answer(x, r.get(path)));
            } catch (RejectedExecutionException e) {
                x.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, JsonText.error("the ops endpoint is stopping"));
            }
        }
    }

    private static void answer(HttpExchange x, StatusRoutes.Answer a) {
        Map<String, String> headers = new HashMap<>(a.headers());
        headers.put("Content-Type", a.contentType());
        headers.put("Access-Control-Allow-Origin", "");  // empty: removed (Responses)
        x.respond(HttpResponseStatus.OK, headers, new String(a.body(), StandardCharsets.UTF_8));
    }
}
