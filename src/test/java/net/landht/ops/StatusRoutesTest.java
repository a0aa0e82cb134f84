package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The status page's routes on a real (peerless) node's ops endpoint: status codes, types, headers, bodies. */
class StatusRoutesTest {
    @AutoClose
    private final OpsTestNode node = OpsTestNode.inTempDir();

    @Test
    void thePageIsHtmlWithTheNodeIdAPolicyAgainstOtherHostsAndNoStore() throws Exception {
        HttpResponse<String> r = node.get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'self';").doesNotContain("unsafe-inline", "unsafe-eval", "http", "*"));
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(r.body()).contains(">" + node.rt.id() + "</code>",
                "data-k=\"addresses.ops\" data-f=\"text\">127.0.0.1:" + node.ops.localAddress().getPort() + "<");
    }

    @Test
    void theDocumentIsTheStatsPlusAddressesKnownNodesAndHistory() throws Exception {
        node.ping();

        HttpResponse<String> r = node.get("/status.json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("content-security-policy")).hasValue(StatusRoutes.CSP);
        JsonNode d = OpsTestNode.JSON.readTree(r.body());
        assertThat(d.path("node_id").asText()).isEqualTo(node.rt.id().toString());
        assertThat(d.path("requests").path("in").asLong()).isEqualTo(1);
        assertThat(d.path("addresses").path("ops").asText())
                .isEqualTo("127.0.0.1:" + node.ops.localAddress().getPort());
        assertThat(d.path("addresses").path("udp").get(0).asText()).isEqualTo("127.0.0.1:" + node.transport.port());
        assertThat(d.path("addresses").path("http").asText()).isEqualTo("[::]:8000");
        assertThat(d.path("known_nodes").path("total").asInt()).as("the pinger").isEqualTo(1);
        JsonNode pinger = d.path("known_nodes").path("rows").get(0);
        assertThat(pinger.path("address").asText()).startsWith("127.0.0.1:");
        assertThat(pinger.path("family").asText()).isEqualTo("ipv4");
        assertThat(pinger.path("state").asText()).as("sent a request, never replied").isEqualTo("dubious");
        assertThat(pinger.path("last_heard_seconds_ago").isNumber()).isTrue();
        assertThat(d.path("history").path("capacity").asInt()).isEqualTo(RateHistory.CAPACITY);
        assertThat(d.path("history").path("interval_seconds").asInt()).isEqualTo(10);
        assertThat(d.path("history").path("samples").isArray()).isTrue();
    }

    @Test
    void scriptAndStyleComeFromTheJarWithTheirTypes() throws Exception {
        HttpResponse<String> js = node.get("/status.js");
        HttpResponse<String> css = node.get("/status.css");

        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("fetch('/status.json'").doesNotContain("innerHTML", "http://", "https://");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).contains(".card").doesNotContain("@import", "url(");
        assertThat(css.headers().firstValue("content-security-policy")).hasValue(StatusRoutes.CSP);
    }

    @Test
    void anOtherMethodIs405WithAllowGetAsOnTheOtherRoutes() throws Exception {
        for (String path : new String[] {"/", "/status.json", "/status.js", "/status.css"}) {
            HttpResponse<String> post = node.send(HttpRequest.newBuilder(node.uri(path))
                    .POST(HttpRequest.BodyPublishers.ofString("x")));
            HttpResponse<String> head = node.send(HttpRequest.newBuilder(node.uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));

            assertThat(post.statusCode()).as("POST " + path).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).hasValue("GET");
            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(405);
        }
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/stats"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(405);
    }

    @Test
    void aPathBesideThePageIs404() throws Exception {
        assertThat(node.get("/status").statusCode()).isEqualTo(404);
        assertThat(node.get("/status.js.map").statusCode()).isEqualTo(404);
    }
}
