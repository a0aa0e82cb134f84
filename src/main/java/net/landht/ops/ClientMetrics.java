package net.landht.ops;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import net.landht.dht.ClientCounters;
import net.landht.dht.DhtClient;
import net.landht.dht.NodeClient;

/**
 * The metrics of landht's own DHT client ({@link NodeClient}), read from its thread-safe counters and gauges:
 * <ul>
 * <li>{@code landht_client_operations{kind="search|listen|permanent"}}: gets and puts in flight, listens open,
 *     permanent puts kept
 * <li>{@code landht_client_events_total{event}}, one series per {@link ClientCounters.Event} in lower case
 *     ({@code get}, {@code get_done}, {@code put}, {@code put_local}, {@code put_remote_ack}, {@code reannounce},
 *     {@code listen}, {@code update_in}...)
 * <li>{@code landht_client_refusals_total{limit}}, one series per {@link DhtClient.Limit} in lower case
 * </ul>
 */
final class ClientMetrics implements MeterBinder {
    private final NodeClient client;

    ClientMetrics(NodeClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String ops = "DHT client operations running now (searches: gets and puts in flight)";
        Gauge.builder("landht.client.operations", client, NodeClient::searchesInFlight).strongReference(true)
                .description(ops).tags("kind", "search").register(registry);
        Gauge.builder("landht.client.operations", client, NodeClient::listens).strongReference(true)
                .description(ops).tags("kind", "listen").register(registry);
        Gauge.builder("landht.client.operations", client, NodeClient::permanentPuts).strongReference(true)
                .description(ops).tags("kind", "permanent").register(registry);
        ClientCounters c = client.counters();
        for (ClientCounters.Event e : ClientCounters.Event.values()) {
            FunctionCounter.builder("landht.client.events", c, x -> x.events(e))
                    .description("DHT client events (gets, puts, listens, updates), by event")
                    .tags("event", tag(e)).register(registry);
        }
        for (DhtClient.Limit l : DhtClient.Limit.values()) {
            FunctionCounter.builder("landht.client.refusals", c, x -> x.refusals(l))
                    .description("DHT client operations refused by a bound, by limit").tags("limit", tag(l))
                    .register(registry);
        }
    }

    /** The client part of {@code /stats}: {@code {"searches":N,"listens":N,"permanent_puts":N,...}}. */
    static void stats(ObjectNode o, NodeClient client) {
        o.put("searches", client.searchesInFlight());
        o.put("listens", client.listens());
        o.put("permanent_puts", client.permanentPuts());
        ObjectNode events = o.putObject("events");
        for (ClientCounters.Event e : ClientCounters.Event.values()) {
            long n = client.counters().events(e);
            if (n != 0) {
                events.put(tag(e), n);
            }
        }
        ObjectNode refused = o.putObject("refused");
        for (DhtClient.Limit l : DhtClient.Limit.values()) {
            long n = client.counters().refusals(l);
            if (n != 0) {
                refused.put(tag(l), n);
            }
        }
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
