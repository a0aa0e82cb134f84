package net.landht.it.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One python3-opendht peer ({@code src/test/resources/peers/dht_peer.py}) in its own process, driven over
 * stdin/stdout JSON lines. stderr and OpenDHT's own log go to files in the test's log folder; every stdout line is
 * kept in {@code <name>.out}. Every wait is bounded; {@link #close()} sends {@code quit}, then SIGTERM, then SIGKILL.
 */
public final class PythonPeer extends ManagedProcess {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QUICK = Duration.ofSeconds(10);
    /** The peer's own put/get limit (--op-timeout) plus a margin. */
    private static final Duration OPERATION = Duration.ofSeconds(40);
    private static final int OP_TIMEOUT_SECONDS = 30;

    private final Writer stdin;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final List<JsonNode> pushed = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final boolean ipv6;
    private volatile JsonNode readyEvent;

    /** What one peer is started with. {@code nodeId} null = random. */
    public record Options(int port, List<String> bootstraps, boolean ipv6, long networkId, String nodeId) {
        public static Options of(String... bootstraps) {
            return new Options(0, List.of(bootstraps), false, 0, null);
        }

        public Options ipv6(boolean v) {
            return new Options(port, bootstraps, v, networkId, nodeId);
        }

        public Options nodeId(String hex) {
            return new Options(port, bootstraps, ipv6, networkId, hex);
        }

        public Options networkId(long id) {
            return new Options(port, bootstraps, ipv6, id, nodeId);
        }
    }

    private PythonPeer(String name, List<String> command, Path logDir, boolean ipv6) {
        super(name, command, logDir.resolve(name + ".stderr"), true);
        this.ipv6 = ipv6;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        pumpJsonLines(this::onEvent, ready);
    }

    /** Starts the process; call {@link #awaitReady()} (or use {@link #start}) before sending commands. */
    public static PythonPeer launch(Path logDir, String name, Options o) {
        Prerequisites.requirePythonOpendht();
        int port = o.port() != 0 ? o.port() : FreePorts.udp();
        List<String> cmd = new ArrayList<>(List.of(Prerequisites.PYTHON.toString(), "-u",
                TestResources.file("/peers/dht_peer.py").toString(),
                "--port", Integer.toString(port), "--log", logDir.resolve(name + ".opendht.log").toString(),
                "--op-timeout", Integer.toString(OP_TIMEOUT_SECONDS)));
        for (String b : o.bootstraps()) {
            if (!b.startsWith("127.") && !b.startsWith("[::1]") && !b.startsWith("[0:0:0:0:0:0:0:1]")) {
                throw new IllegalArgumentException("peers bootstrap from loopback only, not " + b);
            }
            cmd.addAll(List.of("--bootstrap", b));
        }
        if (o.ipv6()) {
            cmd.add("--ipv6");
        }
        if (o.networkId() != 0) {
            cmd.addAll(List.of("--network-id", Long.toString(o.networkId())));
        }
        if (o.nodeId() != null) {
            cmd.addAll(List.of("--node-id", o.nodeId()));
        }
        return new PythonPeer(name, cmd, logDir, o.ipv6());
    }

    /** {@link #launch} then {@link #awaitReady()}. */
    public static PythonPeer start(Path logDir, String name, Options o) {
        PythonPeer p = launch(logDir, name, o);
        try {
            p.awaitReady();
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void onEvent(JsonNode event) {
        switch (event.path("event").asText()) {
            case "ready" -> {
                readyEvent = event;
                ready.complete(event);
            }
            case "reply" -> replies.add(event);
            case "value" -> {
                ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("received_nanos", System.nanoTime());
                pushed.add(event);
            }
            default -> { }
        }
    }

    /** Waits for the {@code ready} line. */
    public void awaitReady() {
        try {
            ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " not ready within " + READY_TIMEOUT + "; stderr:\n" + logTail(30));
        } catch (ExecutionException e) {
            throw new AssertionError(name + " failed to start: " + e.getCause().getMessage() + "; stderr:\n"
                    + logTail(30), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String nodeId() {
        return readyEvent.get("node_id").asText();
    }

    public int port() {
        return readyEvent.get("port").asInt();
    }

    public InetSocketAddress address() {
        try {
            return new InetSocketAddress(InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1"), port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one command line and returns its reply (the next reply line for that command). */
    public synchronized JsonNode command(String line, Duration timeout) {
        String cmd = line.split(" ", 2)[0];
        requireAlive("sending '" + line + "'");
        try {
            stdin.write(line + "\n");
            stdin.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode reply = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
                if (reply == null) {
                    requireAlive("waiting for the reply to '" + line + "'");
                    throw new AssertionError(name + ": no reply to '" + line + "' within " + timeout);
                }
                if (!cmd.equals(reply.path("cmd").asText())) {
                    continue; // a late reply to an earlier command that timed out
                }
                if (reply.path("error").isTextual()) {
                    throw new AssertionError(name + ": '" + line + "' failed: " + reply.get("error").asText());
                }
                return reply;
            }
        } catch (IOException e) {
            requireAlive("writing '" + line + "'");
            throw new AssertionError(name + ": cannot write '" + line + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The peer's routing tables. */
    public Stats stats() {
        try {
            return JSON.treeToValue(command("stats", QUICK), Stats.class);
        } catch (IOException e) {
            throw new AssertionError(name + ": bad stats reply: " + e, e);
        }
    }

    /** Puts a plain value; true when OpenDHT reports the put done and successful. */
    public boolean put(String key, String text) {
        return command("put " + key + " " + text, OPERATION).path("ok").asBoolean();
    }

    /** The data (utf-8) of every value found at {@code key}. */
    public List<String> get(String key) {
        JsonNode reply = command("get " + key, OPERATION);
        List<String> out = new ArrayList<>();
        reply.path("values").forEach(v -> out.add(v.path("data").asText()));
        return out;
    }

    /**
     * Every value found at {@code key}, as the peer reports it: {@code id}, {@code data}, {@code data_hex}, and for a
     * signed value (which OpenDHT's SecureDht has verified before handing it out) {@code signed}, {@code seq} and
     * {@code owner_id} (the owner's key id, hex).
     */
    public List<JsonNode> getValues(String key) {
        List<JsonNode> out = new ArrayList<>();
        command("get " + key, OPERATION).path("values").forEach(out::add);
        return out;
    }

    /**
     * Every listen event so far: value fields as in {@link #getValues}, plus {@code key}, {@code expired} and
     * {@code received_nanos} (System.nanoTime() when the line was read).
     */
    public List<JsonNode> pushedEvents() {
        return List.copyOf(pushed);
    }

    /** Starts listening; values arriving later show up in {@link #pushedValues()}. */
    public void listen(String key) {
        command("listen " + key, QUICK);
    }

    /** Data (utf-8) of the values pushed to listens so far (not expired ones). */
    public List<String> pushedValues() {
        return pushed.stream().filter(v -> !v.path("expired").asBoolean())
                .map(v -> v.path("data").asText()).toList();
    }

    @Override
    protected void askToStop() {
        quitThroughStdin("quit");
    }

    @Override
    protected long askedGraceMillis() {
        return 3000;
    }

    /** The {@code stats} reply: the routing table of each family. */
    public record Stats(Table ipv4, Table ipv6) {
    }

    /** One family's routing table as the peer logs it. */
    public record Table(int good, int dubious, int expired, List<Node> nodes) {
        /** Ids of the nodes that are good or dubious (not expired). */
        public Set<String> knownIds() {
            return nodes.stream().filter(n -> !"expired".equals(n.state())).map(Node::id).collect(Collectors.toSet());
        }

        public Set<String> goodIds() {
            return nodes.stream().filter(n -> "good".equals(n.state())).map(Node::id).collect(Collectors.toSet());
        }
    }

    /** A routing table entry. */
    public record Node(String id, String addr, String state) {
    }
}
