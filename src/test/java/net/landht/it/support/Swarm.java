package net.landht.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Starting groups of python peers and checking, from the outside, who knows whom. */
public final class Swarm {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Swarm() {
    }

    /**
     * Starts {@code n} peers with {@code options} (launched together, then awaited), registered with {@code cleanup}.
     * Their ids are spread evenly over the id space (first byte i·256/n plus a random offset, the rest random): with
     * random ids, 9 of 12 nodes land in one half of the space a few percent of the time, overflowing a Kademlia
     * bucket of 8, which would make "everyone knows everyone" flaky for reasons that have nothing to do with landht.
     */
    public static List<PythonPeer> start(Cleanup cleanup, Path logDir, int n, PythonPeer.Options options) {
        List<String> ids = spreadIds(n);
        List<PythonPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(cleanup.add(PythonPeer.launch(logDir, "peer" + i, options.nodeId(ids.get(i)))));
        }
        peers.forEach(PythonPeer::awaitReady);
        return peers;
    }

    /**
     * Starts {@code n} (at most 10) peers like {@link #start}, but with ids in the lower half of the id space (first
     * bytes 0x00, 0x0c, 0x18, ... 0x6c, the rest random). A node whose id lies in the upper half is then farther than
     * every one of them from any key of {@link #lowerHalfKey()}: values put there live on the peers only.
     */
    public static List<PythonPeer> startInLowerHalf(Cleanup cleanup, Path logDir, int n, PythonPeer.Options options) {
        if (n > 10) {
            throw new IllegalArgumentException("at most 10 peers fit below 0x70, not " + n);
        }
        List<PythonPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%02x", i * 12) + randomKey().substring(2);
            peers.add(cleanup.add(PythonPeer.launch(logDir, "peer" + i, options.nodeId(id))));
        }
        peers.forEach(PythonPeer::awaitReady);
        return peers;
    }

    /** A random key in the lower half of the id space (first byte 0x00–0x6f), see {@link #startInLowerHalf}. */
    public static String lowerHalfKey() {
        String k = randomKey();
        return String.format("%02x", Integer.parseInt(k.substring(0, 2), 16) % 0x70) + k.substring(2);
    }

    /**
     * Like {@link #start}, but peers join one after the other, the way phones join a LAN: each one starts once the
     * previous one knows {@code min(earlier peers, minKnown)} of the peers started before it (at most {@code
     * perPeer} each; a python3-opendht 2.4.12 peer runs its first search 3–5 s after it starts).
     *
     * <p>Why not all at once: a 2.4.12 peer that other peers contact before its own first search has run starts that
     * search from the nodes it has just heard of, stops once its 8 closest answered, and never asks the bootstrap; it
     * only looks for far nodes again when a bucket is empty or 10 minutes stale. Measured against landht with peers
     * started 0.2 s apart: in 3 of 5 runs one peer stayed at 8 or 9 of 11 for a whole minute, whatever the bootstrap
     * answers (it is never asked). Joining as here: 11 of 11 for every peer in 5 of 5 runs, each newcomer taking
     * 3–5 s. So this start tests the bootstrap, not that race.
     */
    public static List<PythonPeer> joinOneByOne(Cleanup cleanup, Path logDir, int n, PythonPeer.Options options,
            int minKnown, Duration perPeer) {
        List<String> ids = spreadIds(n);
        List<PythonPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PythonPeer p = cleanup.add(PythonPeer.launch(logDir, "peer" + i, options.nodeId(ids.get(i))));
            p.awaitReady();
            List<PythonPeer> earlier = List.copyOf(peers);
            peers.add(p);
            int want = Math.min(earlier.size(), minKnown);
            await(p + " knows " + want + " of the " + earlier.size() + " peers started before it").atMost(perPeer)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertKnows(p, earlier, want, options.ipv6()));
        }
        return peers;
    }

    /** Fails unless {@code peer} has at least {@code min} of {@code others} in its routing table (not expired). */
    public static void assertKnows(PythonPeer peer, List<PythonPeer> others, int min, boolean ipv6) {
        PythonPeer.Stats stats = peer.stats();
        Set<String> known = (ipv6 ? stats.ipv6() : stats.ipv4()).knownIds();
        Set<String> missing = new TreeSet<>();
        others.stream().filter(o -> !o.nodeId().equals(peer.nodeId()) && !known.contains(o.nodeId()))
                .forEach(o -> missing.add(o.toString()));
        int knows = (int) others.stream().filter(o -> !o.nodeId().equals(peer.nodeId())).count() - missing.size();
        if (knows < min) {
            throw new AssertionError(peer + " knows " + knows + " of " + (knows + missing.size()) + " (wants " + min
                    + "), missing " + missing);
        }
    }

    static List<String> spreadIds(int n) {
        List<String> ids = new ArrayList<>();
        int step = 256 / n;
        int offset = RANDOM.nextInt(Math.max(1, step));
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[20];
            RANDOM.nextBytes(id);
            id[0] = (byte) (i * 256 / n + offset);
            ids.add(Hex.encode(id));
        }
        return ids;
    }

    /**
     * Fails unless every peer has at least {@code min} of the other peers in its routing table (good or dubious)
     * of the given family; the message lists who misses whom.
     */
    public static void assertEachKnowsOthers(List<PythonPeer> peers, int min, boolean ipv6) {
        List<String> problems = new ArrayList<>();
        for (PythonPeer p : peers) {
            try {
                assertKnows(p, peers, min, ipv6);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("peers should each know at least " + min + " others:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /**
     * Fails unless {@code node} answers a {@code find} for each expected id with that node first in the list of the
     * query's family ({@code n4} or {@code n6}). OpenDHT only hands out good nodes, sorted by distance, so this shows
     * from the outside that the node holds each of them as good.
     *
     * @param expected node id (hex) → the UDP port it should be listed with
     */
    public static void assertHoldsAsGood(InetSocketAddress node, Map<String, Integer> expected) {
        Map<String, String> problems = notHeldAsGood(node, expected);
        if (!problems.isEmpty()) {
            throw new AssertionError(node + " should hold " + expected.size() + " nodes as good; "
                    + problems.size() + " not:\n  " + String.join("\n  ", problems.values()));
        }
    }

    /** The ids of {@code candidates} (id → port) that {@code node} holds as good (see {@link #assertHoldsAsGood}). */
    public static Set<String> heldAsGood(InetSocketAddress node, Map<String, Integer> candidates) {
        Set<String> held = new TreeSet<>(candidates.keySet());
        held.removeAll(notHeldAsGood(node, candidates).keySet());
        return held;
    }

    /** id → what the find for it returned instead, for each expected node that {@code node} does not hand out first. */
    private static Map<String, String> notHeldAsGood(InetSocketAddress node, Map<String, Integer> expected) {
        Map<String, String> problems = new LinkedHashMap<>();
        try (RawDhtClient client = RawDhtClient.forTarget(node).asClient()) {
            boolean ipv6 = node.getAddress() instanceof java.net.Inet6Address;
            expected.forEach((id, port) -> {
                RawDhtClient.Reply r = client.find(node, Hex.decode(id));
                List<RawDhtClient.NodeRecord> list = ipv6 ? r.n6() : r.n4();
                if (list.isEmpty()) {
                    problems.put(id, "find " + id + " → no " + (ipv6 ? "n6" : "n4") + " nodes: " + r);
                } else if (!list.get(0).id().equals(id) || list.get(0).address().getPort() != port) {
                    problems.put(id, "find " + id + " (port " + port + ") → first is " + list.get(0) + " of " + list);
                }
            });
        }
        return problems;
    }

    /** id → port of the peers, for {@link #assertHoldsAsGood}. */
    public static Map<String, Integer> idsAndPorts(List<PythonPeer> peers) {
        Map<String, Integer> m = new LinkedHashMap<>();
        peers.forEach(p -> m.put(p.nodeId(), p.port()));
        return m;
    }

    /** Waits until every peer holds {@code nodeId} as a good node (= it is connected through it). */
    public static void awaitAllHoldAsGood(List<PythonPeer> peers, String nodeId, boolean ipv6, Duration timeout) {
        await("peers hold " + nodeId + " as good").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> peers.forEach(p -> {
                    PythonPeer.Stats s = p.stats();
                    assertThat((ipv6 ? s.ipv6() : s.ipv4()).goodIds()).as(p + " good nodes").contains(nodeId);
                }));
    }

    /** A raw get on {@code node} returns a value with data {@code text}: the node stored it itself. */
    public static void assertStores(InetSocketAddress node, String key, String text) {
        try (RawDhtClient client = RawDhtClient.forTarget(node)) {
            RawDhtClient.Reply reply = client.get(node, Hex.decode(key));
            assertThat(reply.isError()).as("get answered with an error: %s", reply).isFalse();
            assertThat(reply.valueData()).as("values %s returns for %s: %s", node, key, reply)
                    .anySatisfy(d -> assertThat(new String(d, StandardCharsets.UTF_8)).isEqualTo(text));
        }
    }

    /** A random 40-hex-digit key. */
    public static String randomKey() {
        byte[] k = new byte[20];
        RANDOM.nextBytes(k);
        return Hex.encode(k);
    }
}
