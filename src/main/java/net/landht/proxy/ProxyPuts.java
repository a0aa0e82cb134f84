package net.landht.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.dht.DhtClient;
import net.landht.http.HttpExchange;
import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * {@code POST /key/{hash}} and {@code POST /{hash}} (fact sheet §6; OpenDHT src/dht_proxy_server.cpp {@code put}):
 * reads the value ({@link ValueJsonReader}), puts it through {@link DhtClient#put}, and answers once the put is done
 * with the value as stored, its id being the one the put used (decimal string). When no node holds the value:
 * the 4xx of {@link PutRefusals} when landht's own store refused the value (OpenDHT answers 502 whatever the cause),
 * else 502 {@code {"err":"Put failed"}}. {@code permanent} (present at all) makes a permanent put, which
 * {@link PermanentPutExpiry} ends a day after its last POST; a permanent put with id 0 whose push token, client id
 * and content match one already kept under the hash only extends that one and answers its value at once, as
 * OpenDHT does (without it every re-POST of a phone would eat one more of the per-source permanent puts).
 */
final class ProxyPuts {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyPuts.class);

    private final DhtClient client;
    private final ProxyCounters counters;
    private final PermanentPutExpiry expiry;
    private final ProxyPush push;

    ProxyPuts(DhtClient client, ProxyCounters counters, PermanentPutExpiry expiry, ProxyPush push) {
        this.client = client;
        this.counters = counters;
        this.expiry = expiry;
        this.push = push;
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
        PermanentPutExpiry.Posted posted = new PermanentPutExpiry.Posted(put.value(), put.pushToken(),
                put.clientId());
        if (put.permanent() && put.value().id() == Value.INVALID_ID) {
            PermanentPutExpiry.Kept existing = expiry.extendSame(key, posted, ex.body());
            if (existing != null) {
                stored(ex, key, put, existing.valueId(), existing.postedMillis());
                return;
            }
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
                if (result.refusal() != null) {
                    LOG.debug("proxy put on {} refused: {}", key, result.refusal());
                    counters.put(ProxyCounters.PutOutcome.REFUSED, put.permanent());
                    ex.respond(PutRefusals.status(result.refusal()), PutRefusals.body(result.refusal()));
                } else {
                    counters.put(ProxyCounters.PutOutcome.FAILED, put.permanent());
                    ex.respond(HttpResponseStatus.BAD_GATEWAY, "{\"err\":\"Put failed\"}");
                }
                return;
            }
            long postedMillis = put.permanent() ? expiry.posted(key, result.valueId(), posted, ex.body(),
                    ex.remoteAddress().getAddress()).postedMillis() : 0;
            stored(ex, key, put, result.valueId(), postedMillis);
        });
    }

    /** Answers a put stored (or a permanent put extended, last posted {@code postedMillis}) under {@code valueId}. */
    private void stored(HttpExchange ex, InfoHash key, ValueJsonReader.Put put, long valueId, long postedMillis) {
        counters.put(ProxyCounters.PutOutcome.STORED, put.permanent());
        if (put.permanent()) {
            push.permanentPut(key, valueId, ex.body(), postedMillis);
        }
        ex.respond(HttpResponseStatus.OK, ValueJson.line(put.value(), valueId, false));
    }
}
