package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The status page's server-side render: hostile strings stay text, values and the node table are in the HTML. */
class StatusPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'&";
    /** Every element the page itself writes; anything else came from data. */
    private static final Set<String> TAGS = Set.of("html", "head", "meta", "title", "link", "script", "body",
            "header", "h1", "h2", "p", "code", "main", "section", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
            "th", "td", "span", "div", "svg", "line", "polyline", "footer", "a");

    @Test
    void hostileStringsInEveryTextFieldAreEscapedAndAddNoElement() throws Exception {
        ObjectNode doc = document();
        doc.put("node_id", HOSTILE);
        doc.put("version", HOSTILE);
        doc.put("config_source", HOSTILE);
        doc.withObject("/addresses").put("http", HOSTILE);
        doc.withObject("/addresses").putArray("udp").add(HOSTILE);
        doc.withObject("/names").put("state", HOSTILE);
        doc.withObject("/push").withObject("/subscriptions_open").put(HOSTILE, 3);
        ObjectNode row = doc.withObject("/known_nodes").withArray("/rows").addObject();
        row.put("id", HOSTILE);
        row.put("address", HOSTILE);
        row.put("state", HOSTILE);
        doc.withObject("/history").put("interval_seconds", HOSTILE);

        String html = StatusPage.render(doc, true);

        assertThat(tags(html)).isSubsetOf(TAGS);
        assertThat(html).doesNotContain("<script>alert", "<img", "onerror=alert(2)>")
                .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
                        + "&lt;img src=x onerror=alert(2)&gt;&#39;&amp;");
        assertThat(html.split("<script", -1)).as("only the page's own script tag").hasSize(2);
    }

    @Test
    void theFirstRenderHoldsTheNumbersAndTheNodeTable() throws Exception {
        ObjectNode doc = document();

        String html = StatusPage.render(doc, true);

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<code data-k=\"node_id\" data-f=\"text\">0123456789abcdef0123456789abcdef01234567</code>")
                .contains("data-k=\"storage.bytes\" data-f=\"bytes\">1.5 KiB<")
                .contains("data-k=\"uptime_seconds\" data-f=\"duration\">1 h 2 min<")
                .contains("data-k=\"nodes.ipv4.good\" data-f=\"int\">1<")
                .contains("data-k=\"addresses.udp\" data-f=\"list\">127.0.0.1:4222, [::1]:4222<")
                .contains("<td><code>fedcba9876543210fedcba9876543210fedcba98</code></td><td>127.0.0.1:4223</td>"
                        + "<td><span class=\"state good\">good</span></td><td>12 s ago</td>")
                .contains("data-samples=\"2\"")
                .contains("<link rel=\"stylesheet\" href=\"/status.css\">", "<script src=\"/status.js\" defer>");
        assertThat(html).doesNotContain(" style=", "<style", "onclick", "http://", "https://");
    }

    @Test
    void aMissingSectionShowsADashNotAnError() throws Exception {
        String html = StatusPage.render(document(), true);

        assertThat(html).contains("data-k=\"proxy.listens_open\" data-f=\"int\">\u2014<");
    }

    @Test
    void formatsMatchWhatTheScriptWrites() {
        assertThat(StatusPage.bytes(512)).isEqualTo("512 B");
        assertThat(StatusPage.bytes(3 * 1024 * 1024 + 200 * 1024)).isEqualTo("3.2 MiB");
        assertThat(StatusPage.duration(42)).isEqualTo("42 s");
        assertThat(StatusPage.duration(303)).isEqualTo("5 min 3 s");
        assertThat(StatusPage.duration(3 * 86400 + 4 * 3600 + 5)).isEqualTo("3 d 4 h");
        assertThat(StatusPage.ago(JSON.nullNode())).isEqualTo("never");
    }

    @Test
    void theChartScalesToARoundMaximumWithTheNewestSampleAtTheRightEdge() throws Exception {
        JsonNode samples = JSON.readTree("[{\"requests_per_second\":3,\"replies_per_second\":1},"
                + "{\"requests_per_second\":0,\"replies_per_second\":0}]");

        assertThat(StatusChart.niceMax(samples)).isEqualTo(5.0);
        assertThat(StatusChart.points(samples, "requests_per_second", 3, 5.0)).isEqualTo("300.0,64.0 600.0,160.0");
    }

    private static Set<String> tags(String html) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** A document shaped as {@link StatusJson} writes it, without the service sections. */
    private static ObjectNode document() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"node_id":"0123456789abcdef0123456789abcdef01234567","version":"0.2.0","network_id":0,
                 "config_source":"defaults","started_at":"2026-01-01T00:00:00Z","uptime_seconds":3725,
                 "udp":["127.0.0.1:4222","[::1]:4222"],"udp_up":true,"snapshot_fresh":true,
                 "nodes":{"good":1,"ipv4":{"good":1,"dubious":0,"expired":0,"buckets":1},
                          "ipv6":{"good":0,"dubious":0,"expired":0,"buckets":1}},
                 "storage":{"keys":1,"values":2,"bytes":1536,"max_bytes":67108864,"sources":1,"listeners":0},
                 "requests":{"in":10,"out":4},"packets":{"out":{"reply":9}},"drops":{"total":0},
                 "addresses":{"udp":["127.0.0.1:4222","[::1]:4222"],"ops":"127.0.0.1:8422","http":"[::]:8000"},
                 "known_nodes":{"total":1,"shown":1,"rows":[{"id":"fedcba9876543210fedcba9876543210fedcba98",
                   "address":"127.0.0.1:4223","family":"ipv4","state":"good","last_heard_seconds_ago":12}]},
                 "history":{"interval_seconds":10,"capacity":360,"samples":[
                   {"at":1,"requests_per_second":0.5,"replies_per_second":0.4},
                   {"at":2,"requests_per_second":1.5,"replies_per_second":1.2}]}}
                """);
    }
}
