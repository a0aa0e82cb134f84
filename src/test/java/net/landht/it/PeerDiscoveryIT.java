package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.NamespacedProcess;
import net.landht.it.support.NetworkNamespaces;
import net.landht.it.support.Prerequisites;
import net.landht.it.support.TestResources;

/**
 * Local peer discovery against Debian's real {@code dhtnode -D}, inside two network namespaces joined by a veth pair
 * that the test creates and deletes ({@link NetworkNamespaces}): dhtnode runs in one, landht (discovery on) in the
 * other, each on UDP 4222. Both ways and both families: landht finds the dhtnode (its ping is answered, which the
 * log line "local peer ID at ADDR answers" reports) and the dhtnode finds landht (its routing table, listed by its
 * CLI command {@code lr}, holds landht as good). Whichever starts first, the other's query or publish does it.
 * Also inside one namespace whose only multicast route is loopback (both on loopback, IPv4: Linux loops no IPv6
 * multicast on {@code lo}), and with an interface that appears after landht started, where landht warned first that
 * it reached no interface. Multicast never leaves the namespaces; every process is stopped by PID and the namespaces
 * deleted after each test.
 */
class PeerDiscoveryIT {

    private static final int DHT_PORT = 4222;
    /** landht's port when it shares a namespace with the dhtnode. */
    private static final int LOOPBACK_LANDHT_PORT = 4223;
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration FIND = Duration.ofSeconds(40);
    private static final Pattern LANDHT_STARTED = Pattern.compile("landht started: node id ([0-9a-f]{40})");
    private static final Pattern DHTNODE_STARTED = Pattern.compile("OpenDHT node ([0-9a-f]{40}) running on port");

    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();
    /** Where the test's processes run; deleted once they are all stopped. */
    private NetworkNamespaces namespaces;

    @BeforeAll
    static void tools() {
        NetworkNamespaces.ipCommand();
        Prerequisites.requireDhtnode();
        if (!Files.isExecutable(Prerequisites.PYTHON)) {
            throw new AssertionError(Prerequisites.PYTHON + " is missing: apt-get install python3. "
                    + "The interop integration tests are mandatory and do not skip.");
        }
        LandhtProcess.jar();
    }

