package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.landht.config.NodeConfig;
import net.landht.names.ForwardCounters;
import net.landht.names.NameService;
import net.landht.names.NameStore;
import net.landht.names.NamesAdmin;
import net.landht.names.NamesCounters;
import net.landht.names.TestAccount;

/**
 * The status page brings a browser to the ops endpoint (README: open it through an SSH tunnel), and a browser sends
 * any page's "simple" cross-site POST (no preflight) to it: the admin commands, which change the name registry,
 * must not be taken from a web page. The real name store and admin routes behind a real ops endpoint on loopback.
 */
class OpsAdminFromBrowserTest {
    @TempDir
    Path dir;

    private final ExecutorService adminWorker = Executors.newSingleThreadExecutor();
    private OpsTestNode node;
    private NameStore store;
    private OpsServer ops;

    @BeforeEach
    void start() throws Exception {
        node = new OpsTestNode(dir.resolve("state"));
        store = NameStore.open(dir.resolve("names.db"));
        NameService names = new NameService(store, new NodeConfig.Names(true, null, List.of(), 0, null),
                Clock.systemUTC(), System::nanoTime);
        TestAccount alice = TestAccount.create();
        assertThat(names.register("alice", alice.body("alice"), InetAddress.getLoopbackAddress()).status())
                .isEqualTo(200);
        NamesAdminRoutes routes = new NamesAdminRoutes(new NamesAdmin(store, Set.of(), Clock.systemUTC()),
                adminWorker, null);
        ops = OpsServer.open(node.rt, node.discovery, node.state, List.of(new NamesSection(NamesSection.State.SERVING,
                new NamesCounters(), () -> 0, routes, new ForwardCounters())), null);
    }

    @AfterEach
    void stop() throws Exception {
        ops.close();
        adminWorker.shutdownNow();
        store.close();
        node.close();
    }

    private HttpResponse<String> removeAlice(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(OpsTestNode.uri(ops, "/names/alice/remove"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return node.send(b);
    }

    @Test
    void aCrossSitePostFromABrowserIsRefusedAndTheNameStays() throws Exception {
        HttpResponse<String> r = removeAlice("Origin", "http://attacker.example", "Content-Type", "text/plain",
                "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(node.send(HttpRequest.newBuilder(OpsTestNode.uri(ops, "/names/alice")).GET()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRequestWithFetchMetadataButNoOriginIsABrowserToo() throws Exception {
        // a DNS-rebound page asks its own origin: a same-origin GET carries no Origin, but Sec-Fetch-Site
        HttpResponse<String> r = node.send(HttpRequest.newBuilder(OpsTestNode.uri(ops, "/names")).GET()
                .header("Sec-Fetch-Site", "same-origin"));

        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void theLandhtNamesCommandsRequestsStillWork() throws Exception {
        assertThat(removeAlice().statusCode()).isEqualTo(200);
        assertThat(node.send(HttpRequest.newBuilder(OpsTestNode.uri(ops, "/names/alice")).GET()).statusCode())
                .isEqualTo(404);
    }
}
