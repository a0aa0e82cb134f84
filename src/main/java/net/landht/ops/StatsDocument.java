package net.landht.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.landht.NodeRuntime;
import net.landht.dht.DhtCounters;
import net.landht.net.Addresses;
import net.landht.routing.RoutingCounts;
import net.landht.value.Refusal;
import net.landht.wire.DecodeError;

/**
 * The JSON bodies of {@code /health} and {@code /stats}. Keys are snake_case and stable, so scripts can rely on them;
 * per-reason maps (drops, decode errors, refusals) list only the reasons seen at least once.
 */
final class StatsDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final NodeRuntime rt;
    private final String version;
    private final List<OpsSection> sections;

    StatsDocument(NodeRuntime rt, String version, List<OpsSection> sections) {
        this.rt = rt;
        this.version = version;
        this.sections = List.copyOf(sections);
    }

    /**
     * {@code {"status":"ok","good_nodes":N,"udp":[...]}}; status is {@code down} when a UDP socket is closed and
     * {@code stalled} when the event loop did not answer (then {@code good_nodes} is from the last snapshot).
     */
    ObjectNode health(String status, NodeSnapshot s) {
        ObjectNode o = JSON.objectNode();
        o.put("status", status);
        o.put("good_nodes", s.goodNodes());
        udp(o.putArray("udp"));
        return o;
    }

    /** The whole /stats document. {@code fresh} is false when {@code s} is an older snapshot. */
    ObjectNode stats(NodeSnapshot s, boolean fresh) {
        RuntimeMXBean jvm = ManagementFactory.getRuntimeMXBean();
        ObjectNode o = JSON.objectNode();
        o.put("node_id", rt.id().toString());
        o.put("version", version);
        o.put("network_id", rt.config().dht().networkId());
        o.put("config_source", rt.configSource());
        o.put("started_at", Instant.ofEpochMilli(jvm.getStartTime()).toString());
        o.put("uptime_seconds", jvm.getUptime() / 1000);
        udp(o.putArray("udp"));
        o.put("udp_up", rt.transport().isOpen());
        o.put("transport", rt.transport().isEpoll() ? "epoll" : "nio");
        o.put("snapshot_fresh", fresh);

        ObjectNode nodes = o.putObject("nodes");
        nodes.put("good", s.goodNodes());
        family(nodes.putObject("ipv4"), s.ipv4());
        family(nodes.putObject("ipv6"), s.ipv6());

        ObjectNode storage = o.putObject("storage");
        storage.put("keys", s.keys());
        storage.put("values", s.values());
        storage.put("bytes", s.bytes());
        storage.put("max_bytes", rt.config().storage().maxTotalBytes());
        storage.put("sources", s.sources());
        storage.put("listeners", s.listeners());
        storage.put("stored", s.storedNew());
        storage.put("edited", s.edited());
        storage.put("refreshed", s.refreshed());
        storage.put("expired", s.expired());
        storage.put("evicted", s.evictedTotalBytes() + s.evictedSourceBytes());
        ObjectNode refused = storage.putObject("refused");
        for (Map.Entry<Refusal, Long> e : s.refusals().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            putIfSeen(refused, e.getKey(), e.getValue());
        }
        putIfSeen(refused, "listeners_per_key", s.listenersRefusedPerKey());
        putIfSeen(refused, "listeners_per_source", s.listenersRefusedPerSource());

        DhtCounters c = rt.dht().counters();
        ObjectNode requests = o.putObject("requests");
        requests.put("in", c.requestsIn());
        requests.put("out", c.requestsOut());
        ObjectNode packets = o.putObject("packets");
        ObjectNode in = packets.putObject("in");
        ObjectNode out = packets.putObject("out");
        for (DhtCounters.Kind k : DhtCounters.Kind.values()) {
            in.put(key(k), c.received(k));
            out.put(key(k), c.sent(k));
        }
        ObjectNode datagrams = o.putObject("datagrams");
        datagrams.put("in", c.datagramsIn());
        datagrams.put("out", c.datagramsOut());
        datagrams.put("send_errors", rt.transport().sendErrors());
        datagrams.put("truncated", rt.transport().truncatedDatagrams());
        datagrams.put("udp_handler_errors", rt.transport().handlerErrors());
        datagrams.put("handler_failures", c.handlerFailures());

        ObjectNode drops = o.putObject("drops");
        drops.put("total", c.drops());
        for (DhtCounters.Drop d : DhtCounters.Drop.values()) {
            putIfSeen(drops, d, c.drops(d));
        }
        ObjectNode decode = drops.putObject("decode_errors");
        for (DecodeError e : DecodeError.values()) {
            putIfSeen(decode, e, c.decodeErrors(e));
        }
        ClientMetrics.stats(o.putObject("client"), rt.dht().client());
        for (OpsSection section : sections) {
            section.stats(o.putObject(section.name()));
        }
        return o;
    }

    private void udp(ArrayNode a) {
        List<InetSocketAddress> bound = rt.transport().isOpen() ? rt.transport().localAddresses() : List.of();
        bound.forEach(addr -> a.add(Addresses.hostPort(addr)));
    }

    private static void family(ObjectNode o, RoutingCounts c) {
        o.put("good", c.good());
        o.put("dubious", c.dubious());
        o.put("expired", c.expired());
        o.put("buckets", c.buckets());
    }

    private static void putIfSeen(ObjectNode o, Enum<?> key, long count) {
        putIfSeen(o, key(key), count);
    }

    private static void putIfSeen(ObjectNode o, String key, long count) {
        if (count != 0) {
            o.put(key, count);
        }
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
