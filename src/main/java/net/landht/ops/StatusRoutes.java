package net.landht.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The status page's routes on the ops endpoint, all {@code GET} only:
 * <ul>
 * <li>{@code /}: the page ({@link StatusPage}), {@code text/html}, rendered from a fresh snapshot;
 * <li>{@code /status.json}: its data ({@link StatusJson}), which {@code status.js} reloads every few seconds;
 * <li>{@code /status.js}, {@code /status.css}: the script and style, from the jar
 *     ({@code src/main/resources/net/landht/ops/}).
 * </ul>
 * Every answer carries a Content-Security-Policy that allows loads from this endpoint only (no inline script or
 * style, no other host: the LAN has no Internet and the page must not call out), {@code X-Content-Type-Options:
 * nosniff} and {@code Referrer-Policy: no-referrer}; the page and its data are {@code Cache-Control: no-store}, the
 * script and style {@code no-cache} (revalidated, so an upgrade shows at once).
 */
final class StatusRoutes {
    /** The policy on every status answer: same origin only; {@code data:} only for the empty favicon. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "/status.js", "text/javascript; charset=utf-8",
            "/status.css", "text/css; charset=utf-8");

    private final Snapshots snapshots;
    private final StatusJson json;
    private final Map<String, byte[]> files;

    StatusRoutes(Snapshots snapshots, StatusJson json) {
        this.snapshots = snapshots;
        this.json = json;
        this.files = Map.of("/status.js", resource("status.js"), "/status.css", resource("status.css"));
    }

    /** Whether {@code path} is one of these routes. */
    static boolean serves(String path) {
        return path.equals("/") || path.equals("/status.json") || TYPES.containsKey(path);
    }

    /** The answer to {@code GET path}; call only when {@link #serves} is true, on the ops thread. */
    FullHttpResponse get(String path) {
        FullHttpResponse res = switch (path) {
            case "/" -> OpsHandler.body(HttpResponseStatus.OK, HTML, StatusPage.render(document()));
            case "/status.json" -> json(document());
            default -> {
                FullHttpResponse r = OpsHandler.body(HttpResponseStatus.OK, TYPES.get(path), files.get(path));
                r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                yield r;
            }
        };
        res.headers().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        return res;
    }

    private ObjectNode document() {
        Optional<NodeSnapshot> fresh = snapshots.refresh();
        return json.document(fresh.orElseGet(snapshots::latest), fresh.isPresent());
    }

    private static FullHttpResponse json(ObjectNode doc) {
        try {
            return OpsHandler.body(HttpResponseStatus.OK, JSON, MAPPER.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            // a tree of strings and numbers always serializes
            throw new IllegalStateException("cannot write the status document", e);
        }
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
