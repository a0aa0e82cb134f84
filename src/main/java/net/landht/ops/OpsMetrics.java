package net.landht.ops;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import net.landht.NodeRuntime;
import net.landht.dht.DhtCounters;
import net.landht.dht.VerifiedSources;
import net.landht.discovery.DiscoveryCounters;
import net.landht.discovery.PeerDiscovery;
import net.landht.net.RateLimiter;
import net.landht.net.ReceiveGuard;
import net.landht.net.UdpTransport;
import net.landht.persist.StatePersistence;
import net.landht.routing.RoutingCounts;
import net.landht.value.Refusal;
import net.landht.wire.DecodeError;

/**
 * The node's Prometheus metrics, through Micrometer. Counters of the receive path, the UDP sockets, the rate
 * limiters, peer discovery and persistence are read from their owners' thread-safe adders; routing and storage gauges
 * from the latest {@link NodeSnapshot}, which the caller refreshes on the event loop before each scrape. Names as
 * scraped:
 * <ul>
 * <li>{@code landht_packets_total{direction="in|out",type="ping|find|get|listen|put|refresh|update|reply|error|part"}}
 * <li>{@code landht_datagrams_total{direction}}, {@code landht_send_errors_total},
 *     {@code landht_truncated_datagrams_total} (8 KiB or more, dropped at the socket),
 *     {@code landht_udp_handler_errors_total}, {@code landht_handler_failures_total}
 * <li>{@code landht_drops_total{reason}}, one series per {@link DhtCounters.Drop} in lower case ({@code martian},
 *     {@code wrong_network}, {@code rate_limited}...), and {@code landht_decode_errors_total{reason}}, one per
 *     {@link DecodeError} (decode errors are drops too: all drops are the sum of both families)
 * <li>{@code landht_rate_limit_evictions_total{limiter="requests|puts|amplification"}}
 * <li>{@code landht_verified_sources} (addresses that answered our requests, see
 *     {@code limits.verify-sources-before-values}), {@code landht_verified_sources_evictions_total},
 *     {@code landht_verification_pings_total},
 *     {@code landht_unverified_withheld_total{what="value_reply|listen|update|other"}},
 *     {@code landht_unverified_trimmed_replies_total}
 * <li>{@code landht_routing_nodes{family="ipv4|ipv6",state="good|dubious|expired"}},
 *     {@code landht_routing_buckets{family}}
 * <li>{@code landht_storage_keys}, {@code landht_storage_values}, {@code landht_storage_bytes},
 *     {@code landht_storage_sources}, {@code landht_listeners}
 * <li>{@code landht_storage_refusals_total{reason}} (every {@link Refusal}: policy rules and the storage bounds
 *     {@code key_full}, {@code storage_full}, {@code too_large}), {@code landht_listener_refusals_total{reason=
 *     "per_key|per_source"}}, {@code landht_storage_evictions_total{reason="total_bytes|source_bytes"}},
 *     {@code landht_storage_expired_total}, {@code landht_storage_puts_total{outcome="stored|edited|refreshed"}}
 * <li>{@code landht_discovery_up}, {@code landht_discovery_sent_total{kind="query|publish|answer"}},
 *     {@code landht_discovery_send_errors_total}, {@code landht_discovery_datagrams_received_total},
 *     {@code landht_discovery_queries_received_total}, {@code landht_discovery_announcements_received_total},
 *     {@code landht_discovery_other_services_total}, {@code landht_discovery_drops_total{reason}} (one per
 *     {@link DiscoveryCounters.Drop}), {@code landht_discovery_peers_fed_total},
 *     {@code landht_discovery_peers_answered_total}, {@code landht_discovery_interface_changes_total},
 *     {@code landht_discovery_interfaces{family="ipv4|ipv6"}} (interfaces joined now); all zero
 *     while discovery is off
 * <li>{@code landht_persistence_write_errors_total}, {@code landht_persistence_journal_dropped_records_total},
 *     {@code landht_persistence_snapshot_bytes}, {@code landht_persistence_journal_bytes}; all zero while
 *     persistence is off
 * <li>{@code landht_client_operations{kind}}, {@code landht_client_events_total{event}},
 *     {@code landht_client_refusals_total{limit}}: landht's own DHT client (see {@link ClientMetrics})
 * <li>{@code landht_udp_up}, {@code landht_info{version,node_id,network_id}},
 *     {@code landht_ops_snapshot_failures_total}
 * <li>each {@link OpsSection}'s meters: {@link HttpSection} ({@code landht_http_*}), {@link ProxySection}
 *     ({@code landht_proxy_*})
 * <li>JVM and process: {@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*},
 *     {@code system_cpu_*}, {@code process_cpu_usage}, {@code process_uptime_seconds}, {@code process_files_*}
 * </ul>
 */
