package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.landht.config.NodeConfig;
import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.names.http.NamesHttpService;

/**
 * The name server through the real LAN HTTP server on loopback, with requests written as jamid 13.7 writes them
 * (one per connection, {@code Connection: close}, {@code Content-Type: application/json} on GETs too): every status
 * of the protocol, the captured jamid exchanges replayed over HTTP, and the bounds (413, the per-source limit).
 */
class NamesOverHttpTest {
    @TempDir
    Path dir;

    /** Two accounts whose RSA keys are made once for the class (4096-bit keys take a while). */
    private static final TestAccount alice = TestAccount.create();
    private static final TestAccount bob = TestAccount.create();

    private NameStore store;
    private NamesHttpService names;
    private LanHttpServer server;

    /** One answer: status, headers as received (lower-case names), body. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    @BeforeEach
    void start() throws Exception {
        start(List.of(), 0);
    }

    private void start(List<String> reserved, int postsPerMinute) throws Exception {
        store = NameStore.open(dir.resolve("names.db"));
        NameService service = new NameService(store, new NodeConfig.Names(true, null, reserved, postsPerMinute, null),
                Clock.systemUTC(), System::nanoTime);
        names = new NamesHttpService(service);
        HttpRouter router = HttpRouter.builder().route("/", ex -> ex.respond(
                        io.netty.handler.codec.http.HttpResponseStatus.OK, "{\"proxy\":true}"))
                .route("/name/", names).route("/addr/", names).build();
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), router,
                HttpLimits.defaults(), List.of(), new HttpCounters());
    }

    @AfterEach
    void stop() {
        server.close();
        names.close();
        store.close();
    }

    private void restart(List<String> reserved, int postsPerMinute) throws Exception {
        stop();
        start(reserved, postsPerMinute);
    }

    @Test
    void capturedJamidExchangesReplayedOverHttpGiveTheRecordedStatusesAndBodies() throws Exception {
        List<CapturedExchange> exchanges = List.of("01-get-addr-own-id-at-startup-404.txt",
                        "02-get-name-unknown-404.txt", "03-post-name-register-200.txt",
                        "04-post-name-taken-by-other-409.txt", "05-get-addr-found-200.txt",
                        "06-get-name-found-200.txt").stream().map(CapturedExchange::load)
                .sorted(Comparator.comparingInt(CapturedExchange::number)).toList();
        for (CapturedExchange e : exchanges) {
            Answer a = send(e.method(), "/" + String.join("/", e.path()), e.requestBody(), "127.0.0.1");
            assertThat(a.status()).as(e.file()).isEqualTo(e.status());
            assertThat(a.body()).as(e.file()).isEqualTo(e.responseBody());
            assertThat(a.header("Content-Type")).as(e.file()).startsWith("application/json");
        }
    }

    @Test
    void registeredNameIsServedByNameAndByIdWithLowerCaseAddr() throws Exception {
        assertThat(post("alice", alice.body("alice"))).isEqualTo("200 {\"success\":true}");
        Answer byName = get("/name/alice");
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byName.body()).contains("\"addr\":\"0x" + alice.id.toLowerCase(Locale.ROOT) + "\"")
                .contains("\"publickey\":\"" + alice.publicKey + "\"");
        assertThat(get("/addr/" + alice.id).body()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(get("/name/alice/publickey").body())
                .isEqualTo("{\"name\":\"alice\",\"publickey\":\"" + alice.publicKey + "\"}");
    }

    @Test
    void everyRefusalHasTheStatusJamidUnderstands() throws Exception {
        assertThat(post("alice", alice.body("alice"))).startsWith("200 ");
        assertThat(post("alice", bob.body("alice"))).startsWith("409 ");
        assertThat(post("alice2", alice.body("alice2"))).startsWith("403 ");
        assertThat(post("bobby", TestAccount.body(bob.id, bob.sign("other"), bob.publicKey))).startsWith("401 ");
        assertThat(post("bobby", TestAccount.body(bob.id, alice.sign("bobby"), alice.publicKey)))
                .startsWith("401 ");
        assertThat(post("b!", bob.body("b!"))).startsWith("400 ");
        assertThat(post("bobby", "not json".getBytes(StandardCharsets.US_ASCII))).startsWith("400 ");
        assertThat(get("/name/nobody")).isEqualTo(new Answer(404, get("/name/nobody").head(),
                "{\"error\":\"name not registered\"}"));
        assertThat(get("/addr/" + bob.id).status()).isEqualTo(404);
        assertThat(get("/addr/nothex").body()).isEqualTo("{\"success\":false}");
        assertThat(get("/addr/nothex").status()).isEqualTo(400);
        assertThat(send("DELETE", "/name/alice", new byte[0], "127.0.0.1").status()).isEqualTo(405);
        assertThat(get("/name/alice/nothing").status()).isEqualTo(404);
    }

    @Test
    void bodyOverTheNamesBoundIs413AndOverTheHttpBoundIs413BeforeItIsRead() throws Exception {
        assertThat(send("POST", "/name/alice", new byte[NamesHttpService.MAX_BODY_BYTES + 1], "127.0.0.1")
                .status()).isEqualTo(413);
        assertThat(send("POST", "/name/alice", new byte[HttpLimits.defaults().maxBodyBytes() + 1], "127.0.0.1")
                .status()).isEqualTo(413);
        assertThat(get("/name/alice").status()).isEqualTo(404);
    }

    @Test
    void reservedNameIs409() throws Exception {
        restart(List.of("admin"), 0);
        assertThat(post("admin", alice.body("admin"))).startsWith("409 ");
    }

    @Test
    void floodFromOneSourceIs503WithRetryAfterWhileAnotherSourceRegisters() throws Exception {
        restart(List.of(), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(send("POST", "/name/ab", new byte[0], "127.0.0.2").status()).isEqualTo(400);
        }
        Answer limited = send("POST", "/name/alice", alice.body("alice"), "127.0.0.2");
        assertThat(limited.status()).isEqualTo(503);
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(send("POST", "/name/bobby", bob.body("bobby"), "127.0.0.3").status()).isEqualTo(200);
        assertThat(get("/name/alice").status()).isEqualTo(404);
    }

    @Test
    void otherPathsStayWithTheProxy() throws Exception {
        assertThat(get("/").body()).isEqualTo("{\"proxy\":true}");
        assertThat(get("/key/abc").body()).isEqualTo("{\"proxy\":true}");
    }

    private String post(String name, byte[] body) throws IOException {
        Answer a = send("POST", "/name/" + name, body, "127.0.0.1");
        return a.status() + " " + a.body();
    }

    private Answer get(String path) throws IOException {
        return send("GET", path, new byte[0], "127.0.0.1");
    }

    /** One request on its own connection from {@code from} (a loopback address), as jamid sends it. */
    private Answer send(String method, String path, byte[] body, String from) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(server.localAddress(), 5_000);
            String head = method + " " + path + " HTTP/1.1\r\nAccept: */*\r\nContent-Type: application/json\r\n"
                    + "Host: 127.0.0.1:" + server.localAddress().getPort() + "\r\nUser-Agent: JamiDHT\r\n"
                    + "Connection: close\r\n" + (method.equals("GET") ? "" : "Content-Length: " + body.length
                    + "\r\n") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // a server refusing an oversized body may close before reading it; its answer is still there
            }
            String raw = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            int status = Integer.parseInt(raw.substring(9, 12));
            return new Answer(status, raw.substring(0, end), raw.substring(end + 4));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                b.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset after the answer (an oversized body left unread): what was read is the answer
        }
        return b.toByteArray();
    }
}
