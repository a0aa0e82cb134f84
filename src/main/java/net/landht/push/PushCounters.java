package net.landht.push;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Push notification counters, exported by {@code ops.PushSection}. Thread-safe (LongAdders and an atomic gauge).
 */
public final class PushCounters {
    /** What became of one push (after its retries). */
    public enum Outcome {
        /** The gateway answered 2xx. */
        SENT,
        /** Refused with another 4xx, or 5xx / connection errors until the retries ran out. */
        FAILED,
        /** 404/410: the token is gone; its subscriptions were dropped. */
        GONE,
        /** Not sent: the queue was full. */
        QUEUE_FULL,
        /** Not sent: an android/ios/none request and no {@code proxy.push-server}. */
        NO_PUSH_SERVER
    }

    /** Why a SUBSCRIBE was refused. */
    public enum Refusal { TOTAL, PER_SOURCE, BAD_ENDPOINT, DHT }

    /** What became of a {@code POST /node/pingPush}. */
    public enum PingOutcome {
        /** Queued for its gateway; answered 200. */
        QUEUED,
        /** Over the per-source rate; answered 429. */
        RATE_LIMITED,
        /** Bad JSON, no token, or an endpoint that may not be posted to; answered 400. */
        BAD_REQUEST,
        /** No push server for its platform, or the queue was full; answered 503. */
        NOT_SENT
    }

    private final Map<PushMessage.Form, Map<Outcome, LongAdder>> outcomes = new EnumMap<>(PushMessage.Form.class);
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    private final Map<Platform, LongAdder> subscribed = new EnumMap<>(Platform.class);
    private final LongAdder retries = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final Map<Platform, java.util.concurrent.atomic.AtomicInteger> open = new EnumMap<>(Platform.class);
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<Platform, LongAdder> queuedHigh = new EnumMap<>(Platform.class);
    private final Map<Platform, LongAdder> queuedNormal = new EnumMap<>(Platform.class);
    private final Map<PingOutcome, LongAdder> pings = new EnumMap<>(PingOutcome.class);

    public PushCounters() {
        for (PushMessage.Form f : PushMessage.Form.values()) {
            Map<Outcome, LongAdder> m = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                m.put(o, new LongAdder());
            }
            outcomes.put(f, m);
        }
        for (Refusal r : Refusal.values()) {
            refused.put(r, new LongAdder());
        }
        for (Platform p : Platform.values()) {
            subscribed.put(p, new LongAdder());
            open.put(p, new java.util.concurrent.atomic.AtomicInteger());
            queuedHigh.put(p, new LongAdder());
            queuedNormal.put(p, new LongAdder());
        }
        for (PingOutcome o : PingOutcome.values()) {
            pings.put(o, new LongAdder());
        }
    }

    void countQueued(Platform p, boolean highPriority) {
        (highPriority ? queuedHigh : queuedNormal).get(p).increment();
    }

    void ping(PingOutcome o) {
        pings.get(o).increment();
    }

    void outcome(PushMessage.Form form, Outcome o) {
        outcomes.get(form).get(o).increment();
    }

    void refuse(Refusal r) {
        refused.get(r).increment();
    }

    void subscribed(Platform p) {
        subscribed.get(p).increment();
    }

    void retried() {
        retries.increment();
    }

    void droppedSubscription() {
        dropped.increment();
    }

    void timeoutSent() {
        timeouts.increment();
    }

    void expiredSubscription() {
        expired.increment();
    }

    void openChanged(Platform p, int delta) {
        open.get(p).addAndGet(delta);
    }

    void queueChanged(int delta) {
        queued.addAndGet(delta);
    }

    /** Subscriptions open now, by platform. */
    public int open(Platform p) {
        return open.get(p).get();
    }

    /** Pushes queued, in flight or awaiting a retry now. */
    public int queued() {
        return queued.get();
    }

    /** Pushes by form ({@code gorush}, {@code unifiedpush}) and outcome. */
    public long pushes(String form, Outcome o) {
        return outcomes.get(PushMessage.Form.valueOf(form.toUpperCase(java.util.Locale.ROOT))).get(o).sum();
    }

    /** The form names. */
    public static java.util.List<String> forms() {
        return java.util.Arrays.stream(PushMessage.Form.values())
                .map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** SUBSCRIBEs refused, by reason. */
    public long refused(Refusal r) {
        return refused.get(r).sum();
    }

    /** New subscriptions made, by platform. */
    public long subscriptions(Platform p) {
        return subscribed.get(p).sum();
    }

    /** Retries of failed pushes. */
    public long retries() {
        return retries.sum();
    }

    /** Subscriptions dropped because their token was gone or failed too often. */
    public long droppedSubscriptions() {
        return dropped.sum();
    }

    /** Timeout ("resubscribe" / "re-post") pushes queued. */
    public long timeoutPushes() {
        return timeouts.sum();
    }

    /**
     * Pushes handed to the sender (queued; whatever the gateway later answers) for devices of platform {@code p}
     * (the request's {@code platform}), at high or normal priority; pings and timeout pushes included.
     */
    public long queuedFor(Platform p, boolean highPriority) {
        return (highPriority ? queuedHigh : queuedNormal).get(p).sum();
    }

    /** {@code POST /node/pingPush} requests, by outcome. */
    public long pings(PingOutcome o) {
        return pings.get(o).sum();
    }

    /** Subscriptions ended 24 h after their last refresh. */
    public long expiredSubscriptions() {
        return expired.sum();
    }
}
