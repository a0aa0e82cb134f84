package net.landht.push;

import java.time.InstantSource;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.http.HttpExchange;
import net.landht.http.JsonText;
import net.landht.net.PerMinuteLimiter;

/**
 * {@code POST /node/pingPush} (OpenDHT 2.5.0+, src/dht_proxy_server.cpp {@code pingPush}; fact sheet
 * {@code dht-proxy.md} §8): a client asks for a push to its own device to check that pushes reach it. The body is a
 * push request ({@code {"key","platform","topic","client_id"}}, read as a SUBSCRIBE body); the push is
 * {@code {"pong":true,"to":client_id}} at high priority, through the same forms, allow-list, bounded sender and
 * counters as every other push ({@link PushOutbox}).
 * <pre>
 * queued                                            200 {}\n (OpenDHT 4.3 never answers: a bug not copied)
 * over 6 pings a minute from the source address     429 JSON (every attempt counts, bad ones too)
 * not JSON / no "key" / a field too long            400 OpenDHT's bodies ({@link PushRequest#read})
 * UnifiedPush endpoint not http(s) or not allowed   400 JSON naming the reason
 * android/ios/none without proxy.push-server        503 JSON naming the setting
 * the sender's queue full                           503 JSON
 * </pre>
 * Without the rate bound anyone on the LAN could make landht post to any allowed gateway as fast as it can send.
 * A ping holds no subscription, so a gateway's "token gone" answer to it ends nothing. Thread-safe.
 */
final class PushPings {
    /** Pings per source (IPv4 address, IPv6 /64) a minute, in bursts of as many. A phone pings once at setup. */
    static final int PER_MINUTE = 6;

    private final PushOutbox outbox;
    private final PushCounters counters;
    private final InstantSource clock;
    private final PerMinuteLimiter limiter;

    /** @param clock the time the push carries, and the rate bound's clock */
    PushPings(PushOutbox outbox, PushCounters counters, InstantSource clock) {
        this.outbox = outbox;
        this.counters = counters;
        this.clock = clock;
        this.limiter = new PerMinuteLimiter(PER_MINUTE, () -> clock.millis() * 1_000_000L);
    }

    /** Answers {@code ex} exactly once, as the class comment says. */
    void ping(HttpExchange ex) {
        if (!limiter.tryAcquire(ex.remoteAddress().getAddress())) {
            counters.ping(PushCounters.PingOutcome.RATE_LIMITED);
            ex.respond(HttpResponseStatus.TOO_MANY_REQUESTS, JsonText.error("Too many push pings from this address"
                    + " (at most " + PER_MINUTE + " a minute)"));
            return;
        }
        PushRequest r;
        try {
            r = PushRequest.read(ex.body());
            outbox.check(r);
        } catch (PushRequest.Bad bad) {
            counters.ping(PushCounters.PingOutcome.BAD_REQUEST);
            ex.respond(HttpResponseStatus.BAD_REQUEST, bad.body);
            return;
        } catch (IllegalArgumentException bad) {
            counters.refuse(PushCounters.Refusal.BAD_ENDPOINT);
            counters.ping(PushCounters.PingOutcome.BAD_REQUEST);
            ex.respond(HttpResponseStatus.BAD_REQUEST, JsonText.error(bad.getMessage()));
            return;
        }
        PushOutbox.Result sent = outbox.send(r, PushData.pong(r), clock.millis(), () -> { });
        switch (sent) {
            case QUEUED -> {
                counters.ping(PushCounters.PingOutcome.QUEUED);
                ex.respond(HttpResponseStatus.OK, "{}\n");
            }
            case NO_PUSH_SERVER -> notSent(ex, "No push server for platform '" + r.platform().label() + "': set"
                    + " proxy.push-server (LANDHT_PROXY_PUSH_SERVER) to a gorush server, or use UnifiedPush");
            case QUEUE_FULL -> notSent(ex, "Push queue full; try again later");
            case BAD_ENDPOINT -> {  // checked above; the allow-list does not change while landht runs
                counters.ping(PushCounters.PingOutcome.BAD_REQUEST);
                ex.respond(HttpResponseStatus.BAD_REQUEST, JsonText.error("push endpoint is not allowed"));
            }
        }
    }

    private void notSent(HttpExchange ex, String why) {
        counters.ping(PushCounters.PingOutcome.NOT_SENT);
        ex.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, JsonText.error(why));
    }
}
