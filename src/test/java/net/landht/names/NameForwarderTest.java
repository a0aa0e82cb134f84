package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpResponseStatus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.landht.config.NodeConfig;
import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.HttpService;
import net.landht.http.LanHttpServer;
import net.landht.names.http.ForwardingHttpService;
import net.landht.names.http.NamesHttpService;

/**
 * A secondary's forwarder against a real primary: landht's own name server (SQLite registry, {@link NameService},
 * {@link NamesHttpService}) behind the LAN HTTP server on loopback. The forwarder's cache runs on an injected clock.
 */
class NameForwarderTest {
    private static final TestAccount alice = TestAccount.create();
    private static final TestAccount bob = TestAccount.create();
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private final List<AutoCloseable> open = new ArrayList<>();
    private NameService primaryService;
    private LanHttpServer primary;
    private NameForwarder forwarder;

    @BeforeEach
    void start() throws Exception {
        NameStore store = NameStore.open(dir.resolve("names.db"));
        primaryService = new NameService(store, new NodeConfig.Names(true, null, List.of("admin"), 0, null),
                Clock.systemUTC(), System::nanoTime);
        NamesHttpService names = new NamesHttpService(primaryService);
        primary = serve(HttpRouter.builder().route("/name/", names).route("/addr/", names).build());
        open.add(names);
        open.add(store);
        forwarder = forwarderTo(url(primary), 5);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void registrationThroughTheSecondaryIsStoredOnThePrimaryAndServedByBoth() throws Exception {
        assertThat(call("POST", "/name/alice", alice.body("alice")).toString()).isEqualTo("200 {\"success\":true}");
        NameResponse onPrimary = primaryService.lookupName("alice");
        assertThat(onPrimary.status()).isEqualTo(200);
        assertThat(get("/name/alice").bodyText()).isEqualTo(onPrimary.bodyText());
        assertThat(get("/addr/" + alice.id).bodyText()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(primaryService.lookupAddr(alice.id).bodyText()).isEqualTo("{\"name\":\"alice\"}");
        ForwardCounters c = forwarder.forwardCounters();
        assertThat(c.forwarded(ForwardCounters.Route.REGISTER, ForwardCounters.Outcome.OK)).isEqualTo(1);
        assertThat(c.cacheHits(NameCache.Endpoint.NAME, true)).as("primed by the 200").isEqualTo(1);
        assertThat(c.cacheHits(NameCache.Endpoint.ADDR, true)).isEqualTo(1);
        assertThat(forwarded(ForwardCounters.Route.NAME) + forwarded(ForwardCounters.Route.ADDR)).isZero();
    }

    @Test
    void thePrimarysRefusalsAreRelayedWithTheirStatusAndBody() throws Exception {
        assertThat(call("POST", "/name/alice", alice.body("alice")).status()).isEqualTo(200);
        assertThat(call("POST", "/name/alice", bob.body("alice")).toString())
                .isEqualTo("409 {\"success\":false,\"error\":\"name already registered\"}");
        assertThat(call("POST", "/name/alice2", alice.body("alice2")).toString())
                .isEqualTo("403 {\"success\":false,\"name\":\"alice\",\"addr\":\"0x" + alice.id + "\"}");
        assertThat(call("POST", "/name/admin", bob.body("admin")).toString())
                .as("the primary's reserved names").startsWith("409 ");
        assertThat(forwarder.forwardCounters().forwarded(ForwardCounters.Route.REGISTER,
                ForwardCounters.Outcome.REFUSED)).isEqualTo(3);
        assertThat(primaryService.lookupAddr(bob.id).status()).isEqualTo(404);
    }

    @Test
    void localChecksAnswerWithoutAskingThePrimary() throws Exception {
        assertThat(call("POST", "/name/b!", bob.body("b!")).toString())
                .isEqualTo("400 {\"success\":false,\"error\":\"invalid name\"}");
        assertThat(call("POST", "/name/bobby", TestAccount.body(bob.id, bob.sign("other"), bob.publicKey)).status())
                .isEqualTo(401);
        assertThat(call("POST", "/name/bobby", "not json".getBytes(StandardCharsets.US_ASCII)).status())
                .isEqualTo(400);
        assertThat(get("/addr/nothex").toString()).isEqualTo("400 {\"success\":false}");
        assertThat(get("/name/no!").toString()).isEqualTo("404 {\"error\":\"name not registered\"}");
        assertThat(call("DELETE", "/name/alice", new byte[0]).status()).isEqualTo(405);
        assertThat(get("/other/x").status()).isEqualTo(404);
        assertThat(forwarded(ForwardCounters.Route.NAME) + forwarded(ForwardCounters.Route.ADDR)
                + forwarded(ForwardCounters.Route.REGISTER)).isZero();
        assertThat(forwarder.counters().refused(RegistrationRefusal.SIGNATURE_INVALID)).isEqualTo(1);
    }

    @Test
    void notFoundIsKeptThirtySecondsThenTheNewNameIsFetched() throws Exception {
        assertThat(get("/name/bob").status()).isEqualTo(404);
        assertThat(primaryService.register("bob", bob.body("bob"), CLIENT).status()).isEqualTo(200);
        assertThat(get("/name/bob").status()).as("the cached 404").isEqualTo(404);
        assertThat(forwarded(ForwardCounters.Route.NAME)).isEqualTo(1);
        nanos.addAndGet(NameCache.NOT_FOUND_TTL.toNanos());
        assertThat(get("/name/bob").status()).isEqualTo(200);
        assertThat(forwarded(ForwardCounters.Route.NAME)).isEqualTo(2);
        assertThat(get("/name/bob").status()).isEqualTo(200);
        assertThat(forwarded(ForwardCounters.Route.NAME)).as("found answers are kept").isEqualTo(2);
    }

    @Test
    void aStoppedPrimaryIs503ButCachedNamesAreStillServed() throws Exception {
        assertThat(call("POST", "/name/alice", alice.body("alice")).status()).isEqualTo(200);
        primary.close();
        assertThat(get("/name/alice").status()).isEqualTo(200);
        assertThat(get("/addr/" + alice.id).status()).isEqualTo(200);
        NameResponse down = get("/name/bob");
        assertThat(down.toString()).isEqualTo("503 {\"error\":\"primary name server unreachable\"}");
        assertThat(get("/name/bob").status()).as("errors are not cached").isEqualTo(503);
        assertThat(call("POST", "/name/bob", bob.body("bob")).status()).isEqualTo(503);
        ForwardCounters c = forwarder.forwardCounters();
        assertThat(c.forwarded(ForwardCounters.Route.NAME, ForwardCounters.Outcome.UNREACHABLE)).isEqualTo(2);
        assertThat(c.forwarded(ForwardCounters.Route.REGISTER, ForwardCounters.Outcome.UNREACHABLE)).isEqualTo(1);
        assertThat(forwarder.counters().nameLookups(NamesCounters.Lookup.FAILED)).isEqualTo(2);
    }

    @Test
    void eachClientHasThisServersPostLimitBeforeAnythingIsForwarded() throws Exception {
        forwarder = forwarderTo(url(primary), 1);
        assertThat(call("POST", "/name/alice", alice.body("alice")).status()).isEqualTo(200);
        NameResponse limited = call("POST", "/name/bobby", bob.body("bobby"));
        assertThat(limited.status()).isEqualTo(503);
        assertThat(limited.retryAfterSeconds()).isEqualTo(60);
        assertThat(forwarded(ForwardCounters.Route.REGISTER)).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotJsonOrTooLargeIs502AndNotCached() throws Exception {
        forwarder = forwarderTo(url(serve(HttpRouter.builder().route("/name/", ex -> ex.respond(
                HttpResponseStatus.OK, "<html>a captive portal</html>")).route("/addr/", ex -> ex.respond(
                HttpResponseStatus.OK, "{\"name\":\"" + "x".repeat(17 * 1024) + "\"}")).build())), 5);
        assertThat(get("/name/alice").toString())
                .isEqualTo("502 {\"error\":\"bad answer from the primary name server\"}");
        assertThat(get("/addr/" + alice.id).status()).isEqualTo(502);
        assertThat(get("/name/alice").status()).isEqualTo(502);
        ForwardCounters c = forwarder.forwardCounters();
        assertThat(c.forwarded(ForwardCounters.Route.NAME, ForwardCounters.Outcome.BAD_ANSWER)).isEqualTo(2);
        assertThat(c.forwarded(ForwardCounters.Route.ADDR, ForwardCounters.Outcome.BAD_ANSWER)).isEqualTo(1);
    }

    @Test
    void aSecondaryThatForwardsToAnotherSecondaryGetsA502InsteadOfALoop() throws Exception {
        NameForwarder middle = forwarderTo(url(primary), 5);
        HttpService middleHttp = new ForwardingHttpService(middle);
        LanHttpServer secondary = serve(HttpRouter.builder().route("/name/", middleHttp).route("/addr/", middleHttp)
                .build());
        assertThat(middle.handle("GET", List.of("", "name", "alice"), new byte[0], CLIENT, false)
                .get(15, TimeUnit.SECONDS).status()).as("the middle one works for its own clients").isEqualTo(404);
        forwarder = forwarderTo(url(secondary), 5);
        NameResponse looped = get("/name/alice");
        assertThat(looped.status()).isEqualTo(502);
        assertThat(looped.bodyText()).contains("forwarding loop");
        assertThat(middle.forwardCounters().forwarded(ForwardCounters.Route.NAME, ForwardCounters.Outcome.LOOP))
                .isEqualTo(1);
        assertThat(forwarder.forwardCounters().forwarded(ForwardCounters.Route.NAME,
                ForwardCounters.Outcome.PRIMARY_ERROR)).as("relayed as the primary's 5xx").isEqualTo(1);
    }

    private LanHttpServer serve(HttpRouter router) throws Exception {
        LanHttpServer s = LanHttpServer.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), router,
                HttpLimits.defaults(), List.of(), new HttpCounters());
        open.add(s);
        return s;
    }

    private static String url(LanHttpServer s) {
        return "http://127.0.0.1:" + s.localAddress().getPort() + "/";
    }

    /** A forwarder to {@code url} (a trailing slash is removed, as the config does). */
    private NameForwarder forwarderTo(String url, int postsPerMinute) {
        NameForwarder f = new NameForwarder(new NodeConfig.Names(true, null, List.of(), postsPerMinute,
                url.replaceAll("/$", "")), Clock.systemUTC(), nanos::get);
        open.add(f);
        return f;
    }

    private long forwarded(ForwardCounters.Route route) {
        long n = 0;
        for (ForwardCounters.Outcome o : ForwardCounters.Outcome.values()) {
            n += forwarder.forwardCounters().forwarded(route, o);
        }
        return n;
    }

    private NameResponse get(String path) throws Exception {
        return call("GET", path, new byte[0]);
    }

    /** One request through the forwarder, waited for at most 15 s (the forwarder's own bound is 6 s). */
    private NameResponse call(String method, String path, byte[] body) throws Exception {
        return forwarder.handle(method, List.of(path.split("/")), body, CLIENT, false)
                .get(15, TimeUnit.SECONDS);
    }
}
