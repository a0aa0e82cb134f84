package net.landht.push;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.dht.DhtClient;
import net.landht.http.HttpExchange;
import net.landht.http.HttpStream;
import net.landht.http.JsonText;
import net.landht.id.InfoHash;
import net.landht.proxy.OperationRefusals;
import net.landht.proxy.ProxyPush;
import net.landht.proxy.PushStats;
import net.landht.proxy.StateSaver;
import net.landht.value.Query;
import net.landht.value.Value;

/**
 * Push notifications for proxy clients (fact sheet {@code dht-proxy.md} §7–§10; OpenDHT src/dht_proxy_server.cpp
 * {@code subscribe}, {@code unsubscribe}, {@code handlePushListen}, {@code handleNotifyPushListenExpire},
 * {@code handleCancelPushListen}):
 * <pre>
 * SUBSCRIBE   new (token, key, client id)      a DHT listen; 200 {}\n (Content-Length)
 *             existing                         session and time renewed; 200 chunked: the key's current values
 *             existing, "refresh": true        time renewed; 200 chunked {}\n
 *             no "key"                         400 {"err":"No token"}
 *             not JSON                         400 {"err:":"Incorrect JSON"}
 * UNSUBSCRIBE {"key", "client_id"}             that subscription ends; 200, empty body
 * </pre>
 * Each change the listen reports becomes one push ({@link PushData}) sent through the {@link PushOutbox};
 * {@code POST /node/pingPush} sends one too ({@link PushPings}). 22 h after the last SUBSCRIBE (or permanent put POST) the "timeout" push asks the phone to
 * renew; at 24 h the subscription ends. Over {@code max-subscriptions} (total or per source) a SUBSCRIBE gets 429;
 * a listen the DHT client refuses gets the answer of {@link OperationRefusals} (429 over the per-source listens).
 * Listen callbacks, lifetimes and retries run on this service's own thread; gateway requests on the sender's.
 * Subscriptions are saved to {@link PushSettings#stateFile} a second after a change and at close, and restored at
 * start (each with a new DHT listen), so phones keep getting pushes across a restart.
 */
