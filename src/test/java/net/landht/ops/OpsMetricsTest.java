package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.landht.config.NodeConfig;
import net.landht.discovery.DiscoveryCounters;
import net.landht.discovery.DiscoveryCountersFixture;
import net.landht.id.InfoHash;
import net.landht.net.RateLimiter;
import net.landht.persist.StatePersistence;
import net.landht.storage.Storage;
import net.landht.storage.StorageEvents;
import net.landht.value.ValuePacker;

/**
 * The counters of the UDP sockets, the DHT's handlers, the rate limiters, peer discovery and persistence on
 * {@code /metrics} (and {@code /stats} where the datagram counters are), each read after it moved, on a real node.
 */
class OpsMetricsTest {
    @TempDir
    Path stateDir;

    private OpsTestNode node;

    @BeforeEach
    void startNode() throws Exception {
        node = new OpsTestNode(stateDir);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Test
    void aDatagramOf8KibOrMoreIsCountedAsTruncatedAndNotHandled() throws Exception {
        assumeThat(node.transport.isEpoll()).as("the 8 KiB receive slot exists with epoll only").isTrue();

        node.sendDatagram(new byte[9000]);

        node.awaitMetric(1, "landht_truncated_datagrams_total");
        PrometheusText m = node.metrics();
        assertThat(m.family("landht_truncated_datagrams_total").getType()).isEqualTo(MetricType.COUNTER);
        assertThat(m.value("landht_datagrams_total", "direction", "in")).isZero();
        assertThat(node.stats().path("datagrams").path("truncated").asLong()).isEqualTo(1);
    }

    @Test
    void anExceptionThatReachesTheUdpHandlerIsCounted() throws Exception {
        node.receiverThrows = true;

        node.sendDatagram(OpsTestNode.pingMessage());

        node.awaitMetric(1, "landht_udp_handler_errors_total");
        assertThat(node.metrics().value("landht_handler_failures_total")).isZero();
        assertThat(node.stats().path("datagrams").path("udp_handler_errors").asLong()).isEqualTo(1);
    }

    @Test
    void aRequestWhoseHandlingThrowsIsCountedAsAHandlerFailure() throws Exception {
        node.sendsThrow = true;

        node.sendDatagram(OpsTestNode.pingMessage());

        node.awaitMetric(1, "landht_handler_failures_total");
        PrometheusText m = node.metrics();
        assertThat(m.value("landht_datagrams_total", "direction", "in")).isEqualTo(1);
        assertThat(m.value("landht_udp_handler_errors_total")).isZero();
        assertThat(node.stats().path("datagrams").path("handler_failures").asLong()).isEqualTo(1);
    }

    @Test
    void aDatagramForAFamilyWithoutSocketIsASendError() throws Exception {
        node.transport.send(new InetSocketAddress("::1", 4222), new byte[] {1});

        assertThat(node.metrics().value("landht_send_errors_total")).isEqualTo(1);
        assertThat(node.stats().path("datagrams").path("send_errors").asLong()).isEqualTo(1);
    }

    @Test
    void sourceVerificationIsExported() throws Exception {
        node.sendDatagram(OpsTestNode.pingMessage()); // a new source: landht pings it to verify it

        node.awaitMetric(1, "landht_verification_pings_total");
        PrometheusText m = node.metrics();
        assertThat(m.family("landht_unverified_withheld_total").getMetrics())
                .hasSize(net.landht.dht.VerifiedSources.Withheld.values().length);
        assertThat(m.value("landht_verified_sources")).as("its socket closed: never answered").isZero();
        assertThat(m.value("landht_unverified_trimmed_replies_total")).isZero();
        assertThat(m.value("landht_verified_sources_evictions_total")).isZero();
    }

    @Test
    void rateLimitBucketsEvictedByAFloodOfSourcesAreCountedPerLimiter() throws Exception {
        RateLimiter requests = node.rt.dht().node().guard().requests();
        RateLimiter puts = node.rt.dht().node().guard().puts();
        RateLimiter amplification = node.rt.dht().replyBudget();
        node.rt.loop().submit(() -> {
            fill(requests, requests.maxSources() + 2);
            fill(puts, puts.maxSources() + 3);
            fill(amplification, amplification.maxSources() + 4);
        }).get(10, TimeUnit.SECONDS);

        PrometheusText m = node.metrics();

        assertThat(m.family("landht_rate_limit_evictions_total").getMetrics()).hasSize(3);
        assertThat(m.value("landht_rate_limit_evictions_total", "limiter", "requests")).isEqualTo(2);
        assertThat(m.value("landht_rate_limit_evictions_total", "limiter", "puts")).isEqualTo(3);
        assertThat(m.value("landht_rate_limit_evictions_total", "limiter", "amplification")).isEqualTo(4);
    }

    /** One unit from each of {@code sources} distinct IPv4 sources (10.0.0.0/8). Event loop only. */
    private static void fill(RateLimiter limiter, int sources) {
        for (int i = 0; i < sources; i++) {
            byte[] a = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            try {
                limiter.acquire(InetAddress.getByAddress(a), 1, 0);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void discoveryCountersAreExportedAndDiscoveryOffReadsAsDown() throws Exception {
        PrometheusText before = node.metrics();
        assertThat(before.value("landht_discovery_up")).isZero();
        assertThat(before.value("landht_discovery_peers_fed_total")).isZero();

        DiscoveryCountersFixture.countEach(node.discovery.counters());
        PrometheusText m = node.metrics();

        assertThat(m.value("landht_discovery_sent_total", "kind", "query"))
                .isEqualTo(DiscoveryCountersFixture.QUERIES_SENT);
        assertThat(m.value("landht_discovery_sent_total", "kind", "publish"))
                .isEqualTo(DiscoveryCountersFixture.PUBLISHES_SENT);
        assertThat(m.value("landht_discovery_sent_total", "kind", "answer"))
                .isEqualTo(DiscoveryCountersFixture.ANSWERS_SENT);
        assertThat(m.value("landht_discovery_send_errors_total")).isEqualTo(DiscoveryCountersFixture.SEND_ERRORS);
        assertThat(m.value("landht_discovery_datagrams_received_total"))
                .isEqualTo(DiscoveryCountersFixture.DATAGRAMS_RECEIVED);
        assertThat(m.value("landht_discovery_queries_received_total"))
                .isEqualTo(DiscoveryCountersFixture.QUERIES_RECEIVED);
        assertThat(m.value("landht_discovery_announcements_received_total"))
                .isEqualTo(DiscoveryCountersFixture.ANNOUNCEMENTS_RECEIVED);
        assertThat(m.value("landht_discovery_other_services_total"))
                .isEqualTo(DiscoveryCountersFixture.OTHER_SERVICES);
        assertThat(m.value("landht_discovery_peers_fed_total")).isEqualTo(DiscoveryCountersFixture.PEERS_FED);
        assertThat(m.value("landht_discovery_peers_answered_total"))
                .isEqualTo(DiscoveryCountersFixture.PEERS_ANSWERED);
        assertThat(m.value("landht_discovery_interface_changes_total"))
                .isEqualTo(DiscoveryCountersFixture.INTERFACE_CHANGES);
        assertThat(m.value("landht_discovery_interfaces", "family", "ipv4"))
                .isEqualTo(DiscoveryCountersFixture.INTERFACES_IPV4);
        assertThat(m.value("landht_discovery_interfaces", "family", "ipv6"))
                .isEqualTo(DiscoveryCountersFixture.INTERFACES_IPV6);
        assertThat(m.family("landht_discovery_drops_total").getMetrics())
                .hasSize(DiscoveryCounters.Drop.values().length);
        for (DiscoveryCounters.Drop d : DiscoveryCounters.Drop.values()) {
            assertThat(m.value("landht_discovery_drops_total", "reason", d.name().toLowerCase(Locale.ROOT)))
                    .as("drops for %s", d).isEqualTo(DiscoveryCountersFixture.drops(d));
        }
    }

    @Test
    void stateFileSizesFollowTheSnapshotAndTheJournal() throws Exception {
        Path snapshot = stateDir.resolve("state.snapshot");
        Path journal = stateDir.resolve("state.journal");
        long emptyJournal = Files.size(journal);
        PrometheusText m = node.metrics();
        assertThat(m.value("landht_persistence_snapshot_bytes")).isEqualTo(Files.size(snapshot)).isPositive();
        assertThat(m.value("landht_persistence_journal_bytes")).isEqualTo(emptyJournal).isPositive();

        putThrough(node.state, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(journal) > emptyJournal);
        node.awaitMetric(Files.size(journal), "landht_persistence_journal_bytes");
        PrometheusText after = node.metrics();
        assertThat(after.value("landht_persistence_write_errors_total")).isZero();
        assertThat(after.value("landht_persistence_journal_dropped_records_total")).isZero();
    }

    @Test
    void stateWriteErrorsAndDroppedJournalRecordsAreCounted() throws Exception {
        Path notAFolder = stateDir.resolve("not-a-folder");
        Files.writeString(notAFolder, "x");
        NodeConfig c = node.rt.config();
        StatePersistence broken = StatePersistence.open(new NodeConfig(c.dht(), c.storage(),
                new NodeConfig.Persistence(notAFolder, true, Duration.ofMinutes(5), Duration.ZERO), c.discovery(),
                c.ops(), c.limits(), c.logging()));
        OpsServer other = OpsServer.open(node.rt, node.discovery, broken);
        try {
            putThrough(broken, 2);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(OpsTestNode.metrics(other).value("landht_persistence_journal_dropped_records_total"))
                            .isEqualTo(2));
            PrometheusText m = OpsTestNode.metrics(other);
            assertThat(m.value("landht_persistence_write_errors_total")).isEqualTo(1);  // the snapshot at open
            assertThat(m.value("landht_persistence_snapshot_bytes")).isZero();
            assertThat(m.value("landht_persistence_journal_bytes")).isZero();
        } finally {
            other.close();
            broken.close();
        }
    }

    /** {@code n} new values in a storage that reports to {@code s}'s journal: {@code n} journal records. */
    private static void putThrough(StatePersistence s, int n) {
        Storage storage = new Storage(NodeConfig.defaults().storage(), Clock.systemUTC(), StorageEvents.NONE,
                s.journal());
        for (int i = 1; i <= n; i++) {
            storage.put(InfoHash.sha1Of("ops-test".getBytes(StandardCharsets.UTF_8)),
                    ValuePacker.plain(i, 0, "v".getBytes(StandardCharsets.UTF_8), null),
                    InetAddress.getLoopbackAddress(), -1);
        }
    }
}
