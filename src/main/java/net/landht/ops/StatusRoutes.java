package net.landht.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The status page's routes, all {@code GET} only: the page itself at {@code /} on the ops endpoint ({@code /status}
 * on the LAN HTTP port, {@link LanStatusPage}), rendered from a snapshot at most {@link #REUSE_MILLIS} old ({@link StatusPage}); its data
 * {@code /status.json} ({@link StatusJson}), which {@code status.js} reloads every few seconds; the script and style
 * {@code /status.js}, {@code /status.css}, from the jar ({@code src/main/resources/net/landht/ops/}).
 *
 * <p>Every answer carries a Content-Security-Policy that allows loads from the same origin only (no inline script
 * or style, no other host: the LAN has no Internet and the page must not call out), {@code X-Content-Type-Options:
 * nosniff} and {@code Referrer-Policy: no-referrer}; the page and its data are {@code Cache-Control: no-store}, the
 * script and style {@code no-cache} (revalidated, so an upgrade shows at once). Call {@link #get} on the ops thread:
 * it waits up to {@link OpsServer#SNAPSHOT_TIMEOUT} for the DHT's event loop.
 */
final class StatusRoutes {
    /** The policy on every status answer: same origin only; {@code data:} only for the empty favicon. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    /** The page's path on the ops endpoint. */
    static final String OPS_PAGE = "/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "/status.js", "text/javascript; charset=utf-8",
            "/status.css", "text/css; charset=utf-8");
    private static final Map<String, byte[]> FILES = Map.of("/status.js", resource("status.js"),
            "/status.css", resource("status.css"));

    /**
     * One answer: always 200 (a route that is not served never gets here).
     *
     * @param contentType its Content-Type
     * @param body        its bytes
     * @param headers     the other headers (Cache-Control, the security headers)
     */
    record Answer(String contentType, byte[] body, Map<String, String> headers) {
    }

    /**
     * How long a rendered page or {@code /status.json} is answered again instead of taking a new snapshot: a LAN
     * host that asks for the page in a loop then costs the DHT loop one snapshot a second, and the ops thread
     * (which also answers {@code /health}) a copy of a byte array per request. status.js reloads every 5 s.
     */
    static final long REUSE_MILLIS = 1_000;

    private final Snapshots snapshots;
    private final StatusJson json;
    private final String pagePath;
    /** The last page and JSON answers with the snapshot time they show; touched on the ops thread only. */
    private Answer lastPage;
    private Answer lastJson;
    private long lastPageAtMillis = Long.MIN_VALUE;
    private long lastJsonAtMillis = Long.MIN_VALUE;

    /** @param pagePath where the page is: {@link #OPS_PAGE} on the ops endpoint, {@code /status} on the LAN */
    StatusRoutes(Snapshots snapshots, StatusJson json, String pagePath) {
        this.snapshots = snapshots;
        this.json = json;
        this.pagePath = pagePath;
    }

    /**
     * Whether the status routes answer a request with this {@code Host} header on the ops endpoint: an IPv4 or
     * IPv6 literal (with or without a port), {@code localhost} or a name under {@code .localhost}, or no header at
     * all (HTTP/1.0). A DNS name is refused: a page from elsewhere that DNS rebinding pointed at 127.0.0.1 would
     * otherwise read the node table through the admin's tunnel (RFC 6761 keeps {@code localhost} on loopback).
     */
    static boolean hostAllowed(String host) {
        if (host == null) {
            return true;
        }
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && io.netty.util.NetUtil.isValidIpV6Address(h.substring(1, end));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return name.equals("localhost") || name.endsWith(".localhost")
                || io.netty.util.NetUtil.isValidIpV4Address(name);
    }

    /** Whether {@code path} is one of these routes. */
    boolean serves(String path) {
        return path.equals(pagePath) || path.equals("/status.json") || TYPES.containsKey(path);
    }

    /** The answer to {@code GET path}; call only when {@link #serves} is true, on the ops thread. */
    Answer get(String path) {
        long now = snapshots.nowMillis();
        if (path.equals(pagePath)) {
            if (lastPage == null || !recent(lastPageAtMillis, now)) {
                lastPage = answer(HTML, StatusPage.render(document(), pagePath.equals(OPS_PAGE)), "no-store");
                lastPageAtMillis = now;
            }
            return lastPage;
        }
        if (path.equals("/status.json")) {
            if (lastJson == null || !recent(lastJsonAtMillis, now)) {
                lastJson = answer(JSON, json(), "no-store");
                lastJsonAtMillis = now;
            }
            return lastJson;
        }
        return new Answer(TYPES.get(path), FILES.get(path), headers("no-cache"));
    }

    private static boolean recent(long atMillis, long nowMillis) {
        return nowMillis >= atMillis && nowMillis - atMillis < REUSE_MILLIS;
    }

    private String json() {
        try {
            return MAPPER.writeValueAsString(document());
        } catch (JsonProcessingException e) {
            // a tree of strings and numbers always serializes
            throw new IllegalStateException("cannot write the status document", e);
        }
    }

    private ObjectNode document() {
        Optional<NodeSnapshot> fresh = snapshots.refresh();
        return json.document(fresh.orElseGet(snapshots::latest), fresh.isPresent());
    }

    private static Answer answer(String contentType, String body, String cacheControl) {
        return new Answer(contentType, body.getBytes(StandardCharsets.UTF_8), headers(cacheControl));
    }

    private static Map<String, String> headers(String cacheControl) {
        return Map.of("Cache-Control", cacheControl, "Content-Security-Policy", CSP,
                "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");
    }

    /** A file beside this class in the jar; its absence is a broken build. */
    private static byte[] resource(String name) {
        try (InputStream in = StatusRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("net/landht/ops/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read net/landht/ops/" + name + " from the jar", e);
        }
    }
}
