package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.landht.config.NodeConfig;
import net.landht.dht.DhtClient;
import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.testing.HttpWire;
import net.landht.testing.LoopbackNode;

/**
 * The DHT client's bounds as the proxy's clients meet them, with a real lone node on loopback configured with small
 * {@code proxy.max-*} settings: over a per-source bound a 429, over a total a 503, each with a JSON body that names
 * the bound and the setting that raises it, counted per limit. Clients connect from 127.0.0.1, 127.0.0.2, ... so
 * that they are different sources, as phones with their own addresses are; every phone behind one NAT router is
 * one source.
 */
class ProxyBoundsTest {
    private static final String KEY = "3f29a411e871d0cb57a53942ebf6b6fd5218f1ee";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ProxyCounters counters = new ProxyCounters(0);
    private final List<AutoCloseable> open = new ArrayList<>();
    private LanHttpServer server;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        timers.shutdownNow();
    }

    /** A proxy on a node with the DHT client bounds of {@code bounds}. */
    private LoopbackNode start(NodeConfig.Proxy bounds) {
        LoopbackNode node = LoopbackNode.withProxy(p -> bounds);
        open.add(node);
        ProxyService proxy = new ProxyService(node.client(), counters, ProxyService.NO_PUSH, timers,
                Clock.systemUTC());
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpRouter.builder().route("/", proxy).build(), HttpLimits.defaults(), List.of(), new HttpCounters());
        open.add(server);
        return node;
    }

    /** The default [proxy] section with these bounds. */
    private static NodeConfig.Proxy bounds(int listensPerSource, int listens, int permanentPerSource) {
        return new NodeConfig.Proxy(null, List.of(), 4096, 256, NodeConfig.Proxy.DEFAULT_MAX_SEARCHES,
                NodeConfig.Proxy.DEFAULT_MAX_SEARCHES_PER_SOURCE, listens, listensPerSource,
                NodeConfig.Proxy.DEFAULT_MAX_PERMANENT_PUTS, permanentPerSource);
    }

    /** A connection from 127.0.0.{@code host}, closed after the test. */
    private HttpWire from(int host) throws UnknownHostException {
        HttpWire c = HttpWire.connect(server.localAddress(), InetAddress.getByName("127.0.0." + host));
        open.add(c);
        return c;
    }

    private static String listen() {
        return "GET /key/" + KEY + "/listen HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    private static String post(String json) {
        return "POST /key/" + KEY + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    @Test
    void theListenPastTheConfiguredPerSourceBoundGets429SayingWhichBoundAndHowToRaiseIt() throws Exception {
        LoopbackNode node = start(bounds(3, 100, 256));
        for (int i = 0; i < 3; i++) {
            assertThat(from(1).send(listen()).readHead().status()).isEqualTo(200);
        }
        HttpWire.Response r = from(1).send(listen()).read();

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("limit").asText()).isEqualTo("LISTENS_PER_SOURCE");
        assertThat(body.get("setting").asText()).isEqualTo("proxy.max-listens-per-source");
        assertThat(body.get("err").asText()).contains("127.0.0.1", "(3)", "raise proxy.max-listens-per-source",
                "LANDHT_PROXY_MAX_LISTENS_PER_SOURCE", "NAT router");
        assertThat(counters.refused(DhtClient.Limit.LISTENS_PER_SOURCE)).isEqualTo(1);
        assertThat(from(2).send(listen()).readHead().status()).as("another address").isEqualTo(200);
        assertThat(node.client().listens()).isEqualTo(4);
    }

    @Test
    void aListenFreedByAClosedConnectionMakesRoomForTheNextFromThatSource() throws Exception {
        LoopbackNode node = start(bounds(1, 100, 256));
        HttpWire first = from(1);
        assertThat(first.send(listen()).readHead().status()).isEqualTo(200);
        assertThat(from(1).send(listen()).read().status()).isEqualTo(429);
        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.client().listens() == 0);
        assertThat(from(1).send(listen()).readHead().status()).isEqualTo(200);
    }

    @Test
    void theListenPastTheTotalGets503NamingTheTotalsSetting() throws Exception {
        start(bounds(1, 2, 256));
        assertThat(from(1).send(listen()).readHead().status()).isEqualTo(200);
        assertThat(from(2).send(listen()).readHead().status()).isEqualTo(200);
        HttpWire.Response r = from(3).send(listen()).read();

        assertThat(r.status()).isEqualTo(503);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("limit").asText()).isEqualTo("LISTENS_TOTAL");
        assertThat(body.get("setting").asText()).isEqualTo("proxy.max-listens");
        assertThat(body.get("err").asText()).contains("LANDHT_PROXY_MAX_LISTENS").doesNotContain("NAT");
        assertThat(counters.refused(DhtClient.Limit.LISTENS_TOTAL)).isEqualTo(1);
    }

    @Test
    void thePermanentPutPastThePerSourceBoundGets429AndIsNotStored() throws Exception {
        LoopbackNode node = start(bounds(256, 4096, 1));
        HttpWire c = from(1);
        assertThat(c.send(post("{\"data\":\"aGk=\",\"permanent\":true}")).read().status()).isEqualTo(200);
        HttpWire.Response r = c.send(post("{\"data\":\"aGV5\",\"permanent\":true}")).read();

        assertThat(r.status()).isEqualTo(429);
        assertThat(JSON.readTree(r.body()).get("setting").asText()).isEqualTo("proxy.max-permanent-puts-per-source");
        assertThat(counters.refused(DhtClient.Limit.PERMANENT_PER_SOURCE)).isEqualTo(1);
        assertThat(node.client().permanentPuts()).isEqualTo(1);
        assertThat(c.send("GET /key/" + KEY + " HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                .as("only the first value").doesNotContain("aGV5");
        assertThat(from(2).send(post("{\"data\":\"aGV5\",\"permanent\":true}")).read().status())
                .as("another address").isEqualTo(200);
    }
}
