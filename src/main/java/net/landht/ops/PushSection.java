package net.landht.ops;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import net.landht.push.Platform;
import net.landht.push.PushCounters;

/**
 * The proxy's push notifications on the ops endpoint. Metrics:
 * {@code landht_push_subscriptions_open{platform}}, {@code landht_push_subscriptions_total{platform}} (made),
 * {@code landht_push_pushes_total{form="gorush|unifiedpush",outcome="sent|failed|gone|queue_full|no_push_server"}},
 * {@code landht_push_queued}, {@code landht_push_retries_total}, {@code landht_push_dropped_subscriptions_total}
 * (token gone or failing), {@code landht_push_expired_subscriptions_total} (24 h without a refresh),
 * {@code landht_push_timeout_pushes_total}, {@code landht_push_refused_total{reason}},
 * {@code landht_push_queued_by_platform_total{platform,priority="high|normal"}} (pushes handed to the sender),
 * {@code landht_push_pings_total{outcome="queued|rate_limited|bad_request|not_sent"}} ({@code POST /node/pingPush}).
 * {@code /stats}: {@code "push"}.
 */
public final class PushSection implements OpsSection {
    private final PushCounters counters;

    public PushSection(PushCounters counters) {
        this.counters = counters;
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Platform p : Platform.values()) {
            Gauge.builder("landht.push.subscriptions.open", counters, c -> c.open(p)).strongReference(true)
                    .description("Push subscriptions now, by platform").tag("platform", p.label()).register(registry);
            FunctionCounter.builder("landht.push.subscriptions", counters, c -> c.subscriptions(p))
                    .description("Push subscriptions made, by platform").tag("platform", p.label()).register(registry);
            for (boolean high : new boolean[] {true, false}) {
                FunctionCounter.builder("landht.push.queued.by.platform", counters, c -> c.queuedFor(p, high))
                        .description("Pushes handed to the sender, by platform and priority")
                        .tag("platform", p.label()).tag("priority", high ? "high" : "normal").register(registry);
            }
        }
        for (PushCounters.PingOutcome o : PushCounters.PingOutcome.values()) {
            FunctionCounter.builder("landht.push.pings", counters, c -> c.pings(o))
                    .description("POST /node/pingPush requests, by outcome")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        for (String form : PushCounters.forms()) {
            for (PushCounters.Outcome o : PushCounters.Outcome.values()) {
                FunctionCounter.builder("landht.push.pushes", counters, c -> c.pushes(form, o))
                        .description("Pushes by gateway form and outcome").tag("form", form)
                        .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
        Gauge.builder("landht.push.queued", counters, PushCounters::queued).strongReference(true)
                .description("Pushes queued, in flight or awaiting a retry").register(registry);
        FunctionCounter.builder("landht.push.retries", counters, PushCounters::retries)
                .description("Push retries after 5xx or connection errors").register(registry);
        FunctionCounter.builder("landht.push.dropped.subscriptions", counters, PushCounters::droppedSubscriptions)
                .description("Subscriptions dropped: token gone (404/410) or failing").register(registry);
        FunctionCounter.builder("landht.push.expired.subscriptions", counters, PushCounters::expiredSubscriptions)
                .description("Subscriptions ended 24 h after their last SUBSCRIBE").register(registry);
        FunctionCounter.builder("landht.push.timeout.pushes", counters, PushCounters::timeoutPushes)
                .description("Resubscribe/re-post pushes sent at 22 h").register(registry);
        for (PushCounters.Refusal r : PushCounters.Refusal.values()) {
            FunctionCounter.builder("landht.push.refused", counters, c -> c.refused(r))
                    .description("SUBSCRIBEs and push requests refused, by reason")
                    .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    @Override
    public void stats(ObjectNode o) {
        ObjectNode open = o.putObject("subscriptions_open");
        ObjectNode made = o.putObject("subscriptions");
        ObjectNode byPlatform = o.putObject("queued_by_platform");
        for (Platform p : Platform.values()) {
            open.put(p.label(), counters.open(p));
            made.put(p.label(), counters.subscriptions(p));
            byPlatform.putObject(p.label()).put("high", counters.queuedFor(p, true))
                    .put("normal", counters.queuedFor(p, false));
        }
        ObjectNode pings = o.putObject("pings");
        for (PushCounters.PingOutcome out : PushCounters.PingOutcome.values()) {
            pings.put(out.name().toLowerCase(Locale.ROOT), counters.pings(out));
        }
        ObjectNode pushes = o.putObject("pushes");
        for (String form : PushCounters.forms()) {
            ObjectNode f = pushes.putObject(form);
            for (PushCounters.Outcome out : PushCounters.Outcome.values()) {
                f.put(out.name().toLowerCase(Locale.ROOT), counters.pushes(form, out));
            }
        }
        o.put("queued", counters.queued());
        o.put("retries", counters.retries());
        o.put("dropped_subscriptions", counters.droppedSubscriptions());
        o.put("expired_subscriptions", counters.expiredSubscriptions());
        o.put("timeout_pushes", counters.timeoutPushes());
        ObjectNode refused = o.putObject("refused");
        for (PushCounters.Refusal r : PushCounters.Refusal.values()) {
            refused.put(r.name().toLowerCase(Locale.ROOT), counters.refused(r));
        }
    }
}
