package net.landht.http;

/**
 * One service behind the LAN HTTP port (the DHT proxy; the name server later), reached by path prefix through
 * {@link HttpRouter}. Called on the connection's event loop, one request of a connection at a time: the next
 * pipelined request is handed over only once this one's answer is complete, so answers keep the request order.
 *
 * <p>The service must answer every exchange exactly once ({@link HttpExchange#respond} or a
 * {@link HttpExchange#stream} that it ends), now or later from any thread. A runtime exception thrown here is
 * caught by the HTTP layer: counted, logged, answered with 500 JSON.
 */
@FunctionalInterface
public interface HttpService {
    void handle(HttpExchange exchange);
}
