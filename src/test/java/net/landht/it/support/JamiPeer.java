package net.landht.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One real Jami daemon (Debian's {@code jamid} 13.7) with one account, inside a test's {@link IsolatedNamespace},
 * driven through {@code src/test/resources/jami/jami_peer.py}: that script gives the daemon its own D-Bus session bus
 * and its own HOME/XDG folders (a fresh temporary folder), reports every ConfigurationManager signal as a JSON line and
 * makes D-Bus calls on request. Every wait is bounded and fails with the tail of jamid's log ({@code
 * <name>.jamid.log} in the test's log folder; the driver's stdout is {@code <name>.out}, its stderr {@code
 * <name>.stderr}). {@link #close()} asks the driver to stop jamid and the bus by PID, then stops the driver, then
 * kills by PID whatever of the two is still alive, then deletes the temporary folder.
 *
 * <p>Use: {@link #start}, {@link #createAccount}, {@link #awaitRegistered}, then trust requests and messages. jamid
 * 13.7 turns a trust request into a one-to-one swarm conversation: the sender's conversation exists at once; the
 * receiver gets {@code incomingTrustRequest(account, conversationId, from, payload, time)}, accepts with {@code
 * acceptTrustRequest(account, from)}, and once its device has cloned the conversation from the sender's over an ICE
 * (TCP) connection it signals {@code conversationReady(account, conversationId)}; the sender then merges the
 * receiver's "join" ({@link #awaitMemberJoined}); messages are {@code
 * sendMessage(account, conversationId, body, parentCommit, flag)} and arrive as {@code messageReceived(account,
 * conversationId, {type, body, author, id, ...})}.
 */
public final class JamiPeer extends ManagedProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    /** The driver's own D-Bus call limit (30 s) plus a margin. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private final Writer stdin;
    private final Path home;
    private final Path jamidLog;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final AtomicLong nextId = new AtomicLong();
    private volatile String accountId;
    private volatile String jamiId;

    private JamiPeer(String name, List<String> command, Path logDir, Path home, Path jamidLog) {
        super(name, command, logDir.resolve(name + ".stderr"), true);
        this.home = home;
        this.jamidLog = jamidLog;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        pumpJsonLines(this::onEvent, ready);
    }

    /** Starts jamid on its own bus inside {@code ns}; returns once the daemon owns its D-Bus name. */
    public static JamiPeer start(IsolatedNamespace ns, Path logDir, String name) {
        Prerequisites.requireJami();
        JamiPeer peer;
        try {
            Path home = Files.createTempDirectory("landht-jami-");
            Path jamidLog = logDir.resolve(name + ".jamid.log");
            List<String> cmd = ns.exec(List.of(Prerequisites.PYTHON.toString(), "-u",
                    TestResources.file("/jami/jami_peer.py").toString(),
                    "--dir", home.toString(), "--log", jamidLog.toString(), "--jamid",
                    Prerequisites.JAMID.toString()));
            peer = new JamiPeer(name, cmd, logDir, home, jamidLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        try {
            peer.ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            peer.close();
            throw new AssertionError(name + ": jamid not on its bus within " + START_TIMEOUT + " ("
                    + (e.getCause() != null ? e.getCause().getMessage() : "timeout") + "); driver stderr:\n"
                    + peer.logTail(20) + "\njamid log:\n" + peer.jamidLogTail(40), e);
        } catch (InterruptedException e) {
            peer.close();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return peer;
    }

    private void onEvent(JsonNode event) {
        events.add(event);
        switch (event.path("event").asText()) {
            case "ready" -> ready.complete(event);
            case "failed" -> ready.completeExceptionally(new AssertionError(event.path("error").asText()));
            default -> { }
        }
    }

    /**
     * Calls {@code cx.ring.Ring.ConfigurationManager.<method>(args)} (argument types from the daemon's introspection:
     * a Map is an a{ss}, a List of Integers an ay) and returns its result as JSON (null node for none).
     */
    public JsonNode call(String method, Object... args) {
        long id = nextId.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("call", method);
        command.set("args", JSON.valueToTree(List.of(args)));
        requireAlive("calling " + method);
        synchronized (stdin) {
            try {
                stdin.write(JSON.writeValueAsString(command) + "\n");
                stdin.flush();
            } catch (IOException e) {
                requireAlive("writing a call to " + method);
                throw new AssertionError(name + ": cannot write a call to " + method + ": " + e, e);
            }
        }
        JsonNode reply = awaitEvent(e -> "reply".equals(e.path("event").asText()) && e.path("id").asLong() == id,
                "the reply to " + method, CALL_TIMEOUT);
        if (reply.hasNonNull("error")) {
            throw new AssertionError(name + ": " + method + " failed: " + reply.get("error").asText());
        }
        return reply.path("result");
    }

    /** Creates the peer's account (once); returns its daemon-local account id. */
    public String createAccount(JamiAccountSettings settings) {
        if (accountId != null) {
            throw new IllegalStateException(name + " already has account " + accountId);
        }
        accountId = call("addAccount", settings.details()).asText();
        return accountId;
    }

    /** The account's settings as the daemon holds them ({@code getAccountDetails}). */
    public Map<String, String> accountDetails() {
        Map<String, String> out = new TreeMap<>();
        call("getAccountDetails", requireAccount()).fields().forEachRemaining(f -> out.put(f.getKey(),
                f.getValue().asText()));
        return out;
    }

    /**
     * Waits until the account is REGISTERED ({@code registrationStateChanged}) and its device announcement is stored
     * on the DHT (jamid logs "device announced at &lt;jami id&gt;", about 1 s later). Both are needed before another
     * account sends it a trust request: the sender looks the receiver's devices up once and sends to those it finds,
     * so a request sent earlier is lost (seen with jamid 13.7: no retry).
     */
    public void awaitRegistered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String account = requireAccount();
        awaitSignal("registrationStateChanged", a -> a.get(0).asText().equals(account)
                && "REGISTERED".equals(a.get(1).asText()), "REGISTERED", timeout);
        String username = accountDetails().get("Account.username");
        jamiId = username.startsWith("ring:") ? username.substring(5) : username;
        Pattern announced = Pattern.compile("device announced at " + jamiId);
        while (jamidLogLines().noneMatch(l -> announced.matcher(l).find())) {
            requireAlive("waiting for its device announcement");
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no \"device announced at " + jamiId + "\" in jamid's log within "
                        + timeout + "; jamid log:\n" + jamidLogTail(60));
            }
            ItFixture.sleep(POLL);
        }
    }

    /** The account's Jami id (40 hex digits), known once {@link #awaitRegistered} returned. */
    public String jamiId() {
        if (jamiId == null) {
            throw new IllegalStateException(name + ": the Jami id is known once the account is registered");
        }
        return jamiId;
    }

    /** Sends a trust request (empty payload) to {@code toJamiId}; the sender's conversation is created at once. */
    public void sendTrustRequest(String toJamiId) {
        call("sendTrustRequest", requireAccount(), toJamiId, List.of());
    }

    /** Waits for {@code incomingTrustRequest} from {@code fromJamiId}; returns the conversation id it carries. */
    public String awaitTrustRequest(String fromJamiId, Duration timeout) {
        String account = requireAccount();
        return awaitSignal("incomingTrustRequest", a -> a.get(0).asText().equals(account)
                && a.get(2).asText().equals(fromJamiId), "a trust request from " + fromJamiId, timeout)
                .get(1).asText();
    }

    /** Accepts the pending trust request of {@code fromJamiId}; fails when jamid answers false. */
    public void acceptTrustRequest(String fromJamiId) {
        if (!call("acceptTrustRequest", requireAccount(), fromJamiId).asBoolean()) {
            throw new AssertionError(name + ": acceptTrustRequest(" + fromJamiId + ") returned false");
        }
    }

    /** Waits for {@code conversationReady(account, conversationId)}: the conversation is cloned and usable. */
    public void awaitConversationReady(String conversationId, Duration timeout) {
        String account = requireAccount();
        awaitSignal("conversationReady", a -> a.get(0).asText().equals(account)
                && a.get(1).asText().equals(conversationId), "conversation " + conversationId + " ready", timeout);
    }

    /**
     * Waits for {@code conversationMemberEvent(account, conversationId, memberJamiId, 1 = joins)}: this side has
     * fetched and merged the member's "join" commit. Sending before that races the two devices' fetches; with jamid
     * 13.7 the receiver's fetch of the new message then stalled for good in one run of three.
     */
    public void awaitMemberJoined(String conversationId, String memberJamiId, Duration timeout) {
        String account = requireAccount();
        awaitSignal("conversationMemberEvent", a -> a.get(0).asText().equals(account)
                && a.get(1).asText().equals(conversationId) && a.get(2).asText().equals(memberJamiId)
                && a.get(3).asInt() == 1, memberJamiId + " joining " + conversationId, timeout);
    }

    /** Sends a text message to the conversation (no parent commit, flag 0 = a new message). */
    public void sendMessage(String conversationId, String body) {
        call("sendMessage", requireAccount(), conversationId, body, "", 0);
    }

    /** Waits for a {@code text/plain} message with {@code body} in the conversation; returns its fields. */
    public JsonNode awaitMessage(String conversationId, String body, Duration timeout) {
        String account = requireAccount();
        return awaitSignal("messageReceived", a -> a.get(0).asText().equals(account)
                && a.get(1).asText().equals(conversationId) && "text/plain".equals(a.get(2).path("type").asText())
                && body.equals(a.get(2).path("body").asText()), "the message \"" + body + "\"", timeout).get(2);
    }

    /** The ids of the account's conversations ({@code getConversations}). */
    public List<String> conversations() {
        List<String> out = new ArrayList<>();
        call("getConversations", requireAccount()).forEach(c -> out.add(c.asText()));
        return out;
    }

    /**
     * Registers {@code name} for the account on its name server ({@code registerName(account, password "", name)},
     * jamid 13.7) and returns the {@code nameRegistrationEnded} status: 0 success, 1 wrong password, 2 invalid
     * name, 3 already taken, 4 network error.
     */
    public int registerName(String name, Duration timeout) {
        String account = requireAccount();
        assertTrue(call("registerName", account, "", name).asBoolean(), "registerName(" + name + ")");
        return awaitSignal("nameRegistrationEnded", a -> a.get(0).asText().equals(account)
                && a.get(2).asText().equals(name), "nameRegistrationEnded for " + name, timeout).get(1).asInt();
    }

    /**
     * Looks up {@code query} (a name with {@code lookupName}, or a Jami id with {@code lookupAddress} when
     * {@code byAddress}) through the account's name server; returns the {@code registeredNameFound} arguments
     * {@code [account, status, address, name]} (status 0 found, 1 invalid, 2 not found, 3 error).
     */
    public JsonNode lookup(String query, boolean byAddress, Duration timeout) {
        String account = requireAccount();
        assertTrue(call(byAddress ? "lookupAddress" : "lookupName", account, "", query).asBoolean(),
                "lookup of " + query);
        return awaitSignal("registeredNameFound", a -> a.get(0).asText().equals(account)
                && a.get(byAddress ? 2 : 3).asText().equals(query), "registeredNameFound for " + query, timeout);
    }

    private void assertTrue(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(name + ": " + what + " returned false");
        }
    }

    /** Every signal named {@code signal} so far, as its argument arrays. */
    public List<JsonNode> signals(String signal) {
        return events.stream().filter(e -> isSignal(e, signal)).map(e -> e.get("args")).toList();
    }

    /** The last {@code lines} lines of jamid's log without colour codes, for failure messages. */
    public String jamidLogTail(int lines) {
        List<String> all = jamidLogLines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public Path jamidLog() {
        return jamidLog;
    }

    private Stream<String> jamidLogLines() {
        try {
            return Files.readAllLines(jamidLog, StandardCharsets.ISO_8859_1).stream()
                    .map(l -> ANSI.matcher(l).replaceAll(""));
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private String requireAccount() {
        if (accountId == null) {
            throw new IllegalStateException(name + ": createAccount first");
        }
        return accountId;
    }

    private static boolean isSignal(JsonNode e, String signal) {
        return "signal".equals(e.path("event").asText()) && signal.equals(e.path("name").asText());
    }

    private JsonNode awaitSignal(String signal, Predicate<JsonNode> args, String what, Duration timeout) {
        return awaitEvent(e -> isSignal(e, signal) && args.test(e.get("args")), what, timeout).get("args");
    }

    private JsonNode awaitEvent(Predicate<JsonNode> match, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> found = events.stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") while waiting for " + what
                        + "; driver stderr:\n" + logTail(20) + "\njamid log:\n" + jamidLogTail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + "; jamid log:\n"
                        + jamidLogTail(60));
            }
            ItFixture.sleep(POLL);
        }
    }

    @Override
    protected void askToStop() {
        quitThroughStdin("{\"quit\":true}");
    }

    /** The driver gives jamid 10 s after SIGTERM, then the bus the same. */
    @Override
    protected long askedGraceMillis() {
        return 25_000;
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            events.stream().filter(e -> "ready".equals(e.path("event").asText())).findFirst().ifPresent(r -> {
                killIfAlive(r.path("jamid_pid").asLong(), "jamid");
                killIfAlive(r.path("bus_pid").asLong(), "dbus-daemon");
            });
            deleteHome();
        }
    }

    /** SIGKILL to {@code pid} if it is still alive and still runs {@code command} (a PID is never guessed). */
    private static void killIfAlive(long pid, String command) {
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith(command)).orElse(false))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    private void deleteHome() {
        try (Stream<Path> all = Files.walk(home)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
