package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import net.landht.push.PushCounters;

/** Push counters as ops shows them: one Prometheus series per form and outcome, and the /stats section. */
class PushSectionTest {
    @Test
    void everyFormAndOutcomeIsASeriesAndStatsNameThePlatforms() {
        PushSection section = new PushSection(new PushCounters());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        section.bindTo(registry);
        String text = registry.scrape();
        assertThat(text).contains("landht_push_pushes_total{form=\"unifiedpush\",outcome=\"gone\"} 0.0")
                .contains("landht_push_pushes_total{form=\"gorush\",outcome=\"queue_full\"} 0.0")
                .contains("landht_push_subscriptions_open{platform=\"android\"} 0.0")
                .contains("landht_push_queued 0.0")
                .contains("landht_push_queued_by_platform_total{platform=\"ios\",priority=\"normal\"} 0.0")
                .contains("landht_push_pings_total{outcome=\"rate_limited\"} 0.0");
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        section.stats(stats);
        assertThat(stats.get("subscriptions_open").fieldNames()).toIterable()
                .containsExactly("android", "ios", "unifiedpush", "none");
        assertThat(stats.at("/pushes/gorush/sent").asLong()).isZero();
        assertThat(stats.at("/queued_by_platform/unifiedpush/high").isNumber()).isTrue();
        assertThat(stats.get("pings").fieldNames()).toIterable()
                .containsExactly("queued", "rate_limited", "bad_request", "not_sent");
    }
}
