package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;

/**
 * The status page on a real LAN HTTP server ({@code /status}), made by a real ops endpoint: the page, its files, no
 * cross-origin reading, JSON errors like the rest of the LAN port, 503 before the ops endpoint serves it.
 */
class LanStatusPageTest {
    @AutoClose
    private final OpsTestNode node = OpsTestNode.inTempDir();
    private final LanStatusPage page = new LanStatusPage();
    @AutoClose
    private final LanHttpServer lan = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            HttpRouter.builder().route(LanStatusPage.PATH, page).build(), HttpLimits.defaults(), List.of(),
            new HttpCounters());
    private OpsServer ops;

    @AfterEach
    void stopOps() {
        if (ops != null) {
            ops.close();
        }
    }

    private void startOps() {
        ops = OpsServer.open(node.rt, node.discovery, node.state, List.of(), page);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return node.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lan.localAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void thePageIsAtStatusWithTheNodeIdItsPolicyAndNoCrossOriginHeader() throws Exception {
        startOps();

        HttpResponse<String> r = send("GET", "/status");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(StatusRoutes.HTML);
        assertThat(r.headers().firstValue("content-security-policy")).hasValue(StatusRoutes.CSP);
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(r.body()).contains(">" + node.rt.id() + "</code>", "href=\"/status.json\"")
                .doesNotContain("href=\"/stats\"", "href=\"/metrics\"");
    }

    @Test
    void itsDataScriptAndStyleAreServedBesideIt() throws Exception {
        startOps();

        assertThat(send("GET", "/status.json").body()).contains("\"node_id\":\"" + node.rt.id() + "\"");
        assertThat(send("GET", "/status.js").headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(send("GET", "/status.css").headers().firstValue("content-type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void anOtherPathUnderTheRouteIs404AndAnOtherMethod405AsJson() throws Exception {
        startOps();

        HttpResponse<String> missing = send("GET", "/status/x");
        HttpResponse<String> post = send("POST", "/status");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"err\":\"not found: the status page is /status\"}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        assertThat(post.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void beforeTheOpsEndpointServesItThePageIs503() throws Exception {
        HttpResponse<String> r = send("GET", "/status");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"err\":\"the status page is not ready\"}");
    }
}
