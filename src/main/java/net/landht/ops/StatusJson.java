package net.landht.ops;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.landht.config.NodeConfig;
import net.landht.net.Addresses;

/**
 * The body of {@code GET /status.json}, which the status page renders and its script reloads: the whole
 * {@code /stats} document ({@link StatsDocument}) plus
 * <ul>
 * <li>{@code addresses}: {@code {"udp":["0.0.0.0:4222",...],"ops":"127.0.0.1:8422","http":"[::]:8000"}} —
 *     {@code http} is the configured {@code http.bind:http.port}, or {@code "off"};
 * <li>{@code known_nodes}: {@code {"total":N,"shown":M,"rows":[{"id":hex40,"address":"h:p","family":"ipv4",
 *     "state":"good|dubious|expired","last_heard_seconds_ago":S|null}]}}, at most {@link KnownNodes#MAX_ROWS} rows;
 * <li>{@code history}: {@code {"interval_seconds":10,"capacity":360,"samples":[{"at":epochMillis,
 *     "requests_per_second":r,"replies_per_second":p}]}}, oldest first ({@link RateHistory}).
 * </ul>
 */
final class StatusJson {
    private final StatsDocument stats;
    private final NodeConfig.Http http;
    private final RateHistory history;
    private volatile String opsAddress = "";

    StatusJson(StatsDocument stats, NodeConfig.Http http, RateHistory history) {
        this.stats = stats;
        this.http = http;
        this.history = history;
    }

    /** Where the ops endpoint is bound, once it is. */
    void opsBound(InetSocketAddress at) {
        opsAddress = Addresses.hostPort(at);
    }

    /** The document for snapshot {@code s}; {@code fresh} is false when it is an older one. */
    ObjectNode document(NodeSnapshot s, boolean fresh) {
        ObjectNode o = stats.stats(s, fresh);
        ObjectNode addresses = o.putObject("addresses");
        addresses.set("udp", o.path("udp").deepCopy());
        addresses.put("ops", opsAddress);
        addresses.put("http", http.enabled() ? hostPort(http.bind(), http.port()) : "off");
        knownNodes(o.putObject("known_nodes"), s);
        history(o.putObject("history"));
        return o;
    }

    private static void knownNodes(ObjectNode o, NodeSnapshot s) {
        KnownNodes known = s.known();
        o.put("total", known.total());
        o.put("shown", known.rows().size());
        ArrayNode rows = o.putArray("rows");
        for (KnownNodes.Row r : known.rows()) {
            ObjectNode row = rows.addObject();
            row.put("id", r.id());
            row.put("address", Addresses.hostPort(r.address()));
            row.put("family", r.address().getAddress() instanceof Inet6Address ? "ipv6" : "ipv4");
            row.put("state", r.state().name().toLowerCase(Locale.ROOT));
            if (r.lastHeard() == null) {
                row.putNull("last_heard_seconds_ago");
            } else {
                row.put("last_heard_seconds_ago",
                        Math.max(0, Duration.between(r.lastHeard(), s.takenAt()).toSeconds()));
            }
        }
    }

    private void history(ObjectNode o) {
        o.put("interval_seconds", RateHistory.INTERVAL.toSeconds());
        o.put("capacity", history.capacity());
        ArrayNode samples = o.putArray("samples");
        List<RateHistory.Sample> all = history.samples();
        for (RateHistory.Sample x : all) {
            ObjectNode p = samples.addObject();
            p.put("at", x.atMillis());
            p.put("requests_per_second", round(x.requestsPerSecond()));
            p.put("replies_per_second", round(x.repliesPerSecond()));
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String hostPort(String bind, int port) {
        return (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }
}
