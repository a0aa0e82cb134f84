package net.landht.http;

/**
 * A chunked answer in progress ({@code Transfer-Encoding: chunked}): the head is already sent, each
 * {@link #send} is one chunk, {@link #end} sends the last one. To an HTTP/1.0 request (no chunked coding) the
 * answer goes out unframed with {@code Connection: close}, and {@link #end} closes the connection. Methods may be called from any thread; they run on
 * the connection's event loop in call order. OpenDHT's streams: src/dht_proxy_server.cpp {@code get}, {@code listen}.
 */
public final class HttpStream {
    private final HttpExchange exchange;

    HttpStream(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /**
     * Sends {@code text} (UTF-8) as one chunk. When the reader lets too many bytes wait
     * ({@link HttpLimits#maxQueuedBytes}) the connection is closed instead (its close listeners run).
     *
     * @return false when the connection is closed or being closed; the caller should stop
     */
    public boolean send(String text) {
        return exchange.sendChunk(text);
    }

    /** Ends the answer with the last chunk; the connection then serves its next request. Idempotent. */
    public void end() {
        exchange.endStream();
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return exchange.isOpen();
    }
}
