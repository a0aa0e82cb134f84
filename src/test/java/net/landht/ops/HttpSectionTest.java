package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.testing.HttpWire;

/** The LAN HTTP server's counters as ops shows them: Prometheus series by route and status, and /stats. */
class HttpSectionTest {
    private final HttpCounters counters = new HttpCounters();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LanHttpServer server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            HttpRouter.builder().route("/a", ex -> {
                ex.route("route_a");
                ex.respond(HttpResponseStatus.OK, "{}\n");
            }).build(), HttpLimits.defaults(), List.of(), counters);

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private void request(String path) {
        try (HttpWire c = HttpWire.connect(server.localAddress())) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
        }
    }

    @Test
    void requestsAppearByRouteAndStatusIncludingSeriesFirstSeenAfterBinding() {
        HttpSection section = new HttpSection(counters);
        request("/a");
        section.bindTo(registry);
        request("/elsewhere");
        section.refresh(registry);
        String text = registry.scrape();
        assertThat(text).contains("landht_http_requests_total{route=\"route_a\",status=\"200\"} 1.0")
                .contains("landht_http_requests_total{route=\"unmatched\",status=\"404\"} 1.0")
                .contains("landht_http_refused_total{reason=\"slow_reader\"} 0.0");
    }

    @Test
    void statsListRequestsAndOnlyTheRefusalsSeen() {
        request("/a");
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        new HttpSection(counters).stats(o);
        assertThat(o.path("requests").path("route_a 200").asLong()).isEqualTo(1);
        assertThat(o.path("refused").isEmpty()).isTrue();
        assertThat(o.has("connections_open")).isTrue();
    }
}
