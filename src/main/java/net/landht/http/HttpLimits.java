package net.landht.http;

import java.time.Duration;

import net.landht.config.NodeConfig;

/**
 * The bounds of the LAN HTTP server. Sized for a few hundred phones: jamid opens about four connections per account
 * (three long-lived listens, short ones for gets and puts) and sends requests of a few KiB. OpenDHT's proxy
 * (src/dht_proxy_server.cpp, {@code addServerSettings}) has no read limit, no body limit and pipelines 16 requests.
 *
 * @param maxRequestLineBytes     longest request line (method, target, version); longer: 414
 * @param maxHeaderBytes          largest header block; larger: 431
 * @param maxBodyBytes            largest request body; larger: 413 before the body is read (a value travels in UDP,
 *                                which cannot carry more than 64 KiB; base64 adds a third)
 * @param requestReadTimeout      a request must arrive whole within this time from its first byte (slowloris)
 * @param idleTimeout             a connection with nothing to answer and nothing arriving is closed after this
 * @param writeTimeout            a connection whose reader does not read for this long is closed
 * @param maxConnections          open connections in total; more are closed at once
 * @param maxConnectionsPerSource open connections per source IP (IPv6: /64) [http.max-connections-per-source]
 * @param maxPipelined            requests read ahead of the one being answered; then reading pauses until half of
 *                                them are answered (a connection paused without an answer completing for the read
 *                                time is closed); their bytes are bounded by twice {@code maxBodyBytes}, over it the
 *                                connection is closed
 * @param maxQueuedBytes          bytes written to a connection and not yet taken by the socket; more: the
 *                                connection is closed (a stream whose reader stopped reading)
 * @param maxQueuedBytesTotal     the same over all connections: once over it, a connection that still has bytes
 *                                waiting is closed rather than given more (one that has none may write one chunk),
 *                                so a thousand readers that stopped reading cost this much heap, not a thousand
 *                                times {@code maxQueuedBytes}
 * @param maxHeldRequestBytes     request bytes (request line, headers, body) held on all connections together: of
 *                                requests being read, waiting behind another, or being answered (a listen stream
 *                                holds its request while it lasts); a request that would pass it gets 503 and its
 *                                connection is closed, so the heap does not depend on how many connections a LAN
 *                                host opens (issue 11: without it, 320 connections from five addresses, each a listen
 *                                followed by 31 requests of 15 KiB headers, filled a 128 MiB heap in 0.1 s)
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxBodyBytes, Duration requestReadTimeout,
                         Duration idleTimeout, Duration writeTimeout, int maxConnections, int maxConnectionsPerSource,
                         int maxPipelined, int maxQueuedBytes, long maxQueuedBytesTotal,
                         long maxHeldRequestBytes) {

    /** The production limits with {@code http}'s bound on connections per source. */
    public static HttpLimits of(NodeConfig.Http http) {
        return defaults().withConnections(NodeConfig.Http.MAX_CONNECTIONS, http.maxConnectionsPerSource());
    }

    /** The production limits, with the default bound on connections per source. */
    public static HttpLimits defaults() {
        return new HttpLimits(4096, 16 * 1024, 96 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), NodeConfig.Http.MAX_CONNECTIONS, 256, 32, 256 * 1024, 32L * 1024 * 1024,
                16L * 1024 * 1024);
    }

    /** These limits with other time limits (tests use short ones). */
    public HttpLimits withTimeouts(Duration read, Duration idle, Duration write) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, read, idle, write, maxConnections,
                maxConnectionsPerSource, maxPipelined, maxQueuedBytes, maxQueuedBytesTotal, maxHeldRequestBytes);
    }

    /** These limits with other connection bounds. */
    public HttpLimits withConnections(int total, int perSource) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, requestReadTimeout, idleTimeout,
                writeTimeout, total, perSource, maxPipelined, maxQueuedBytes, maxQueuedBytesTotal, maxHeldRequestBytes);
    }

    /** These limits with other bounds on bytes waiting to be written (per connection, in all). */
    public HttpLimits withQueues(int perConnection, long total) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, requestReadTimeout, idleTimeout,
                writeTimeout, maxConnections, maxConnectionsPerSource, maxPipelined, perConnection, total,
                maxHeldRequestBytes);
    }

    /** These limits with another bound on request bytes held on all connections. */
    public HttpLimits withHeldRequestBytes(long total) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, requestReadTimeout, idleTimeout,
                writeTimeout, maxConnections, maxConnectionsPerSource, maxPipelined, maxQueuedBytes,
                maxQueuedBytesTotal, total);
    }
}
