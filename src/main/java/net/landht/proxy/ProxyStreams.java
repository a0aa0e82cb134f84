package net.landht.proxy;

import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.dht.DhtClient;
import net.landht.http.HttpExchange;
import net.landht.http.HttpStream;
import net.landht.id.InfoHash;
import net.landht.value.Query;
import net.landht.value.Value;

/**
 * The two streamed routes (fact sheet §6; OpenDHT src/dht_proxy_server.cpp {@code get}, {@code listen}): a 200
 * chunked answer whose chunks are batches of value lines ({@link ValueJson}). A get ends when the DHT get
 * completes; a listen is never ended by landht (a 2.4 client would not notice and would stop receiving): it lasts
 * until the client closes the connection, which cancels the DHT listen at once. A reader too slow for its stream
 * gets its connection closed by the HTTP layer, which cancels the operation the same way.
 */
final class ProxyStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyStreams.class);

    private final DhtClient client;
    private final ProxyCounters counters;

    ProxyStreams(DhtClient client, ProxyCounters counters) {
        this.client = client;
        this.counters = counters;
    }

    /** {@code GET /key/{hash}} and {@code GET /{hash}}. */
    void get(HttpExchange ex, InfoHash key) {
        open(ex, key, "get", holder -> client.get(key, Query.ALL, ex.remoteAddress().getAddress(), ex.executor(),
                new DhtClient.GetCallback() {
                    @Override
                    public void onValues(List<Value> values) {
                        holder.send(values, false);
                    }

                    @Override
                    public void onDone(boolean ok) {
                        holder.end();
                    }
                }), counters::getStarted, counters::getEnded);
    }

    /** {@code GET /key/{hash}/listen}. */
    void listen(HttpExchange ex, InfoHash key) {
        open(ex, key, "listen", holder -> client.listen(key, Query.ALL, ex.remoteAddress().getAddress(),
                ex.executor(), holder::send), counters::listenStarted, counters::listenEnded);
    }

    /**
     * Starts the DHT operation, then the 200 stream it writes to; a refusal is answered instead. The operation's
     * callbacks come through the connection's event loop, after this returns, so the stream is there for them.
     */
    private void open(HttpExchange ex, InfoHash key, String what,
                      Function<StreamHolder, DhtClient.Operation> operation, Runnable started, Runnable ended) {
        StreamHolder holder = new StreamHolder();
        DhtClient.Operation op;
        try {
            op = operation.apply(holder);
        } catch (DhtClient.Refused r) {
            ProxyService.refused(ex, r, counters);
            return;
        }
        started.run();
        LOG.debug("proxy {} {} from {}", what, key, ex.remoteAddress());
        holder.start(ex.stream(HttpResponseStatus.OK), op, ended);
        ex.onClose(holder::closed);
    }

    /**
     * Joins one DHT operation to one HTTP stream; used on the connection's event loop only (where both the DHT
     * callbacks and the close listener run), so it needs no locking.
     */
    private final class StreamHolder {
        private HttpStream stream;
        private DhtClient.Operation op;
        private Runnable onEnd;
        private boolean finished;

        void start(HttpStream s, DhtClient.Operation o, Runnable end) {
            this.stream = s;
            this.op = o;
            this.onEnd = end;
        }

        void send(List<Value> values, boolean expired) {
            if (finished || stream == null) {
                return;
            }
            StringBuilder b = new StringBuilder();
            for (Value v : values) {
                b.append(ValueJson.line(v, v.id(), expired));
            }
            counters.valuesSent(values.size());
            if (!stream.send(b.toString())) {
                closed();
            }
        }

        void end() {
            if (!finished && stream != null) {
                stream.end();
                finish();
            }
        }

        void closed() {
            if (!finished) {
                if (op != null) {
                    op.cancel();
                }
                finish();
            }
        }

        private void finish() {
            finished = true;
            if (onEnd != null) {
                onEnd.run();
            }
        }
    }
}