public final class PushService implements ProxyPush, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

    private final PushSettings settings;
    private final DhtClient dht;
    private final PushCounters counters;
    private final InstantSource clock;
    private final ScheduledExecutorService events;
    private final PushOutbox outbox;
    private final PushPings pings;
    private final Subscriptions subscriptions;
    private final PermanentPutPushes puts;
    private final StateSaver saver;

    /**
     * @param events the service's thread: DHT listen callbacks, lifetime sweeps (every
     *               {@link PushSettings#sweepEvery}), retries; owned and shut down by {@link #close()}
     */
    PushService(PushSettings settings, DhtClient dht, PushCounters counters, InstantSource clock,
                ScheduledExecutorService events, java.util.concurrent.ExecutorService senderThreads,
                SecureRandom random) {
        this.settings = settings;
        this.dht = dht;
        this.counters = counters;
        this.clock = clock;
        this.events = events;
        this.outbox = new PushOutbox(new PushForms(settings.pushServer(),
                new PushForms.PushTargets(settings.pushHosts()), new WebPushEncryption(random)),
                new PushSender(settings.sender(), counters, senderThreads, events), counters);
        this.pings = new PushPings(outbox, counters, clock);
        this.subscriptions = new Subscriptions(settings.maxSubscriptions(), settings.maxPerSource(), counters);
        this.puts = new PermanentPutPushes(settings.maxSubscriptions());
        this.saver = new StateSaver(settings.stateFile(), events,
                () -> SavedSubscriptions.write(subscriptions.snapshot()), "push subscriptions");
    }

    /** Starts the service with its own threads ({@code landht-push}, {@code landht-push-send}). */
    public static PushService start(PushSettings settings, DhtClient dht, PushCounters counters, InstantSource clock) {
        ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(named("landht-push"));
        PushService s = new PushService(settings, dht, counters, clock, events,
                Executors.newFixedThreadPool(2, named("landht-push-send")), new SecureRandom());
        long every = settings.sweepEvery().toMillis();
        events.execute(s::restore);
        events.scheduleAtFixedRate(s::sweep, every, every, TimeUnit.MILLISECONDS);
        return s;
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void subscribe(HttpExchange ex, InfoHash key, Consumer<HttpExchange> currentValues) {
        ex.route("proxy_subscribe");
        PushRequest r;
        try {
            r = PushRequest.read(ex.body());
            outbox.check(r);
        } catch (PushRequest.Bad bad) {
            ex.respond(HttpResponseStatus.BAD_REQUEST, bad.body);
            return;
        } catch (IllegalArgumentException bad) {
            counters.refuse(PushCounters.Refusal.BAD_ENDPOINT);
            ex.respond(HttpResponseStatus.BAD_REQUEST, JsonText.error(bad.getMessage()));
            return;
        }
        Subscriptions.Id id = new Subscriptions.Id(r.token(), key, r.clientId());
        long now = clock.millis();
        Subscriptions.Subscription existing = subscriptions.find(id);
        if (existing != null && subscriptions.refresh(existing, r, now)) {
            changed();
            if (r.refresh()) {
                HttpStream s = ex.stream(HttpResponseStatus.OK);
                s.send("{}\n");
                s.end();
            } else {
                currentValues.accept(ex);
            }
            return;
        }
        Subscriptions.Subscription s = new Subscriptions.Subscription(id, ex.remoteAddress().getAddress(), r, now);
        PushCounters.Refusal refusal = subscriptions.add(s);
        if (refusal != null) {
            counters.refuse(refusal);
            ex.respond(HttpResponseStatus.TOO_MANY_REQUESTS, JsonText.error(refusal == PushCounters.Refusal.TOTAL
                    ? "Too many push subscriptions; raise proxy.max-subscriptions (LANDHT_PROXY_MAX_SUBSCRIPTIONS)"
                    : "Too many push subscriptions from this address; raise proxy.max-subscriptions-per-source"
                    + " (LANDHT_PROXY_MAX_SUBSCRIPTIONS_PER_SOURCE) if many phones share it behind a NAT router"));
            return;
        }
        try {
            listen(s);
        } catch (DhtClient.Refused refused) {
            counters.refuse(PushCounters.Refusal.DHT);
            ex.respond(OperationRefusals.status(refused.limit()), OperationRefusals.body(refused));
            return;
        }
        counters.subscribed(r.platform());
        LOG.debug("push subscription {} on {} ({}) from {}", r.clientId(), key, r.platform().label(), s.source);
        ex.respond(HttpResponseStatus.OK, "{}\n");
    }

    @Override
    public void unsubscribe(HttpExchange ex, InfoHash key) {
        ex.route("proxy_unsubscribe");
        PushRequest r;
        try {
            r = PushRequest.read(ex.body());
        } catch (PushRequest.Bad bad) {
            ex.respond(HttpResponseStatus.BAD_REQUEST, bad.body);
            return;
        }
        end(subscriptions.remove(new Subscriptions.Id(r.token(), key, r.clientId())));
        changed();
        ex.respond(HttpResponseStatus.OK, "");
    }

    /** {@code POST /node/pingPush}: see {@link PushPings}. */
    @Override
    public void pingPush(HttpExchange ex) {
        ex.route("proxy_ping_push");
        pings.ping(ex);
    }

    @Override
    public void permanentPut(InfoHash key, long valueId, byte[] body, long postedMillis) {
        PushRequest r = PushRequest.ofPut(body);
        if (r == null) {
            return;
        }
        try {
            outbox.check(r);
        } catch (IllegalArgumentException bad) {
            counters.refuse(PushCounters.Refusal.BAD_ENDPOINT);
            LOG.debug("permanent put {} on {}: push request ignored: {}", valueId, key, bad.getMessage());
            return;
        }
        if (!puts.posted(key, valueId, r, postedMillis)) {
            counters.refuse(PushCounters.Refusal.TOTAL);
        }
    }

    /**
     * Starts the DHT listen of {@code s}, already added; on a refusal {@code s} is removed again.
     *
     * @throws DhtClient.Refused when the DHT client refuses the listen
     */
    private void listen(Subscriptions.Subscription s) {
        DhtClient.Operation listen;
        try {
            listen = dht.listen(s.id.key(), Query.ALL, s.source, events, (values, expired) -> changed(s, values,
                    expired));
        } catch (DhtClient.Refused refused) {
            subscriptions.remove(s.id);
            throw refused;
        }
        if (!subscriptions.attach(s, listen)) {
            listen.cancel();
        }
        changed();
    }

    /** The subscriptions changed: they are saved a second later (once for a burst of changes). */
    private void changed() {
        saver.changed();
    }

    /** Restores the saved subscriptions that have not ended (on {@link #events}, at start). */
    void restore() {
        List<SavedSubscriptions.Saved> saved;
        try {
            byte[] bytes = settings.stateFile().load();
            if (bytes == null) {
                return;
            }
            saved = SavedSubscriptions.read(bytes);
        } catch (IOException e) {
            LOG.warn("saved push subscriptions unreadable, starting without them: {}", e.toString());
            return;
        }
        long now = clock.millis();
        int restored = 0;
        for (SavedSubscriptions.Saved v : saved) {
            if (now - v.refreshedMillis() >= settings.lifetime().toMillis()) {
                continue;
            }
            PushRequest r = v.request();
            Subscriptions.Subscription s = new Subscriptions.Subscription(
                    new Subscriptions.Id(r.token(), v.key(), r.clientId()), v.source(), r, v.refreshedMillis());
            try {
                outbox.check(r);
                if (subscriptions.add(s) == null) {
                    listen(s);
                    restored++;
                }
            } catch (IllegalArgumentException | DhtClient.Refused e) {
                LOG.debug("saved push subscription of {} not restored: {}", r.clientId(), e.toString());
            }
        }
        LOG.info("push subscriptions restored: {} of {} saved", restored, saved.size());
    }

    /** A listen callback (on {@link #events}): one push for the change. */
    private void changed(Subscriptions.Subscription s, List<Value> values, boolean expired) {
        PushRequest r = subscriptions.requestIfCurrent(s);
        if (r != null) {
            long now = clock.millis();
            send(r, PushData.values(s.id.key(), r, values, expired, now), now);
        }
    }

    private void send(PushRequest r, PushData.Notification data, long now) {
        outbox.send(r, data, now, () -> events.execute(() -> gone(r.token())));
    }

    /** The gateway said {@code token} is gone (or it failed too often): its subscriptions end. */
    private void gone(String token) {
        for (Subscriptions.Subscription s : subscriptions.removeToken(token)) {
            counters.droppedSubscription();
            end(s);
            changed();
        }
        puts.removeToken(token);
    }

    /** Sends the due timeout pushes and ends the subscriptions past their lifetime. */
    void sweep() {
        long now = clock.millis();
        long end = settings.lifetime().toMillis();
        long timeout = end - settings.margin().toMillis();
        Subscriptions.Due due = subscriptions.sweep(now, timeout, end);
        for (Subscriptions.Subscription s : due.timeouts()) {
            counters.timeoutSent();
            send(s.request, PushData.timeout(s.id.key(), s.request, null), now);
        }
        for (Subscriptions.Subscription s : due.ended()) {
            counters.expiredSubscription();
            end(s);
            changed();
        }
        for (PermanentPutPushes.Entry e : puts.sweep(now, timeout, end)) {
            counters.timeoutSent();
            send(e.request(), PushData.timeout(e.key(), e.request(), e.valueId()), now);
        }
    }

    private static void end(Subscriptions.Subscription s) {
        if (s != null && s.listen != null) {
            s.listen.cancel();
        }
    }

    /** Subscriptions now. */
    @Override
    public int subscriptionCount() {
        return subscriptions.size();
    }

    /** Subscriptions now, by platform. */
    public Map<Platform, Integer> subscriptionsByPlatform() {
        return subscriptions.byPlatform();
    }

    /** Permanent puts with a push request now. */
    public int permanentPutCount() {
        return puts.size();
    }

    /** Pushes queued, in flight or awaiting a retry. */
    public int queuedPushes() {
        return outbox.queued();
    }

    /**
     * Pushes queued so far by platform and priority ({@link PushOutbox}): a request with no or an unknown platform
     * goes out in the iOS form (gorush platform 1) and is counted as iOS.
     */
    @Override
    public PushStats pushStats() {
        return new PushStats(count(Platform.ANDROID), PushStats.Count.sum(count(Platform.IOS), count(Platform.NONE)),
                count(Platform.UNIFIEDPUSH));
    }

    private PushStats.Count count(Platform p) {
        return new PushStats.Count(counters.queuedFor(p, true), counters.queuedFor(p, false));
    }

    /** Ends every subscription's listen and stops sending. */
    @Override
    public void close() {
        outbox.close();
        events.execute(() -> {
            saver.saveNow();
            subscriptions.clear().forEach(PushService::end);
        });
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
