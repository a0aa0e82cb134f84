package net.landht.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
 * when no node, landht included, took it. {@code permanent} (present at all) makes a permanent put, which
 * {@link PermanentPutExpiry} ends a day after its last POST.
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
                PermanentPutExpiry.Kept kept = expiry.posted(key, result.valueId(), ex.body(),
                        ex.remoteAddress().getAddress());
                push.permanentPut(key, result.valueId(), ex.body(), kept.postedMillis());
            }
            ex.respond(HttpResponseStatus.OK, ValueJson.line(put.value(), result.valueId(), false));
        });
    }
}
