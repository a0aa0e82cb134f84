package net.landht.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The responses of the LAN HTTP port, with the headers OpenDHT's proxy sends, in its order
 * ({@code Connection}, {@code Content-Length}, {@code Server}, {@code Content-Type: application/json},
 * {@code Access-Control-Allow-Origin: *}; src/dht_proxy_server.cpp {@code initHttpResponse}, captures
 * {@code proxy-vectors/curl/01-get-root.txt}). {@code Server} says {@code landht}, without a version; Jami does not
 * read it. Every answer is JSON, errors included ({@code {"err":"..."}}), but for a service that sets its own
 * {@code Content-Type} in the extra headers (the status page); an extra header with an empty value removes that
 * header.
 */
final class Responses {
    /** Our {@code Server} header. */
    static final String SERVER = "landht";
    /** Header names written with RESTinio's capitals (names are case-insensitive; this keeps the bytes alike). */
    private static final String CONNECTION = "Connection";
    private static final String CONTENT_LENGTH = "Content-Length";
    private static final String TRANSFER_ENCODING = "Transfer-Encoding";

    private Responses() {
    }

    /** A whole JSON answer with {@code Content-Length}. */
    static FullHttpResponse full(HttpResponseStatus status, boolean keepAlive, Map<String, String> extra,
                                 String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = res.headers();
        connection(h, keepAlive);
        h.setInt(CONTENT_LENGTH, bytes.length);
        common(h, extra);
        return res;
    }

    /**
     * The head of a JSON stream; its parts follow. {@code chunked}: {@code Transfer-Encoding: chunked}, the parts
     * become chunks and the last one ends the answer; else (an HTTP/1.0 client) no length at all, the parts go out
     * as they are and closing the connection ends the answer ({@code keepAlive} must then be false).
     */
    static HttpResponse streamHead(HttpResponseStatus status, boolean keepAlive, boolean chunked,
                                   Map<String, String> extra) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders h = res.headers();
        connection(h, keepAlive);
        common(h, extra);
        if (chunked) {
            h.set(TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return res;
    }

    /** An error answer of the HTTP layer, after which the connection is closed. */
    static FullHttpResponse errorAndClose(HttpResponseStatus status, String message) {
        return full(status, false, Map.of(), JsonText.error(message));
    }

    private static void connection(HttpHeaders h, boolean keepAlive) {
        h.set(CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    private static void common(HttpHeaders h, Map<String, String> extra) {
        h.set("Server", SERVER);
        h.set("Content-Type", HttpHeaderValues.APPLICATION_JSON);
        h.set("Access-Control-Allow-Origin", "*");
        extra.forEach((name, value) -> {
            if (value.isEmpty()) {
                h.remove(name);
            } else {
                h.set(name, value);
            }
        });
    }
}
