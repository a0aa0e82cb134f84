package net.landht.ops;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The status page's HTML, rendered on the server from the {@link StatusJson} document so that it is complete without
 * JavaScript. Every value sits in an element whose {@code data-k} names its path in that document (dots between
 * keys) and whose {@code data-f} names its format, so {@code status.js} can refresh it in place from
 * {@code /status.json}. Every string from the document is HTML-escaped; the page loads nothing but
 * {@code /status.css} and {@code /status.js} from the same endpoint.
 */
final class StatusPage {
    /** Shown for a value the document does not have (a service that is not running). */
    static final String MISSING = "\u2014";

    private final StringBuilder b = new StringBuilder(16 * 1024);
    private final JsonNode doc;
    private final boolean opsLinks;

    private StatusPage(JsonNode doc, boolean opsLinks) {
        this.doc = doc;
        this.opsLinks = opsLinks;
    }

    /**
     * The whole page for {@code doc}, a {@link StatusJson} document.
     *
     * @param opsLinks whether to link {@code /stats} and {@code /metrics} (served on the ops endpoint only)
     */
    static String render(JsonNode doc, boolean opsLinks) {
        return new StatusPage(doc, opsLinks).page();
    }

    private String page() {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>landht ").append(esc(doc.path("node_id").asText())).append("</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<link rel=\"stylesheet\" href=\"/status.css\">\n")
                .append("<script src=\"/status.js\" defer></script>\n</head>\n<body>\n");
        b.append("<header><h1>landht</h1><p class=\"id\"><code ").append(attrs("node_id", "text")).append('>')
                .append(value("node_id", "text")).append("</code></p>")
                .append("<p class=\"live\" id=\"live\">").append("page rendered by the node; live updates need"
                        + " JavaScript</p></header>\n<main>\n");
        card("Node", new String[][] {
            {"Version", "version", "text"}, {"Uptime", "uptime_seconds", "duration"},
            {"Network id", "network_id", "int"}, {"UDP sockets open", "udp_up", "bool"},
            {"Snapshot fresh", "snapshot_fresh", "bool"}});
        card("Addresses", new String[][] {
            {"UDP (DHT)", "addresses.udp", "list"}, {"Ops (this page)", "addresses.ops", "text"},
            {"LAN HTTP", "addresses.http", "text"}});
        routing();
        card("Storage", new String[][] {
            {"Keys", "storage.keys", "int"}, {"Values", "storage.values", "int"},
            {"Bytes", "storage.bytes", "bytes"}, {"Byte cap", "storage.max_bytes", "bytes"},
            {"Sources", "storage.sources", "int"}, {"Listeners", "storage.listeners", "int"}});
        card("Proxy clients", new String[][] {
            {"HTTP connections", "http.connections_open", "int"}, {"Streams open", "http.streams_open", "int"},
            {"Listens open", "proxy.listens_open", "int"}, {"Searches (gets) running", "proxy.gets_open", "int"}});
        push();
        card("Names", new String[][] {
            {"Name server", "names.state", "text"}, {"Registered since start", "names.registered", "int"}});
        traffic();
        knownNodes();
        b.append("</main>\n<footer><p>Started <span ").append(attrs("started_at", "text")).append('>')
                .append(value("started_at", "text")).append("</span>; configuration: <span ")
                .append(attrs("config_source", "text")).append('>').append(value("config_source", "text"))
                .append("</span></p><p>").append(opsLinks ? "<a href=\"/stats\">/stats</a> \u00b7 " : "")
                .append("<a href=\"/status.json\">/status.json</a>")
                .append(opsLinks ? " \u00b7 <a href=\"/metrics\">/metrics</a>" : "")
                .append("</p></footer>\n</body>\n</html>\n");
        return b.toString();
    }

    /** A card of label/value rows; each row is {label, path, format}. */
    private void card(String title, String[][] rows) {
        b.append("<section class=\"card\"><h2>").append(esc(title)).append("</h2><dl>");
        for (String[] r : rows) {
            row(r[0], r[1], r[2]);
        }
        b.append("</dl></section>\n");
    }

    private void row(String label, String path, String format) {
        b.append("<dt>").append(esc(label)).append("</dt><dd ").append(attrs(path, format)).append('>')
                .append(value(path, format)).append("</dd>");
    }

    private void routing() {
        b.append("<section class=\"card\"><h2>Routing table</h2><div class=\"scroll\"><table class=\"counts\">"
                + "<thead><tr><th></th><th>IPv4</th><th>IPv6</th></tr></thead><tbody>");
        for (String row : new String[] {"good", "dubious", "expired", "buckets"}) {
            b.append("<tr><th>").append(row).append("</th>");
            for (String family : new String[] {"ipv4", "ipv6"}) {
                String path = "nodes." + family + "." + row;
                b.append("<td ").append(attrs(path, "int")).append('>').append(value(path, "int")).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private void push() {
        b.append("<section class=\"card\"><h2>Push subscriptions</h2><dl>");
        JsonNode open = doc.path("push").path("subscriptions_open");
        if (!open.isObject() || open.isEmpty()) {
            row("Open", "push.subscriptions_open", "text");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = open.fields(); it.hasNext(); ) {
            String platform = it.next().getKey();
            row(platform, "push.subscriptions_open." + platform, "int");
        }
        b.append("</dl></section>\n");
    }

    private void traffic() {
        b.append("<section class=\"card wide\"><h2>Requests and replies per second, last hour</h2>");
        b.append(StatusChart.svg(doc.path("history")));
        b.append("<p class=\"legend\"><span class=\"key requests\"></span>requests received "
                + "<span class=\"key replies\"></span>replies sent \u00b7 scale 0\u2013<span id=\"chart-max\">")
                .append(esc(fmtNumber(StatusChart.niceMax(doc.path("history").path("samples")))))
                .append("</span>/s \u00b7 one sample every ")
                .append(esc(doc.path("history").path("interval_seconds").asText())).append(" s</p><dl>");
        row("Requests received", "requests.in", "int");
        row("Replies sent", "packets.out.reply", "int");
        row("Requests sent", "requests.out", "int");
        row("Datagrams dropped", "drops.total", "int");
        b.append("</dl></section>\n");
    }

    private void knownNodes() {
        JsonNode known = doc.path("known_nodes");
        b.append("<section class=\"card wide\"><h2>Known nodes</h2><p>Showing <span ")
                .append(attrs("known_nodes.shown", "int")).append('>').append(value("known_nodes.shown", "int"))
                .append("</span> of <span ").append(attrs("known_nodes.total", "int")).append('>')
                .append(value("known_nodes.total", "int")).append("</span>, bucket by bucket.</p>")
                .append("<div class=\"scroll\"><table class=\"nodes\"><thead><tr><th>Node id</th><th>Address</th>"
                        + "<th>State</th><th>Last seen</th></tr></thead><tbody id=\"nodes\">");
        for (JsonNode r : known.path("rows")) {
            String state = r.path("state").asText();
            b.append("<tr><td><code>").append(esc(r.path("id").asText())).append("</code></td><td>")
                    .append(esc(r.path("address").asText())).append("</td><td><span class=\"state ")
                    .append(esc(state)).append("\">").append(esc(state)).append("</span></td><td>")
                    .append(esc(ago(r.path("last_heard_seconds_ago")))).append("</td></tr>");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private String attrs(String path, String format) {
        return "data-k=\"" + esc(path) + "\" data-f=\"" + esc(format) + "\"";
    }

    /** The formatted, escaped value at {@code path}, {@link #MISSING} when absent. */
    private String value(String path, String format) {
        JsonNode n = at(doc, path);
        boolean absent = n.isMissingNode() || n.isNull() || n.isObject() || n.isArray() && !"list".equals(format);
        return esc(absent ? MISSING : format(n, format));
    }

    /** The node at a dotted path; missing when any key is absent. */
    static JsonNode at(JsonNode doc, String path) {
        JsonNode n = doc;
        for (String key : path.split("\\.")) {
            n = n.path(key);
        }
        return n;
    }

    /** Formats as {@code status.js} does: int, bytes, duration, bool, list or text. */
    static String format(JsonNode n, String format) {
        return switch (format) {
            case "int" -> Long.toString(n.asLong());
            case "bytes" -> bytes(n.asLong());
            case "duration" -> duration(n.asLong());
            case "bool" -> n.asBoolean() ? "yes" : "no";
            case "list" -> {
                StringBuilder s = new StringBuilder();
                n.forEach(e -> s.append(s.length() == 0 ? "" : ", ").append(e.asText()));
                yield s.length() == 0 ? "none" : s.toString();
            }
            default -> n.asText();
        };
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}, {@code 1.0 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** {@code 42 s}, {@code 5 min 3 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    static String duration(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (d > 0) {
            return d + " d " + h + " h";
        }
        if (h > 0) {
            return h + " h " + m + " min";
        }
        return m > 0 ? m + " min " + s + " s" : s + " s";
    }

    /** {@code 12 s ago}, {@code 5 min 3 s ago}; {@code never} for a node only heard of. */
    static String ago(JsonNode secondsAgo) {
        return secondsAgo.isNumber() ? duration(secondsAgo.asLong()) + " ago" : "never";
    }

    private static String fmtNumber(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Escapes text for HTML content and double- or single-quoted attributes. */
    static String esc(String s) {
        StringBuilder o = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> o.append("&amp;");
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> o.append(c);
            }
        }
        return o.toString();
    }
}
