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
 * Multicast never leaves the namespaces; every process is stopped by PID and the namespaces deleted after each test.
 */
class PeerDiscoveryIT {

    private static final int DHT_PORT = 4222;
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
        NamespacedProcess dhtnode = startDhtnode(logs);
        String dhtnodeId = dhtnode.await(DHTNODE_STARTED, START).group(1);
        NamespacedProcess landht = startLandht(logs);
        String landhtId = landht.await(LANDHT_STARTED, START).group(1);

        assertFindEachOther(landht, landhtId, dhtnode, dhtnodeId);
    }

    @Test
    void dhtnodeStartedNextToLandhtFindsItAndIsFoundOnIpv4AndIpv6() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.create(logs));
        NamespacedProcess landht = startLandht(logs);
        String landhtId = landht.await(LANDHT_STARTED, START).group(1);
        landht.await(Pattern.compile("peer discovery on UDP 8888"), START);
        NamespacedProcess dhtnode = startDhtnode(logs);
        String dhtnodeId = dhtnode.await(DHTNODE_STARTED, START).group(1);

        assertFindEachOther(landht, landhtId, dhtnode, dhtnodeId);
    }

    @Test
    void anIpv4AddressThatArrivesAfterTheStartIsJoinedAndAnnouncedOn() {
        Path logs = it.logs();
        namespaces = it.addAfterProcesses(NetworkNamespaces.create(logs));
        String b = namespaces.b();
        String addrB = namespaces.ipv4B() + "/24";
        namespaces.ip("-n", b, "addr", "del", addrB, "dev", namespaces.vethB());
        NamespacedProcess dhtnode = startDhtnode(logs);
        String dhtnodeId = dhtnode.await(DHTNODE_STARTED, START).group(1);
        NamespacedProcess landht = startLandht(logs);
        landht.await(LANDHT_STARTED, START);
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
        NamespacedProcess landht = startLandht(logs);
        String landhtId = landht.await(LANDHT_STARTED, START).group(1);
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

    private NamespacedProcess startDhtnode(Path logs) {
        // Interactive (no -s) so that its CLI can list the routing table; -b names its own loopback, where nobody
        // answers, so that Debian's default public bootstrap is never used.
        return it.add(new NamespacedProcess("dhtnode", namespaces.exec(namespaces.a(), List.of(
                Prerequisites.DHTNODE.toString(), "-D", "-v", "-p", Integer.toString(DHT_PORT),
                "-b", "127.0.0.1:" + (DHT_PORT + 1))), logs));
    }

    private NamespacedProcess startLandht(Path logs) {
        Path state = logs.resolve("landht-state");
        return it.add(new NamespacedProcess("landht", namespaces.exec(namespaces.b(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                LandhtProcess.jar().toString(), "--port", Integer.toString(DHT_PORT), "--peer-discovery",
                "--no-ops", "--state-dir", state.toString(), "--log-level", "debug")), logs));
    }

    /**
     * landht reports the dhtnode answering its ping at the dhtnode's veth addresses, and the dhtnode's routing
     * tables hold landht as good at landht's veth addresses, in both families.
     */
    private void assertFindEachOther(NamespacedProcess landht, String landhtId, NamespacedProcess dhtnode,
                                     String dhtnodeId) {
        for (String addr : List.of(namespaces.ipv4A(), namespaces.ipv6A())) {
            landht.await(Pattern.compile("local peer " + dhtnodeId + " at "
                    + Pattern.quote(socketAddress(addr).toString()) + " answers"), FIND);
        }
        List<Pattern> inDhtnode = new ArrayList<>();
        inDhtnode.add(Pattern.compile("Node " + landhtId + " " + Pattern.quote(namespaces.ipv4B() + ":" + DHT_PORT)
                + " .*\\[good\\]"));
        inDhtnode.add(Pattern.compile("Node " + landhtId + " " + Pattern.quote("[" + namespaces.ipv6B() + "]:"
                + DHT_PORT) + " .*\\[good\\]"));
        long deadline = System.nanoTime() + FIND.toNanos();
        while (!inDhtnode.stream().allMatch(p -> dhtnode.find(p) != null)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dhtnode's routing tables do not hold landht " + landhtId + " as good at "
                        + namespaces.ipv4B() + " and " + namespaces.ipv6B() + " within " + FIND + "; dhtnode:\n"
                        + dhtnode.tail(40) + "\nlandht:\n" + landht.tail(30));
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
