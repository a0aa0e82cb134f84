package net.landht.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One request and its answer. The request is whole (its body read, within {@link HttpLimits#maxBodyBytes}); the
 * answer is one JSON response ({@link #respond}) or a stream ({@link #stream}): chunked, or for an HTTP/1.0 request
 * (which has no chunked coding, RFC 9112 §7.1) the raw body with {@code Connection: close}, ended by closing. Owned by the connection's
 * event loop: the answering methods may be called from any thread and run there, in call order.
 */
public final class HttpExchange {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

    private enum State { WAITING, STREAMING, DONE }

    private final HttpConnection connection;
    private final EventLoop loop;
    private final HttpMethod method;
    private final String path;
    private final String query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final boolean keepAlive;
    /** An HTTP/1.0 request: a stream answers it unchunked and closes at its end. */
    private final boolean http10;
    private final InetSocketAddress remote;
    private final List<Runnable> closeListeners = new ArrayList<>(2);
    /** Request bytes this exchange holds of the server's budget ({@link HeldRequests}); on the connection's loop. */
    int held;
    private String route = HttpCounters.UNMATCHED;
    private State state = State.WAITING;
    private boolean closed;

    HttpExchange(HttpConnection connection, EventLoop loop, HttpMethod method, String uri, HttpHeaders headers,
                 byte[] body, boolean keepAlive, boolean http10, InetSocketAddress remote) {
        this.connection = connection;
        this.loop = loop;
        this.method = method;
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.query = q < 0 ? "" : uri.substring(q + 1);
        this.headers = headers;
        this.body = body;
        this.keepAlive = keepAlive;
        this.http10 = http10;
        this.remote = remote;
    }

    /** The method token as sent, e.g. {@code GET}, {@code SUBSCRIBE}. */
    public String method() {
        return method.name();
    }

    /** The request target without its query string, as sent (not percent-decoded). */
    public String path() {
        return path;
    }

    /** The query string without {@code ?}, or empty. */
    public String query() {
        return query;
    }

    /** A request header, or null. */
    public String header(CharSequence name) {
        return headers.get(name);
    }

    /** The request body (empty when none); the caller must not modify it. */
    public byte[] body() {
        return body;
    }

    /** The client's address as the socket sees it (an IPv4 client of a dual-stack socket is an IPv4 address). */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** The connection's event loop: pass it where results should arrive (they are then in order and on time). */
    public Executor executor() {
        return loop;
    }

    /** Names the route that handles this request, for the counters; a small fixed set per service. */
    public void route(String name) {
        this.route = name;
    }

    /** Runs {@code r} when the connection closes before this exchange is done (at once if already closed). */
    public void onClose(Runnable r) {
        onLoop(() -> {
            if (closed) {
                r.run();
            } else {
                closeListeners.add(r);
            }
        });
    }

    /** Whether the connection is still open (as last seen on its event loop). */
    public boolean isOpen() {
        return !closed;
    }

    /** Answers with a JSON body ({@code body} is sent as is; OpenDHT ends success bodies with a newline). */
    public void respond(HttpResponseStatus status, String body) {
        respond(status, Map.of(), body);
    }

    /**
     * Answers with a JSON body and extra headers (one named {@code Content-Type} replaces JSON's; one with an empty
     * value removes a default header). Only the first answer counts; later ones are ignored.
     */
    public void respond(HttpResponseStatus status, Map<String, String> extraHeaders, String body) {
        onLoop(() -> {
            if (state != State.WAITING || closed) {
                LOG.debug("{} {}: answer {} dropped ({})", method, path, status.code(), closed ? "closed" : state);
                return;
            }
            state = State.DONE;
            connection.counters().request(route, status.code());
            connection.finish(this, Responses.full(status, keepAlive, extraHeaders, body), !keepAlive);
        });
    }

    /**
     * Starts a streamed JSON answer; the head goes out at once. Chunked, or raw and closed at its end for an HTTP/1.0
     * request.
     */
    public HttpStream stream(HttpResponseStatus status) {
        onLoop(() -> {
            if (state != State.WAITING || closed) {
                return;
            }
            state = State.STREAMING;
            connection.counters().request(route, status.code());
            connection.counters().streamOpened();
            connection.write(Responses.streamHead(status, keepAlive && !http10, !http10, Map.of()));
        });
        return new HttpStream(this);
    }

    boolean sendChunk(String text) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> sendChunk(text));
            return !closed;
        }
        if (state != State.STREAMING || closed) {
            return false;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!connection.canQueue(bytes.length)) {
            connection.closeSlowReader();
            return false;
        }
        connection.writeChunk(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)), bytes.length);
        return true;
    }

    void endStream() {
        onLoop(() -> {
            if (state != State.STREAMING || closed) {
                return;
            }
            state = State.DONE;
            connection.counters().streamClosed();
            connection.finish(this, LastHttpContent.EMPTY_LAST_CONTENT, !keepAlive || http10);
        });
    }

    /** Whether an answer was started. */
    boolean answered() {
        return state != State.WAITING;
    }

    /** The connection closed: runs the close listeners once (on the loop). */
    void connectionClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (state == State.STREAMING) {
            connection.counters().streamClosed();
        }
        for (Runnable r : closeListeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("close listener of {} {} failed: {}", method, path, e.toString());
            }
        }
        closeListeners.clear();
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    @Override
    public String toString() {
        return method + " " + path + " from " + remote;
    }
}
