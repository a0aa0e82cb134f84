package net.landht.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers one HTTP request: {@code GET /health}, {@code GET /metrics}, {@code GET /stats}, the status page's
 * {@code GET /}, {@code /status.json}, {@code /status.js} and {@code /status.css} ({@link StatusRoutes}); 404 for any
 * other path, 405 for another method (HEAD too) on these paths, 400 for a request Netty could not decode; an admin
 * command sent by a web browser is 403 ({@link #fromBrowser}). Runs on the ops thread; the DHT state is read through
 * {@link Snapshots}, which waits a bounded time for the DHT's event loop.
 */
@ChannelHandler.Sharable
final class OpsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(OpsHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

    private final BooleanSupplier udpOpen;
    private final Snapshots snapshots;
    private final OpsMetrics metrics;
    private final StatsDocument stats;
    private final List<OpsAdmin> admins;
    private final StatusRoutes status;

    /**
     * @param udpOpen whether the node's UDP sockets are all open
     * @param admins  services' admin commands, each under its prefix
     * @param status  the status page
     */
    OpsHandler(BooleanSupplier udpOpen, Snapshots snapshots, OpsMetrics metrics, StatsDocument stats,
               List<OpsAdmin> admins, StatusRoutes status) {
        this.udpOpen = udpOpen;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.stats = stats;
        this.admins = List.copyOf(admins);
        this.status = status;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpResponse res;
        if (!req.decoderResult().isSuccess()) {
            res = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            HttpUtil.setKeepAlive(res, false);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        for (OpsAdmin admin : admins) {
            if (path.equals(admin.prefix()) || path.startsWith(admin.prefix() + "/")) {
                if (fromBrowser(req)) {
                    LOG.warn("{} {} refused: sent by a web browser (Origin {}, Sec-Fetch-Site {}); admin commands "
                            + "are taken from the landht command only", req.method(), path,
                            req.headers().get(HttpHeaderNames.ORIGIN), req.headers().get(SEC_FETCH_SITE));
                    ctx.writeAndFlush(text(HttpResponseStatus.FORBIDDEN, "admin commands are not taken from a web "
                            + "browser (a page could send them); use the landht command on this host\n"));
                    return;
                }
                admin(ctx, req, admin, path);
                return;
            }
        }
        boolean known = path.equals("/health") || path.equals("/metrics") || path.equals("/stats")
                || status.serves(path);
        if (!known) {
            res = text(HttpResponseStatus.NOT_FOUND, "not found: try /, /health, /metrics or /stats\n");
        } else if (!HttpMethod.GET.equals(req.method())) {
            res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET");
        } else {
            res = switch (path) {
                case "/health" -> health();
                case "/metrics" -> metrics(req.headers().get(HttpHeaderNames.ACCEPT));
                case "/stats" -> stats();
                default -> StatusRoutes.hostAllowed(req.headers().get(HttpHeaderNames.HOST)) ? status(path)
                        : text(HttpResponseStatus.MISDIRECTED_REQUEST, "the status page answers to an IP address or"
                                + " localhost in the Host header, not a DNS name (DNS rebinding); open it as"
                                + " http://127.0.0.1:PORT/ through an SSH tunnel\n");
            };
        }
        LOG.debug("{} {} -> {}", req.method(), req.uri(), res.status().code());
        ctx.writeAndFlush(res);
    }

    /**
     * Whether a web browser sent {@code req}: it carries {@code Origin} (every browser POST, every cross-origin
     * request) or fetch metadata ({@code Sec-Fetch-Site}, sent by current browsers on every request, also by a page
     * that DNS rebinding made same-origin). The status page brings a browser here (through an SSH tunnel), and any
     * page open in it may send a "simple" cross-site POST without a preflight; the {@code landht} command's JDK
     * client sends neither header.
     */
    static boolean fromBrowser(FullHttpRequest req) {
        return req.headers().contains(HttpHeaderNames.ORIGIN) || req.headers().contains(SEC_FETCH_SITE);
    }

    /** Hands the request to a service's admin; answers when its future completes (on whatever thread). */
    private static void admin(ChannelHandlerContext ctx, FullHttpRequest req, OpsAdmin admin, String path) {
        byte[] body = new byte[req.content().readableBytes()];
        req.content().readBytes(body);
        String method = req.method().name();
        admin.handle(method, path, body).whenComplete((reply, error) -> {
            FullHttpResponse res = error == null ? body(HttpResponseStatus.valueOf(reply.status()),
                    reply.contentType(), reply.body())
                    : text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "admin command failed: " + error + "\n");
            if (error != null) {
                LOG.warn("{} {} failed: {}", method, path, error.toString());
            }
            LOG.debug("{} {} -> {}", method, path, res.status().code());
            ctx.writeAndFlush(res);
        });
    }

    private FullHttpResponse health() {
        Optional<NodeSnapshot> fresh = snapshots.refresh();
        NodeSnapshot s = fresh.orElseGet(snapshots::latest);
        String status = !udpOpen.getAsBoolean() ? "down" : fresh.isEmpty() ? "stalled" : "ok";
        HttpResponseStatus code = status.equals("ok") ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        return json(code, stats.health(status, s));
    }

    private FullHttpResponse metrics(String accept) {
        snapshots.refresh();  // on failure the gauges show the last snapshot; landht_ops_snapshot_failures_total says so
        OpsMetrics.Scrape scrape = metrics.scrape(accept);
        return body(HttpResponseStatus.OK, scrape.contentType(), scrape.body());
    }

    private FullHttpResponse status(String path) {
        StatusRoutes.Answer a = status.get(path);
        FullHttpResponse res = body(HttpResponseStatus.OK, a.contentType(), a.body());
        a.headers().forEach(res.headers()::set);
        return res;
    }

    private FullHttpResponse stats() {
        Optional<NodeSnapshot> fresh = snapshots.refresh();
        return json(HttpResponseStatus.OK, stats.stats(fresh.orElseGet(snapshots::latest), fresh.isPresent()));
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode doc) {
        try {
            return body(status, JSON, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
        } catch (JsonProcessingException e) {
            // a tree of strings and numbers always serializes; if not, say so rather than send half a document
            LOG.warn("cannot write JSON: {}", e.toString());
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot write JSON\n");
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return body(status, TEXT, body);
    }

    /** A response of {@code body} as UTF-8, {@code Cache-Control: no-store}. */
    static FullHttpResponse body(HttpResponseStatus status, String contentType, String body) {
        return body(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response of {@code bytes}, {@code Cache-Control: no-store}. */
    static FullHttpResponse body(HttpResponseStatus status, String contentType, byte[] bytes) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("ops connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