final class OpsMetrics implements AutoCloseable {
    /** Content type of the Prometheus text format 0.0.4, the default. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** Content type of OpenMetrics text, served when the scraper asks for it. */
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Snapshots snapshots;
    private final List<OpsSection> sections;

    /**
     * @param discovery the node's peer discovery (a stopped one, all zero, when it is off)
     * @param state     the node's persistence (all zero when it is off)
     */
    OpsMetrics(NodeRuntime rt, PeerDiscovery discovery, StatePersistence state, Snapshots snapshots, String version,
               List<OpsSection> sections) {
        this.snapshots = snapshots;
        this.sections = List.copyOf(sections);
        DhtCounters counters = rt.dht().counters();
        UdpTransport transport = rt.transport();
        for (DhtCounters.Kind k : DhtCounters.Kind.values()) {
            counter("landht.packets", "DHT messages by direction and type", counters, c -> c.received(k),
                    "direction", "in", "type", tag(k));
            counter("landht.packets", "DHT messages by direction and type", counters, c -> c.sent(k),
                    "direction", "out", "type", tag(k));
        }
        counter("landht.datagrams", "UDP datagrams", counters, DhtCounters::datagramsIn, "direction", "in");
        counter("landht.datagrams", "UDP datagrams", counters, DhtCounters::datagramsOut, "direction", "out");
        counter("landht.send.errors", "Datagrams that could not be handed to a socket", transport,
                UdpTransport::sendErrors);
        counter("landht.truncated.datagrams", "Received datagrams of 8 KiB or more, dropped at the socket "
                + "(OpenDHT never sends one)", transport, UdpTransport::truncatedDatagrams);
        counter("landht.udp.handler.errors", "Exceptions that reached the UDP socket handler (bugs, logged at ERROR)",
                transport, UdpTransport::handlerErrors);
        counter("landht.handler.failures", "Datagrams dropped because handling them threw (bugs, logged at ERROR)",
                counters, DhtCounters::handlerFailures);
        for (DhtCounters.Drop d : DhtCounters.Drop.values()) {
            counter("landht.drops", "Decoded datagrams dropped before any handler ran, by reason", counters,
                    c -> c.drops(d), "reason", tag(d));
        }
        for (DecodeError e : DecodeError.values()) {
            counter("landht.decode.errors", "Datagrams dropped because they could not be decoded, by reason",
                    counters, c -> c.decodeErrors(e), "reason", tag(e));
        }
        ReceiveGuard guard = rt.dht().node().guard();
        rateLimitEvictions(guard.requests(), "requests");
        rateLimitEvictions(guard.puts(), "puts");
        rateLimitEvictions(rt.dht().replyBudget(), "amplification");
        verification(rt.dht().sources());

        for (String family : new String[] {"ipv4", "ipv6"}) {
            boolean v4 = family.equals("ipv4");
            gauge("landht.routing.nodes", "Routing-table nodes by family and state", s -> counts(s, v4).good(),
                    "family", family, "state", "good");
            gauge("landht.routing.nodes", "Routing-table nodes by family and state", s -> counts(s, v4).dubious(),
                    "family", family, "state", "dubious");
            gauge("landht.routing.nodes", "Routing-table nodes by family and state", s -> counts(s, v4).expired(),
                    "family", family, "state", "expired");
            gauge("landht.routing.buckets", "Routing-table buckets by family", s -> counts(s, v4).buckets(),
                    "family", family);
        }
        gauge("landht.storage.keys", "Keys with values or listeners", NodeSnapshot::keys);
        gauge("landht.storage.values", "Stored values", NodeSnapshot::values);
        Gauge.builder("landht.storage", snapshots, s -> s.latest().bytes()).strongReference(true).baseUnit("bytes")
                .description("Bytes of stored values, as the storage caps count them").register(registry);
        gauge("landht.storage.sources", "Source IPs (IPv6: /64s) holding values", NodeSnapshot::sources);
        gauge("landht.listeners", "Remote listeners", NodeSnapshot::listeners);
        for (Refusal r : Refusal.values()) {
            snapshotCounter("landht.storage.refusals", "Puts refused, by reason", s -> s.refused(r),
                    "reason", tag(r));
        }
        snapshotCounter("landht.listener.refusals", "Listens refused by a listener bound",
                NodeSnapshot::listenersRefusedPerKey, "reason", "per_key");
        snapshotCounter("landht.listener.refusals", "Listens refused by a listener bound",
                NodeSnapshot::listenersRefusedPerSource, "reason", "per_source");
        snapshotCounter("landht.storage.evictions", "Values evicted to keep a byte cap", NodeSnapshot::evictedTotalBytes,
                "reason", "total_bytes");
        snapshotCounter("landht.storage.evictions", "Values evicted to keep a byte cap",
                NodeSnapshot::evictedSourceBytes, "reason", "source_bytes");
        snapshotCounter("landht.storage.expired", "Values removed because they expired", NodeSnapshot::expired);
        snapshotCounter("landht.storage.puts", "Accepted puts by outcome", NodeSnapshot::storedNew,
                "outcome", "stored");
        snapshotCounter("landht.storage.puts", "Accepted puts by outcome", NodeSnapshot::edited, "outcome", "edited");
        snapshotCounter("landht.storage.puts", "Accepted puts by outcome", NodeSnapshot::refreshed,
                "outcome", "refreshed");

        Gauge.builder("landht.udp.up", transport, t -> t.isOpen() ? 1 : 0).strongReference(true)
                .description("1 while every UDP socket of the node is open").register(registry);
        Gauge.builder("landht.info", () -> 1).tags("version", version, "node_id", rt.id().toString(), "network_id",
                Long.toString(rt.config().dht().networkId())).description("Constant 1, labelled with what this node is")
                .register(registry);
        counter("landht.ops.snapshot.failures", "Scrapes that found the DHT event loop busy or stopped",
                snapshots, Snapshots::failures);
        discovery(discovery);
        persistence(state);
        new ClientMetrics(rt.dht().client()).bindTo(registry);

        this.sections.forEach(s -> s.bindTo(registry));

        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private void rateLimitEvictions(RateLimiter limiter, String name) {
        counter("landht.rate.limit.evictions", "Per-source rate-limit buckets forgotten because the limiter's table "
                + "was full (many sources at once), by limiter", limiter, RateLimiter::evictions, "limiter", name);
    }

    private void verification(VerifiedSources v) {
        Gauge.builder("landht.verified.sources", v, VerifiedSources::size).strongReference(true)
                .description("Addresses that answered one of our requests within 30 min (they get full answers)")
                .register(registry);
        counter("landht.verified.sources.evictions", "Verified addresses forgotten because the table was full", v,
                VerifiedSources::evictions);
        counter("landht.verification.pings", "Pings sent to sources that never answered us (or not lately), so "
                + "that their next request gets a full answer", v, VerifiedSources::pingsSent);
        for (VerifiedSources.Withheld w : VerifiedSources.Withheld.values()) {
            counter("landht.unverified.withheld", "Requests from sources that never answered us left unanswered "
                    + "until they do (replies with values, listens), and listener pushes not sent", v,
                    x -> x.withheld(w), "what", tag(w));
        }
        counter("landht.unverified.trimmed.replies", "Replies to sources that never answered us sent with fewer "
                + "nodes, to stay within 5 times the request", v, VerifiedSources::trimmedReplies);
    }

    private void discovery(PeerDiscovery discovery) {
        DiscoveryCounters c = discovery.counters();
        Gauge.builder("landht.discovery.up", discovery, d -> d.isRunning() ? 1 : 0).strongReference(true)
                .description("1 while local peer discovery runs (0 when it is off or could not open a socket)")
                .register(registry);
        String sent = "Discovery packets sent: multicast queries and publishes (one per interface and family), "
                + "unicast answers to queries";
        counter("landht.discovery.sent", sent, c, DiscoveryCounters::queriesSent, "kind", "query");
        counter("landht.discovery.sent", sent, c, DiscoveryCounters::publishesSent, "kind", "publish");
        counter("landht.discovery.sent", sent, c, DiscoveryCounters::answersSent, "kind", "answer");
        counter("landht.discovery.send.errors", "Discovery packets the socket refused or could not take", c,
                DiscoveryCounters::sendErrors);
        counter("landht.discovery.datagrams.received", "Discovery datagrams received, valid or not (our own "
                + "looped-back multicast included)", c, DiscoveryCounters::datagramsReceived);
        counter("landht.discovery.queries.received", "Discovery queries received", c,
                DiscoveryCounters::queriesReceived);
        counter("landht.discovery.announcements.received", "Well-formed DHT announcements received, before the id, "
                + "network and address checks", c, DiscoveryCounters::announcementsReceived);
        counter("landht.discovery.other.services", "Announcements of services landht does not use (Jami's), "
                + "ignored", c, DiscoveryCounters::otherServices);
        for (DiscoveryCounters.Drop d : DiscoveryCounters.Drop.values()) {
            counter("landht.discovery.drops", "Discovery datagrams or announcements not used, by reason", c,
                    x -> x.drops(d), "reason", tag(d));
        }
        counter("landht.discovery.peers.fed", "Announced peers handed to the DHT to be pinged", c,
                DiscoveryCounters::peersFed);
        counter("landht.discovery.peers.answered", "Announced peers that answered the DHT's ping (now in the "
                + "routing table)", c, DiscoveryCounters::peersAnswered);
        counter("landht.discovery.interface.changes", "Times the selected interfaces or their addresses changed "
                + "(each triggers a new announcement)", c, DiscoveryCounters::interfaceChanges);
        for (boolean v6 : new boolean[] {false, true}) {
            Gauge.builder("landht.discovery.interfaces", c, x -> x.interfacesInUse(v6)).strongReference(true)
                    .description("Interfaces the discovery group is joined on now, by family (the default multicast "
                            + "route counts as one); 0 with discovery on means no local peer can find this node")
                    .tag("family", v6 ? "ipv6" : "ipv4").register(registry);
        }
    }

    private void persistence(StatePersistence state) {
        counter("landht.persistence.write.errors", "Failed writes in the state folder (snapshot, journal, fsync)",
                state, StatePersistence::writeErrors);
        counter("landht.persistence.journal.dropped.records", "Journal records dropped (write queue full or no "
                + "usable journal file); the next snapshot covers them", state,
                StatePersistence::journalRecordsDropped);
        Gauge.builder("landht.persistence.snapshot", state, StatePersistence::snapshotBytes).strongReference(true)
                .baseUnit("bytes").description("Size of state.snapshot as last written").register(registry);
        Gauge.builder("landht.persistence.journal", state, StatePersistence::journalBytes).strongReference(true)
                .baseUnit("bytes").description("Size of state.journal as last written").register(registry);
    }

    /**
     * The metrics as text. Call after refreshing the snapshot.
     *
     * @param accept the request's Accept header, or null
     * @return the content type and the body
     */
    Scrape scrape(String accept) {
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        String contentType = openMetrics ? OPENMETRICS_FORMAT : TEXT_FORMAT;
        sections.forEach(s -> s.refresh(registry));
        return new Scrape(contentType, registry.scrape(contentType));
    }

    /** One rendering of the registry. */
    record Scrape(String contentType, String body) {
    }

    /** The source is weakly held by Micrometer: every source here lives as long as the node. */
    private <T> void counter(String name, String help, T source, ToDoubleFunction<T> read, String... tags) {
        FunctionCounter.builder(name, source, read).description(help).tags(tags)
                .register(registry);
    }

    private void snapshotCounter(String name, String help, ToDoubleFunction<NodeSnapshot> read, String... tags) {
        counter(name, help, snapshots, s -> read.applyAsDouble(s.latest()), tags);
    }

    private void gauge(String name, String help, ToDoubleFunction<NodeSnapshot> read, String... tags) {
        Gauge.builder(name, snapshots, s -> read.applyAsDouble(s.latest())).strongReference(true).description(help)
                .tags(tags).register(registry);
    }

    private static RoutingCounts counts(NodeSnapshot s, boolean v4) {
        return v4 ? s.ipv4() : s.ipv6();
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
