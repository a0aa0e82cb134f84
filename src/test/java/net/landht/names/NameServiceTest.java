package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.landht.config.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer of the name server, through {@link NameService#handle} as the HTTP adapter will call it. */
class NameServiceTest {
    private static final String OWNER = "9b52ed53513224ef39c6c70b7d86a7b8a617abe5";
    private static TestAccount alice;
    private static TestAccount bob;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private NameStore store;
    private NameService service;
    private InetAddress source;
    private int posts;

    @BeforeAll
    static void accounts() {
        alice = TestAccount.create();
        bob = TestAccount.create();
    }

    @BeforeEach
    void open() throws Exception {
        store = NameStore.open(dir.resolve("names.db"));
        service = new NameService(store, new NodeConfig.Names(true, null, List.of("admin"), 5, null),
                Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC), nanos::get);
        source = ip("192.0.2.1");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private NameResponse get(String path) {
        return service.handle("GET", List.of(path.substring(1).split("/")), new byte[0], source);
    }

    /** A POST from a source of its own, so only the rate-limit tests meet the limit. */
    private NameResponse post(String name, byte[] body) {
        int n = posts++;
        try {
            return post(name, body, InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private NameResponse post(String name, byte[] body, InetAddress from) {
        return service.handle("POST", List.of("name", name), body, from);
    }

    private NameResponse post(String name, String body) {
        return post(name, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String error) {
        return "{\"success\":false,\"error\":\"" + error + "\"}";
    }

    @Test
    void registeredNameIsServedBackExactlyAsPosted() {
        assertThat(post("alice", alice.body("alice"))).hasToString("200 {\"success\":true}");
        assertThat(get("/name/alice")).hasToString("200 {\"name\":\"alice\",\"addr\":\"0x" + alice.id
                + "\",\"publickey\":\"" + alice.publicKey + "\",\"signature\":\"" + alice.sign("alice") + "\"}");
        assertThat(service.counters().registered()).isEqualTo(1);
    }

    @Test
    void registeredIdIsServedItsName() {
        post("alice", alice.body("alice"));
        assertThat(get("/addr/" + alice.id)).hasToString("200 {\"name\":\"alice\"}");
        assertThat(get("/addr/0x" + alice.id.toUpperCase())).hasToString("200 {\"name\":\"alice\"}");
        assertThat(service.counters().addrLookups(NamesCounters.Lookup.FOUND)).isEqualTo(2);
    }

    @Test
    void unknownNameIs404NameNotRegistered() {
        assertThat(get("/name/nobody")).hasToString("404 {\"error\":\"name not registered\"}");
        assertThat(service.counters().nameLookups(NamesCounters.Lookup.NOT_FOUND)).isEqualTo(1);
    }

    @Test
    void lookupOfANameThatBreaksTheRuleIs404() {
        assertThat(get("/name/ab")).hasToString("404 {\"error\":\"name not registered\"}");
        assertThat(service.counters().nameLookups(NamesCounters.Lookup.MALFORMED)).isEqualTo(1);
    }

    @Test
    void lookupIgnoresCase() {
        post("alice", alice.body("alice"));
        assertThat(get("/name/ALICE").status()).isEqualTo(200);
    }

    @Test
    void unknownIdIs404AndMalformedIdIs400() {
        assertThat(get("/addr/" + bob.id)).hasToString("404 {\"error\":\"address not registered\"}");
        assertThat(get("/addr/not-an-id")).hasToString("400 {\"success\":false}");
        assertThat(service.counters().addrLookups(NamesCounters.Lookup.MALFORMED)).isEqualTo(1);
    }

    @Test
    void readOnlyExtrasGiveOneFieldEach() {
        post("alice", alice.body("alice"));
        assertThat(get("/name/alice/publickey"))
                .hasToString("200 {\"name\":\"alice\",\"publickey\":\"" + alice.publicKey + "\"}");
        assertThat(get("/name/alice/signature"))
                .hasToString("200 {\"name\":\"alice\",\"signature\":\"" + alice.sign("alice") + "\"}");
        assertThat(get("/name/alice/owner")).hasToString("200 {\"name\":\"alice\",\"owner\":\"0x" + OWNER + "\"}");
        assertThat(get("/name/nobody/owner")).hasToString("404 {\"error\":\"name not registered\"}");
        assertThat(get("/name/alice/addr")).hasToString("404 {\"error\":\"not found\"}");
    }

    @Test
    void sameNameSameAccountAgainIs200AndChangesNothing() {
        post("alice", alice.body("alice"));
        assertThat(post("alice", alice.body("alice"))).hasToString("200 {\"success\":true}");
        assertThat(service.counters().registered()).isEqualTo(1);
        assertThat(service.counters().registeredAgain()).isEqualTo(1);
    }

    @Test
    void nameTakenByAnotherAccountIs409NeverA400() {
        post("alice", alice.body("alice"));
        assertThat(post("alice", bob.body("alice"))).hasToString("409 " + refusal("name already registered"));
        assertThat(get("/name/alice").bodyText()).contains(alice.id);
        assertThat(service.counters().refused(RegistrationRefusal.NAME_TAKEN)).isEqualTo(1);
    }

    @Test
    void secondNameForAnAccountIs403WithItsName() {
        post("alice", alice.body("alice"));
        assertThat(post("alice2", alice.body("alice2")))
                .hasToString("403 {\"success\":false,\"name\":\"alice\",\"addr\":\"0x" + alice.id + "\"}");
        assertThat(get("/name/alice2").status()).isEqualTo(404);
    }

    @Test
    void signatureOverAnotherNameIs401() {
        byte[] body = TestAccount.body(alice.id, alice.sign("alicex"), alice.publicKey);
        assertThat(post("alice", body)).hasToString("401 " + refusal("signature verification failed"));
        assertThat(get("/name/alice").status()).isEqualTo(404);
    }

    @Test
    void keyThatDoesNotHashToAddrIs401EvenWithAValidSignature() {
        // Alice's key and signature, claiming Bob's ID: the official server would bind the name to Bob.
        byte[] body = TestAccount.body(bob.id, alice.sign("bobby"), alice.publicKey);
        assertThat(post("bobby", body)).hasToString("401 " + refusal("publickey does not match addr"));
        assertThat(get("/addr/" + bob.id).status()).isEqualTo(404);
    }

    @Test
    void publicKeyAsBase64OfDerIsAcceptedAndServedVerbatim() {
        String der = java.util.Base64.getEncoder().encodeToString(alice.keys.getPublic().getEncoded());
        assertThat(post("alice", TestAccount.body(alice.id, alice.sign("alice"), der)).status()).isEqualTo(200);
        assertThat(get("/name/alice/publickey")).hasToString("200 {\"name\":\"alice\",\"publickey\":\"" + der + "\"}");
    }

    @Test
    void upperCaseNameInThePathIsRegisteredInLowerCase() {
        assertThat(post("Alice", alice.body("alice")).status()).isEqualTo(200);
        assertThat(get("/addr/" + alice.id)).hasToString("200 {\"name\":\"alice\"}");
    }

    @Test
    void invalidNameIs400() {
        assertThat(post("ab", alice.body("ab"))).hasToString("400 " + refusal("invalid name"));
        assertThat(post("a.b.c", alice.body("a.b.c"))).hasToString("400 " + refusal("invalid name"));
    }

    @Test
    void reservedNameIsRefusedAsTakenWhateverItsCase() {
        assertThat(post("admin", alice.body("admin"))).hasToString("409 " + refusal("name reserved"));
        assertThat(post("ADMIN", alice.body("admin")).status()).isEqualTo(409);
        assertThat(service.counters().refused(RegistrationRefusal.RESERVED_NAME)).isEqualTo(2);
    }

    @Test
    void bodiesThatAreNotAnObjectOfStringsAre400() {
        String good = new String(alice.body("alice"), StandardCharsets.US_ASCII);
        for (String body : List.of("", "not json", "[]", "\"x\"", good.replace("\"addr\":\"" + alice.id + "\"",
                "\"addr\":5"), good.replace("{", "{\"addr\":\"" + alice.id + "\","))) {
            assertThat(post("alice", body)).as(body).hasToString("400 " + refusal("invalid request body"));
        }
    }

    @Test
    void missingOrMalformedFieldsAre400NamingTheField() {
        String good = new String(alice.body("alice"), StandardCharsets.US_ASCII);
        assertThat(post("alice", good.replace(alice.id, "12345"))).hasToString("400 " + refusal("invalid addr"));
        assertThat(post("alice", good.replace(OWNER, "xyz"))).hasToString("400 " + refusal("invalid owner"));
        assertThat(post("alice", good.replace(alice.publicKey, "not base64!")))
                .hasToString("400 " + refusal("publickey not found or invalid"));
        assertThat(post("alice", good.replace(alice.publicKey, "bm90IGEga2V5")))
                .hasToString("400 " + refusal("publickey not found or invalid"));
        assertThat(post("alice", good.replace(alice.sign("alice"), "")))
                .hasToString("400 " + refusal("signature not found or invalid"));
    }

    @Test
    void missingOwnerIsAcceptedAndServedEmpty() {
        String body = "{\"addr\":\"" + alice.id + "\",\"signature\":\"" + alice.sign("alice") + "\",\"publickey\":\""
                + alice.publicKey + "\"}";
        assertThat(post("alice", body).status()).isEqualTo(200);
        assertThat(get("/name/alice/owner")).hasToString("200 {\"name\":\"alice\",\"owner\":\"\"}");
    }

    @Test
    void oversizedBodyIs413() {
        byte[] body = new byte[Registrar.MAX_BODY_BYTES + 1];
        assertThat(post("alice", body)).hasToString("413 " + refusal("request body too large"));
    }

    @Test
    void floodFromOneSourceIsLimitedWhileAnotherSourceRegisters() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post("ab", new byte[0], source).status()).isEqualTo(400);
        }
        NameResponse limited = post("alice", alice.body("alice"), source);
        assertThat(limited).hasToString("503 " + refusal(RegistrationRefusal.RATE_LIMITED.error()));
        assertThat(limited.retryAfterSeconds()).isEqualTo(60);
        assertThat(post("bobby", bob.body("bobby"), ip("192.0.2.2")).status()).isEqualTo(200);
        assertThat(service.counters().refused(RegistrationRefusal.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void aLimitedSourceMayPostAgainOnceItsAllowanceRefills() {
        for (int i = 0; i < 5; i++) {
            post("ab", new byte[0], source);
        }
        assertThat(post("alice", alice.body("alice"), source).status()).isEqualTo(503);
        nanos.addAndGet(12_000_000_000L);  // 5 a minute: one more every 12 s
        assertThat(post("alice", alice.body("alice"), source).status()).isEqualTo(200);
        assertThat(post("ab", new byte[0], source).status()).isEqualTo(503);
    }

    @Test
    void ipv6SourcesOfOneSlash64ShareAnAllowance() throws Exception {
        for (int i = 0; i < 5; i++) {
            post("ab", new byte[0], ip("2001:db8::" + (i + 1)));
        }
        assertThat(post("alice", alice.body("alice"), ip("2001:db8::ff")).status()).isEqualTo(503);
        assertThat(post("alice", alice.body("alice"), ip("2001:db8:0:1::1")).status()).isEqualTo(200);
    }

    @Test
    void databaseFailureIs500ServerError() {
        post("alice", alice.body("alice"));
        store.close();
        assertThat(get("/name/alice")).hasToString("500 {\"error\":\"server error\"}");
        assertThat(get("/addr/" + alice.id)).hasToString("500 {\"error\":\"server error\"}");
        assertThat(post("bobby", bob.body("bobby"))).hasToString("500 " + refusal("server error"));
        assertThat(service.counters().nameLookups(NamesCounters.Lookup.FAILED)).isEqualTo(1);
        assertThat(service.counters().refused(RegistrationRefusal.STORE_FAILED)).isEqualTo(1);
    }

    @Test
    void otherMethodsAre405AndOtherPathsAre404() {
        assertThat(service.handle("PUT", List.of("name", "alice"), new byte[0], source))
                .hasToString("405 {\"error\":\"method not allowed\"}");
        assertThat(service.handle("POST", List.of("addr", alice.id), new byte[0], source).status()).isEqualTo(405);
        assertThat(service.handle("POST", List.of("name", "alice", "owner"), new byte[0], source).status())
                .isEqualTo(405);
        assertThat(get("/name")).hasToString("404 {\"error\":\"not found\"}");
        assertThat(get("/names/alice").status()).isEqualTo(404);
    }

    @Test
    void emptyPathSegmentsAreIgnored() {
        post("alice", alice.body("alice"));
        assertThat(service.handle("GET", List.of("", "name", "alice", ""), new byte[0], source).status())
                .isEqualTo(200);
    }

    @Test
    void handlesOnlyNameAndAddrPaths() {
        assertThat(NameService.handles(List.of("name", "alice"))).isTrue();
        assertThat(NameService.handles(List.of("", "addr", "x"))).isTrue();
        assertThat(NameService.handles(List.of("key", "abc"))).isFalse();
        assertThat(NameService.handles(List.of())).isFalse();
    }
}
