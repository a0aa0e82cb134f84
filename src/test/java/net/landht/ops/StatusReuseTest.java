package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A page or {@code /status.json} asked for again within {@link StatusRoutes#REUSE_MILLIS} is the answer already made
 * (no new snapshot on the DHT loop: a LAN host polling the page in a loop slowed {@code /health}); after that, a new
 * one. Real node, clock of the snapshots set by the test.
 */
class StatusReuseTest {
    @AutoClose
    private final OpsTestNode node = OpsTestNode.inTempDir();
    private final AtomicLong nowMillis = new AtomicLong(1_700_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(nowMillis.get());

    private StatusRoutes routes(String pagePath) {
        Snapshots snapshots = new Snapshots(node.rt.loop(), node.rt.dht(), clock, OpsServer.SNAPSHOT_TIMEOUT);
        StatusJson json = new StatusJson(new StatsDocument(node.rt, "test", List.of()), node.rt.config().http(),
                new RateHistory(RateHistory.CAPACITY));
        return new StatusRoutes(snapshots, json, pagePath);
    }

    private static long requestsIn(StatusRoutes.Answer a) throws Exception {
        JsonNode d = OpsTestNode.JSON.readTree(new String(a.body(), StandardCharsets.UTF_8));
        return d.path("requests").path("in").asLong();
    }

    @Test
    void theDocumentIsReusedWithinOneSecondAndMadeAgainAfter() throws Exception {
        StatusRoutes routes = routes(StatusRoutes.OPS_PAGE);
        StatusRoutes.Answer first = routes.get("/status.json");
        node.ping();

        StatusRoutes.Answer soon = routes.get("/status.json");
        nowMillis.addAndGet(StatusRoutes.REUSE_MILLIS);
        StatusRoutes.Answer later = routes.get("/status.json");

        assertThat(requestsIn(first)).isZero();
        assertThat(soon).as("999 ms or less later").isSameAs(first);
        assertThat(requestsIn(later)).as("a second later: the ping shows").isEqualTo(1);
    }

    @Test
    void thePageIsReusedWithinOneSecondAndMadeAgainAfter() throws Exception {
        StatusRoutes routes = routes("/status");
        StatusRoutes.Answer first = routes.get("/status");
        nowMillis.addAndGet(StatusRoutes.REUSE_MILLIS - 1);
        StatusRoutes.Answer soon = routes.get("/status");
        nowMillis.addAndGet(1);
        StatusRoutes.Answer later = routes.get("/status");

        assertThat(soon).isSameAs(first);
        assertThat(later).isNotSameAs(first);
        assertThat(new String(later.body(), StandardCharsets.UTF_8)).contains(node.rt.id().toString());
    }

    @Test
    void aClockThatWentBackMakesANewAnswer() throws Exception {
        StatusRoutes routes = routes(StatusRoutes.OPS_PAGE);
        StatusRoutes.Answer first = routes.get("/status.json");
        nowMillis.addAndGet(-5_000);

        assertThat(routes.get("/status.json")).isNotSameAs(first);
    }
}
