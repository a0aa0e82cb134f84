package net.landht.ops;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import net.landht.http.HttpCounters;

/**
 * The LAN HTTP server's counters on the ops endpoint. Metrics: {@code landht_http_requests_total{route,status}}
 * (a series appears with its first request), {@code landht_http_refused_total{reason}} (one per
 * {@link HttpCounters.Refusal}), {@code landht_http_connections_open}, {@code landht_http_streams_open},
 * {@code landht_http_connections_total}, {@code landht_http_idle_closed_total}. {@code /stats}: {@code "http"}.
 */
public final class HttpSection implements OpsSection {
    private final HttpCounters counters;
    private final Set<HttpCounters.Series> bound = ConcurrentHashMap.newKeySet();

    public HttpSection(HttpCounters counters) {
        this.counters = counters;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (HttpCounters.Refusal r : HttpCounters.Refusal.values()) {
            FunctionCounter.builder("landht.http.refused", counters, c -> c.refused(r))
                    .description("Connections or requests refused, or connections closed, by the LAN HTTP server")
                    .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("landht.http.connections.open", counters, HttpCounters::openConnections).strongReference(true)
                .description("Open LAN HTTP connections").register(registry);
        Gauge.builder("landht.http.streams.open", counters, HttpCounters::openStreams).strongReference(true)
                .description("Streamed answers open (proxy gets running, listens)").register(registry);
        FunctionCounter.builder("landht.http.connections", counters, HttpCounters::connectionsAccepted)
                .description("LAN HTTP connections admitted").register(registry);
        FunctionCounter.builder("landht.http.idle.closed", counters, HttpCounters::idleClosed)
                .description("Keep-alive connections closed after staying idle").register(registry);
        refresh(registry);
    }

    @Override
    public void refresh(MeterRegistry registry) {
        for (HttpCounters.Series s : counters.requests().keySet()) {
            if (bound.add(s)) {
                FunctionCounter.builder("landht.http.requests", counters,
                                c -> c.requests().getOrDefault(s, 0L))
                        .description("LAN HTTP requests answered, by route and status")
                        .tags("route", s.route(), "status", Integer.toString(s.status())).register(registry);
            }
        }
    }

    @Override
    public void stats(ObjectNode o) {
        o.put("connections_open", counters.openConnections());
        o.put("connections_total", counters.connectionsAccepted());
        o.put("streams_open", counters.openStreams());
        o.put("idle_closed", counters.idleClosed());
        ObjectNode requests = o.putObject("requests");
        for (Map.Entry<HttpCounters.Series, Long> e : counters.requests().entrySet()) {
            requests.put(e.getKey().route() + " " + e.getKey().status(), e.getValue());
        }
        ObjectNode refused = o.putObject("refused");
        for (HttpCounters.Refusal r : HttpCounters.Refusal.values()) {
            long n = counters.refused(r);
            if (n != 0) {
                refused.put(r.name().toLowerCase(Locale.ROOT), n);
            }
        }
    }
}
