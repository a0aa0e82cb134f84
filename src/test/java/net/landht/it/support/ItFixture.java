package net.landht.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every IT sets up and tears down, in one place: use as {@code @RegisterExtension final ItFixture it = new
 * ItFixture();}. Before each test it checks the tools the test needs ({@link Prerequisites}: a missing one FAILS the
 * test, never skips it) and empties the test's log folder ({@link ItLogs}); after each test, passed or not, it stops
 * what the test registered with {@link #add} (together, see {@link Cleanup}), then what it registered with {@link
 * #addAfterProcesses}.
 *
 * <p>Runs on the test's thread; one instance per test instance (JUnit creates one per test method).
 */
public final class ItFixture implements BeforeEachCallback, AfterEachCallback {

    private final Runnable prerequisites;
    private final Cleanup cleanup = new Cleanup();
    private final List<AutoCloseable> afterProcesses = new ArrayList<>();
    private Path logs;

    /** For the interop ITs: dhtnode, python3-opendht and landht's jar ({@link Prerequisites#requireAll}). */
    public ItFixture() {
        this(Prerequisites::requireAll);
    }

    private ItFixture(Runnable prerequisites) {
        this.prerequisites = prerequisites;
    }

    /** Like {@link #ItFixture()}, and the tests bind {@code ::1} too. */
    public static ItFixture withIpv6Loopback() {
        return new ItFixture(() -> {
            Prerequisites.requireAll();
            Prerequisites.requireIpv6Loopback();
        });
    }

    /** For ITs that need other tools than {@link Prerequisites#requireAll}: {@code check} fails when one is missing. */
    public static ItFixture requiring(Runnable check) {
        return new ItFixture(check);
    }

    /** For ITs that start only landht (its jar is checked as it starts) or check their tools themselves. */
    public static ItFixture withoutPrerequisites() {
        return new ItFixture(() -> {
        });
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prerequisites.run();
        logs = ItLogs.dir(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            cleanup.close();
        } finally {
            for (AutoCloseable item : afterProcesses) {
                item.close();
            }
            afterProcesses.clear();
        }
    }

    /** This test's log folder: {@code <build dir>/it-logs/<test class>/<test method>/}, empty at the start. */
    public Path logs() {
        return logs;
    }

    /** Registers {@code item} (a process, a client) to be closed after the test; returns it. */
    public <T extends AutoCloseable> T add(T item) {
        return cleanup.add(item);
    }

    /** Registers {@code item} to be closed once everything of {@link #add} is: what processes run in, say. */
    public <T extends AutoCloseable> T addAfterProcesses(T item) {
        afterProcesses.add(item);
        return item;
    }

    /** For {@link Swarm}'s starts, which register each peer as they go. */
    public Cleanup cleanup() {
        return cleanup;
    }

    /** The node under test ({@link NodeUnderTest}: landht, or dhtnode in the reference run) on 127.0.0.1 alone. */
    public BootstrapNode landhtOnLoopback() {
        return add(NodeUnderTest.start(logs, List.of("127.0.0.1"), List.of()));
    }

    /** A python3-opendht peer named "peer" whose only bootstrap is {@code node}, once it holds {@code node} as good. */
    public PythonPeer peerConnectedTo(BootstrapNode node, Duration timeout) {
        PythonPeer peer = add(PythonPeer.start(logs, "peer", PythonPeer.Options.of(node.hostPort())));
        Swarm.awaitAllHoldAsGood(List.of(peer), node.nodeId(), false, timeout);
        return peer;
    }

    /** {@code n} python3-opendht peers ({@link Swarm#start}) bootstrapping from {@code node}, once all hold it good. */
    public List<PythonPeer> peersConnectedTo(BootstrapNode node, int n, boolean ipv6, Duration timeout) {
        List<PythonPeer> peers = Swarm.start(cleanup, logs, n, PythonPeer.Options.of(node.hostPort()).ipv6(ipv6));
        Swarm.awaitAllHoldAsGood(peers, node.nodeId(), ipv6, timeout);
        return peers;
    }

    /** Waits {@code d} on the test's thread; an interrupt fails the test. */
    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
