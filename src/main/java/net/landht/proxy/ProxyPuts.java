package net.landht.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.dht.DhtClient;
import net.landht.http.HttpExchange;
import net.landht.id.InfoHash;

/**
 * {@code POST /key/{hash}} and {@code POST /{hash}} (fact sheet §6; OpenDHT src/dht_proxy_server.cpp {@code put}):
 * reads the value ({@link ValueJsonReader}), puts it through {@link DhtClient#put}, and answers once the put is done
 * with the value as stored, its id being the one the put used (decimal string), or 502 {@code {"err":"Put failed"}}
 * when no node, landht included, took it. {@code permanent} (present at all) makes a permanent put, kept for
 * {@link #PERMANENT_LIFETIME} after its last POST as OpenDHT does ({@code OP_TIMEOUT}, include/opendht/proxy.h),
 * then cancelled; re-posting it (the client does every 22 h) starts the time again. The expiry entries are as many
 * as the permanent puts {@link DhtClient} accepts, which it bounds.
 */
final class ProxyPuts {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyPuts.class);
    /** OpenDHT: include/opendht/proxy.h, {@code OP_TIMEOUT}. */
    static final Duration PERMANENT_LIFETIME = Duration.ofHours(24);

    private record PutId(InfoHash key, long valueId) {
    }

    private final DhtClient client;
    private final ProxyCounters counters;
    private final ScheduledExecutorService timers;
    private final Duration lifetime;
    private final Map<PutId, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();

    /**
     * @param timers   where permanent puts are cancelled when their time is up
     * @param lifetime how long a permanent put lasts after its last POST ({@link #PERMANENT_LIFETIME})
     */
    ProxyPuts(DhtClient client, ProxyCounters counters, ScheduledExecutorService timers, Duration lifetime) {
        this.client = client;
        this.counters = counters;
        this.timers = timers;
        this.lifetime = lifetime;
    }

    void put(HttpExchange ex, InfoHash key) {
        ValueJsonReader.Put put;
        try {
            put = ValueJsonReader.read(ex.body());
        } catch (ValueJsonReader.Bad bad) {
            counters.put(ProxyCounters.PutOutcome.BAD_REQUEST, false);
            ex.respond(bad.tooLarge ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                    bad.body);
            return;
        }
        CompletableFuture<DhtClient.PutResult> done;
        try {
            done = client.put(key, put.value(), put.permanent(), ex.remoteAddress().getAddress());
        } catch (DhtClient.Refused r) {
            ProxyService.refused(ex, r, counters);
            return;
        }
        done.whenComplete((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof DhtClient.Refused r) {
                    ProxyService.refused(ex, r, counters);
                } else {
                    LOG.warn("proxy put on {} failed: {}", key, cause.toString());
                    counters.put(ProxyCounters.PutOutcome.FAILED, put.permanent());
                    ex.respond(HttpResponseStatus.BAD_GATEWAY, "{\"err\":\"Put failed\"}");
                }
                return;
            }
            if (!result.ok()) {
                counters.put(ProxyCounters.PutOutcome.FAILED, put.permanent());
                ex.respond(HttpResponseStatus.BAD_GATEWAY, "{\"err\":\"Put failed\"}");
                return;
            }
            counters.put(ProxyCounters.PutOutcome.STORED, put.permanent());
            if (put.permanent()) {
                expireLater(new PutId(key, result.valueId()));
            }
            ex.respond(HttpResponseStatus.OK, ValueJson.line(put.value(), result.valueId(), false));
        });
    }

    /** Permanent puts whose cancellation is scheduled. */
    int permanentCount() {
        return expiries.size();
    }

    private void expireLater(PutId id) {
        ScheduledFuture<?> next = timers.schedule(() -> {
            expiries.remove(id);
            client.cancelPut(id.key(), id.valueId());
        }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = expiries.put(id, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Cancels the pending expiries (at shutdown; the permanent puts themselves stop with the DHT client). */
    void close() {
        expiries.values().forEach(f -> f.cancel(false));
        expiries.clear();
    }
}
