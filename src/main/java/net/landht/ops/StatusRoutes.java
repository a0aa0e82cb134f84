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
 * on the LAN HTTP port, {@link LanStatusPage}), rendered from a fresh snapshot ({@link StatusPage}); its data
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

    private final Snapshots snapshots;
    private final StatusJson json;
    private final String pagePath;

    /** @param pagePath where the page is: {@link #OPS_PAGE} on the ops endpoint, {@code /status} on the LAN */
    StatusRoutes(Snapshots snapshots, StatusJson json, String pagePath) {
        this.snapshots = snapshots;
        this.json = json;
        this.pagePath = pagePath;
    }

    /** Whether {@code path} is one of these routes. */
    boolean serves(String path) {
        return path.equals(pagePath) || path.equals("/status.json") || TYPES.containsKey(path);
    }

    /** The answer to {@code GET path}; call only when {@link #serves} is true, on the ops thread. */
    Answer get(String path) {
        if (path.equals(pagePath)) {
            return answer(HTML, StatusPage.render(document(), pagePath.equals(OPS_PAGE)), "no-store");
        }
        if (path.equals("/status.json")) {
            try {
                return answer(JSON, MAPPER.writeValueAsString(document()), "no-store");
            } catch (JsonProcessingException e) {
                // a tree of strings and numbers always serializes
                throw new IllegalStateException("cannot write the status document", e);
            }
        }
        return new Answer(TYPES.get(path), FILES.get(path), headers("no-cache"));
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
