package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.landht.it.support.DhtnodeProcess;
import net.landht.it.support.FreePorts;
import net.landht.it.support.HeadlessChromium;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.UdpProbe;

/**
 * The ops endpoint's status page of a running landht that a real OpenDHT node (Debian's dhtnode) bootstrapped from,
 * read as plain HTML and in Debian's headless chromium: the node id, the dhtnode in the known-node table, the chart
 * gaining samples as the page refreshes itself, no console error (a CSP violation or a failed load would be one), no
 * sideways scrolling on a phone's width; with {@code http.status-page: true}, the same page at {@code /status} on the
 * LAN HTTP port, whose {@code /} stays the proxy's node info. Screenshots: {@code target/status-page.png} and
 * {@code target/status-page-phone.png}.
 */
class StatusPageIT {
    private static final Duration JOIN = Duration.ofSeconds(30);
    /** A sample every 10 s and a reload every 5 s: two samples must show within this. */
    private static final Duration CHART = Duration.ofSeconds(45);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ItFixture it = ItFixture.requiring(() -> {
        Prerequisites.requireDhtnode();
        Prerequisites.requireChromium();
    });

    @Test
    void thePageShowsTheNodeAndTheDhtnodeThatJoinedAndUpdatesItsChartInChromium() throws Exception {
        Path logs = it.logs();
        int opsPort = FreePorts.tcp();
        int httpPort = FreePorts.tcp();
        Path config = Files.writeString(logs.resolve("status-page.yaml"), "http:\n  status-page: true\n");
        LandhtProcess landht = it.add(LandhtProcess.builder(logs).opsPort(opsPort).httpPort(httpPort)
                .args("-c", config.toString()).logLevel("info").start());
        String ops = "http://127.0.0.1:" + opsPort;
        String lan = "http://127.0.0.1:" + httpPort;
        DhtnodeProcess peer = it.add(DhtnodeProcess.start(logs, "dhtnode", FreePorts.udp(), landht.hostPort(), 0,
                false));
        await("landht's table holds the dhtnode").atMost(JOIN).pollInterval(Duration.ofMillis(500))
                .until(() -> knows(get(ops + "/status.json").body(), peer.nodeId()));

        HttpResponse<String> plain = get(ops + "/");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).startsWith("default-src 'self'"));
        assertThat(plain.body()).as("the first render, without JavaScript")
                .contains(">" + landht.nodeId() + "</code>", "<td><code>" + peer.nodeId() + "</code></td>");

        HttpResponse<String> proxyRoot = get(lan + "/");
        assertThat(proxyRoot.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(proxyRoot.body()).path("node_id").asText()).as("the proxy's node info")
                .isEqualTo(landht.nodeId());
        HttpResponse<String> lanPage = get(lan + "/status");
        assertThat(lanPage.statusCode()).isEqualTo(200);
        assertThat(lanPage.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(lanPage.body()).contains(">" + landht.nodeId() + "</code>", "<code>" + peer.nodeId() + "</code>");

        try (HeadlessChromium chromium = new HeadlessChromium(logs, 1280, 1700);
             UdpProbe probe = new UdpProbe("127.0.0.1")) {
            WebDriver page = chromium.driver();
            page.get(ops + "/");
            assertThat(page.findElement(By.cssSelector("code[data-k=node_id]")).getText())
                    .isEqualTo(landht.nodeId());
            await("the script reloaded /status.json").atMost(Duration.ofSeconds(15))
                    .until(() -> updates(page) >= 1);
            assertThat(page.findElement(By.id("nodes")).getText()).contains(peer.nodeId());
            int samples = samples(page);
            String line = requestsLine(page);

            for (int i = 0; i < 20; i++) {
                assertThat(probe.ping(landht.address(), 2000)).as("pong " + i).isTrue();
            }
            await("the chart gained samples").atMost(CHART).pollInterval(Duration.ofSeconds(1))
                    .until(() -> samples(page) >= Math.max(3, samples + 1) && !requestsLine(page).equals(line));
            assertThat(page.findElement(By.id("live")).getText()).startsWith("live");
            chromium.screenshot(target().resolve("status-page.png"));

            page.manage().window().setSize(new Dimension(390, 844));
            page.navigate().refresh();
            await("the script ran after the reload").atMost(Duration.ofSeconds(15)).until(() -> updates(page) >= 1);
            Number overflow = (Number) chromium.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue()).as("sideways scrolling on a phone").isLessThanOrEqualTo(0);
            chromium.screenshot(target().resolve("status-page-phone.png"));

            page.get(lan + "/status");
            await("the script ran on the LAN page").atMost(Duration.ofSeconds(15)).until(() -> updates(page) >= 1);
            assertThat(page.findElement(By.id("nodes")).getText()).contains(peer.nodeId());

            assertThat(chromium.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    private static boolean knows(String statusJson, String nodeId) throws Exception {
        for (JsonNode row : JSON.readTree(statusJson).path("known_nodes").path("rows")) {
            if (row.path("id").asText().equals(nodeId)) {
                return true;
            }
        }
        return false;
    }

    private static int updates(WebDriver page) {
        String n = page.findElement(By.id("live")).getDomAttribute("data-updates");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static int samples(WebDriver page) {
        return Integer.parseInt(page.findElement(By.id("chart")).getDomAttribute("data-samples"));
    }

    private static String requestsLine(WebDriver page) {
        return page.findElement(By.id("chart-requests")).getDomAttribute("points");
    }

    /** The build folder (where failsafe put landht.jar), so the screenshots land beside it. */
    private static Path target() {
        return Path.of(System.getProperty(LandhtProcess.JAR_PROPERTY, "target/landht.jar")).toAbsolutePath()
                .getParent();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
