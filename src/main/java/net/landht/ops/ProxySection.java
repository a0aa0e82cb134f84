package net.landht.ops;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import net.landht.dht.DhtClient;
import net.landht.proxy.ProxyCounters;

/**
 * The DHT proxy's counters on the ops endpoint. Metrics: {@code landht_proxy_gets_total},
 * {@code landht_proxy_listens_total}, {@code landht_proxy_listens_open}, {@code landht_proxy_gets_open},
 * {@code landht_proxy_puts_total{outcome="stored|failed|bad_request|refused"}},
 * {@code landht_proxy_permanent_puts_total},
 * {@code landht_proxy_permanent_restored_total}, {@code landht_proxy_permanent_skipped_total},
 * {@code landht_proxy_values_sent_total}, {@code landht_proxy_refused_total{limit}} (one per
 * {@link DhtClient.Limit}). {@code /stats}: {@code "proxy"}.
 */
public final class ProxySection implements OpsSection {
    private final ProxyCounters counters;

    public ProxySection(ProxyCounters counters) {
        this.counters = counters;
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("landht.proxy.gets", counters, ProxyCounters::gets)
                .description("Proxy gets started").register(registry);
        FunctionCounter.builder("landht.proxy.listens", counters, ProxyCounters::listens)
                .description("Proxy listens started").register(registry);
        Gauge.builder("landht.proxy.listens.open", counters, ProxyCounters::openListens).strongReference(true)
                .description("Proxy listen streams open").register(registry);
        Gauge.builder("landht.proxy.gets.open", counters, ProxyCounters::openGets).strongReference(true)
                .description("Proxy gets running").register(registry);
        for (ProxyCounters.PutOutcome o : ProxyCounters.PutOutcome.values()) {
            FunctionCounter.builder("landht.proxy.puts", counters, c -> c.puts(o))
                    .description("Proxy puts by outcome").tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        FunctionCounter.builder("landht.proxy.permanent.puts", counters, ProxyCounters::permanentPuts)
                .description("Permanent puts stored through the proxy").register(registry);
        FunctionCounter.builder("landht.proxy.permanent.restored", counters, ProxyCounters::permanentPutsRestored)
                .description("Saved permanent puts put again at start").register(registry);
        FunctionCounter.builder("landht.proxy.permanent.skipped", counters, ProxyCounters::permanentPutsSkipped)
                .description("Saved permanent puts not restored: past their lifetime, damaged or refused")
                .register(registry);
        FunctionCounter.builder("landht.proxy.values.sent", counters, ProxyCounters::valuesSent)
                .description("Values written to proxy get and listen streams").register(registry);
        for (DhtClient.Limit l : DhtClient.Limit.values()) {
            FunctionCounter.builder("landht.proxy.refused", counters, c -> c.refused(l))
                    .description("Proxy operations the DHT client refused, by bound")
                    .tag("limit", l.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    @Override
    public void stats(ObjectNode o) {
        o.put("gets", counters.gets());
        o.put("gets_open", counters.openGets());
        o.put("listens", counters.listens());
        o.put("listens_open", counters.openListens());
        ObjectNode puts = o.putObject("puts");
        for (ProxyCounters.PutOutcome p : ProxyCounters.PutOutcome.values()) {
            puts.put(p.name().toLowerCase(Locale.ROOT), counters.puts(p));
        }
        o.put("permanent_puts", counters.permanentPuts());
        o.put("permanent_puts_restored", counters.permanentPutsRestored());
        o.put("permanent_puts_skipped", counters.permanentPutsSkipped());
        o.put("values_sent", counters.valuesSent());
        ObjectNode refused = o.putObject("refused");
        for (DhtClient.Limit l : DhtClient.Limit.values()) {
            long n = counters.refused(l);
            if (n != 0) {
                refused.put(l.name().toLowerCase(Locale.ROOT), n);
            }
        }
    }
}
