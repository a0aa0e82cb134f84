package net.landht.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * The request bytes one connection holds of its server's budget ({@link HttpLimits#maxHeldRequestBytes}): a request
 * is charged its line and headers as sent, plus {@link #REQUEST_OVERHEAD_BYTES}, when its head is read, then its body
 * as it comes, and gives them back when its answer is done or the connection closes. Also the bytes of the requests
 * waiting behind the one being answered, bounded by twice {@link HttpLimits#maxBodyBytes}. Used on the connection's
 * event loop only.
 */
final class HeldRequests {
    /**
     * What a request costs in heap beyond its bytes (its exchange, header map and strings), counted with each so that
     * a read full of tiny pipelined requests is bounded too. landht's estimate.
     */
    static final int REQUEST_OVERHEAD_BYTES = 512;

    private final ServerContext server;
    private int reading;
    private int waiting;

    HeldRequests(ServerContext server) {
        this.server = server;
    }

    /**
     * The most requests one connection can have read and not answered before its bound on waiting bytes closes it:
     * the waiting ones, the one being answered and the one being read. Netty's codec is given it as its pipeline
     * depth, so that landht's bound, which is counted, comes first (Netty's closes the connection with an exception).
     */
    static int maxRequestsInFlight(HttpLimits limits) {
        return 2 * limits.maxBodyBytes() / REQUEST_OVERHEAD_BYTES + 3;
    }

    /** Charges the head of a request that starts; false (nothing charged) when the server's budget is spent. */
    boolean holdHead(HttpRequest req) {
        int n = headBytes(req);
        if (!server.hold(n)) {
            return false;
        }
        reading = n;
        return true;
    }

    /** Charges {@code n} bytes of the body being read; false (nothing charged) when the budget is spent. */
    boolean holdBody(int n) {
        if (!server.hold(n)) {
            return false;
        }
        reading += n;
        return true;
    }

    /** The request being read is whole: {@code ex} now holds its bytes, and waits. */
    void requestRead(HttpExchange ex) {
        ex.held = reading;
        reading = 0;
        waiting += ex.held;
    }

    /** Whether the requests waiting hold more than their bound. */
    boolean waitingOverBound() {
        return waiting > 2 * server.limits().maxBodyBytes();
    }

    /** {@code ex} no longer waits: it is being answered. */
    void dispatched(HttpExchange ex) {
        waiting -= ex.held;
    }

    /** Gives back what {@code ex} held (once). */
    void release(HttpExchange ex) {
        server.release(ex.held);
        ex.held = 0;
    }

    /** Gives back what the request being read held (it was refused, or the connection closed). */
    void releaseReading() {
        server.release(reading);
        reading = 0;
    }

    /** The bytes of a request's line and headers, as sent (each header line with its ": " and CRLF), and overhead. */
    private static int headBytes(HttpRequest req) {
        long n = REQUEST_OVERHEAD_BYTES + req.method().name().length() + req.uri().length() + 12L;
        for (var it = req.headers().iteratorCharSequence(); it.hasNext(); ) {
            var h = it.next();
            n += h.getKey().length() + h.getValue().length() + 4L;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }
}