    @Test
    void landhtStartedNextToADhtnodeFindsItAndIsFoundOnIpv4AndIpv6() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.create(logs));
        Started dhtnode = startDhtnode(logs);
        Started landht = startLandht(logs);

        assertFindEachOther(landht, dhtnode);
    }

    @Test
    void dhtnodeStartedNextToLandhtFindsItAndIsFoundOnIpv4AndIpv6() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.create(logs));
        Started landht = startLandht(logs);
        landht.process().await(Pattern.compile("peer discovery on UDP 8888"), START);
        Started dhtnode = startDhtnode(logs);

        assertFindEachOther(landht, dhtnode);
    }

    @Test
    void anIpv4AddressThatArrivesAfterTheStartIsJoinedAndAnnouncedOn() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.create(logs));
        String b = namespaces.b();
        String addrB = namespaces.ipv4B() + "/24";
        namespaces.ip("-n", b, "addr", "del", addrB, "dev", namespaces.vethB());
        String dhtnodeId = startDhtnode(logs).id();
        NamespacedProcess landht = startLandht(logs).process();
        landht.await(Pattern.compile("peer discovery on UDP 8888: 239\\.192\\.0\\.1 on \\[\\], "), START);

        namespaces.ip("-n", b, "addr", "add", addrB, "dev", namespaces.vethB()); // a DHCP lease, say

        landht.await(Pattern.compile("peer discovery interfaces changed, UDP 8888: 239\\.192\\.0\\.1 on \\["
                + namespaces.vethB() + "\\]"), Duration.ofSeconds(45));
        landht.await(Pattern.compile("local peer " + dhtnodeId + " at "
                + Pattern.quote(socketAddress(namespaces.ipv4A()).toString()) + " answers"), FIND);
    }

    @Test
    void landhtAnswersAQueryByUnicastWithOpenDhtsPublishPacket() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.create(logs));
        Started started = startLandht(logs);
        NamespacedProcess landht = started.process();
        String landhtId = started.id();
        Pattern joined = Pattern.compile("peer discovery on UDP 8888: 239\\.192\\.0\\.1 on \\[" + namespaces.vethB()
                + "\\], ff08:0:0:0:0:0:0:101 on \\[" + namespaces.vethB() + "\\]");
        landht.await(joined, START);
        // {"dht": [landht's id, 4222, 0]}, byte for byte as OpenDHT packs it (fact sheet §15)
        String publish = "81a364687493c414" + landhtId + "cd107e00";

        for (String[] family : new String[][] {{"239.192.0.1", namespaces.ipv4B()}, {"ff08::101",
                namespaces.ipv6B()}}) {
            Path script = TestResources.file("/peers/discovery_query.py");
            NamespacedProcess query = it.add(new NamespacedProcess("query-" + family[0].replace(':', '_'),
                    namespaces.exec(namespaces.a(), List.of(Prerequisites.PYTHON.toString(), "-u",
                            script.toString(), family[0], "8888", "3")), logs));
            query.await(Pattern.compile("^" + Pattern.quote(family[1]) + " 8888 " + publish + "$"), FIND);
        }
        assertThat(landht.lines()).noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "));
    }

    @Test
    void onlyLoopbackMulticastLandhtStartedFirstAndDhtnodeFindEachOther() {
        onLoopbackFindEachOther(true, true, "lo");
    }

    @Test
    void onlyLoopbackMulticastDhtnodeStartedFirstAndLandhtFindEachOther() {
        onLoopbackFindEachOther(true, false, "lo");
    }

    @Test
    void withNoInterfaceFlaggedMulticastTheDefaultMulticastRouteIsJoinedAndWorks() {
        onLoopbackFindEachOther(false, false, "default route");
    }

    /**
     * dhtnode and landht in one namespace whose only multicast route is loopback ({@code multicastFlag}: with the
     * flag on loopback, else with loopback's default flags), started in the order given: landht's IPv4 membership is
     * {@code joined}, and each holds the other at 127.0.0.1 (IPv4 only, see the class comment).
     */
    private void onLoopbackFindEachOther(boolean multicastFlag, boolean landhtFirst, String joined) {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.createUnlinked(logs));
        if (multicastFlag) {
            namespaces.loopbackMulticast(namespaces.a());
        } else {
            namespaces.loopbackMulticastRoute(namespaces.a());
        }
        Started landht = landhtFirst ? startLandht(logs, namespaces.a(), LOOPBACK_LANDHT_PORT) : null;
        Started dhtnode = startDhtnode(logs, namespaces.a());
        if (!landhtFirst) {
            landht = startLandht(logs, namespaces.a(), LOOPBACK_LANDHT_PORT);
        }
        landht.process().await(Pattern.compile("peer discovery on UDP 8888: 239\\.192\\.0\\.1 on \\[" + joined + "\\]"), START);

        landht.process().await(Pattern.compile("local peer " + dhtnode.id() + " at " + Pattern.quote(
                socketAddress("127.0.0.1").toString()) + " answers"), FIND);
        awaitInDhtnode(dhtnode.process(), landht.process(), List.of(Pattern.compile("Node " + landht.id() + " "
                + Pattern.quote("127.0.0.1:" + LOOPBACK_LANDHT_PORT) + " .*\\[good\\]")));
        assertThat(landht.process().lines()).noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "));
    }

    @Test
    void anInterfaceAddedAfterTheStartIsJoinedAfterAWarningThatNoneWasReached() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.createUnlinked(logs));
        Started landht = startLandht(logs);
        landht.process().await(Pattern.compile(" WARN .*peer discovery is on but reaches no network interface"),
                START);

        namespaces.link(); // a cable plugged in, say
        Started dhtnode = startDhtnode(logs);

        landht.process().await(Pattern.compile("peer discovery joined 239\\.192\\.0\\.1 on " + namespaces.vethB()
                + "$"), START);
        landht.process().await(Pattern.compile("peer discovery reaches an interface again"), START);
        assertFindEachOther(landht, dhtnode);
    }

    /** A process that printed its start line, and the node id it gave there. */
    private record Started(NamespacedProcess process, String id) {
    }

    private Started startDhtnode(Path logs) {
        return startDhtnode(logs, namespaces.a());
    }

    private Started startDhtnode(Path logs, String ns) {
        // Interactive (no -s) so that its CLI can list the routing table; -b names its own loopback, where nobody
        // answers, so that Debian's default public bootstrap is never used.
        return started(DHTNODE_STARTED, new NamespacedProcess("dhtnode", namespaces.exec(ns, List.of(
                Prerequisites.DHTNODE.toString(), "-D", "-v", "-p", Integer.toString(DHT_PORT),
                "-b", "127.0.0.1:" + (DHT_PORT + 2))), logs));
    }

    private Started startLandht(Path logs) {
        return startLandht(logs, namespaces.b(), DHT_PORT);
    }

    private Started startLandht(Path logs, String ns, int port) {
        Path state = logs.resolve("landht-state");
        return started(LANDHT_STARTED, new NamespacedProcess("landht", namespaces.exec(ns, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                LandhtProcess.jar().toString(), "--port", Integer.toString(port), "--peer-discovery",
                "--no-ops", "--state-dir", state.toString(), "--log-level", "debug")), logs));
    }

    /** Registers {@code p} for cleanup and waits for its start line, whose group 1 is the node id. */
    private Started started(Pattern startLine, NamespacedProcess p) {
        it.add(p);
        return new Started(p, p.await(startLine, START).group(1));
    }

    /**
     * landht reports the dhtnode answering its ping at the dhtnode's veth addresses, and the dhtnode's routing
     * tables hold landht as good at landht's veth addresses, in both families.
     */
    private void assertFindEachOther(Started landhtStarted, Started dhtnodeStarted) {
        NamespacedProcess landht = landhtStarted.process();
        NamespacedProcess dhtnode = dhtnodeStarted.process();
        String landhtId = landhtStarted.id();
        String dhtnodeId = dhtnodeStarted.id();
        for (String addr : List.of(namespaces.ipv4A(), namespaces.ipv6A())) {
            landht.await(Pattern.compile("local peer " + dhtnodeId + " at "
                    + Pattern.quote(socketAddress(addr).toString()) + " answers"), FIND);
        }
        List<Pattern> inDhtnode = new ArrayList<>();
        inDhtnode.add(Pattern.compile("Node " + landhtId + " " + Pattern.quote(namespaces.ipv4B() + ":" + DHT_PORT)
                + " .*\\[good\\]"));
        inDhtnode.add(Pattern.compile("Node " + landhtId + " " + Pattern.quote("[" + namespaces.ipv6B() + "]:"
                + DHT_PORT) + " .*\\[good\\]"));
        awaitInDhtnode(dhtnode, landht, inDhtnode);
    }

    /** Lists dhtnode's routing tables ({@code lr}) every second until every pattern matches, for {@link #FIND}. */
    private static void awaitInDhtnode(NamespacedProcess dhtnode, NamespacedProcess landht, List<Pattern> inDhtnode) {
        long deadline = System.nanoTime() + FIND.toNanos();
        while (!inDhtnode.stream().allMatch(p -> dhtnode.find(p) != null)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dhtnode's routing tables do not show " + inDhtnode + " within " + FIND
                        + "; dhtnode:\n" + dhtnode.tail(40) + "\nlandht:\n" + landht.tail(30));
            }
            dhtnode.send("lr");
            ItFixture.sleep(Duration.ofSeconds(1));
        }
    }

    private static InetSocketAddress socketAddress(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), DHT_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

}
