package net.landht.push;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.proxy.ProxyCounters;
import net.landht.proxy.ProxyService;
import net.landht.proxy.StateFile;
import net.landht.dht.NodeClient;
import net.landht.testing.LoopbackNode;

/**
 * Tests only: the proxy with push notifications on a loopback LAN HTTP server, in front of a real lone DHT node on
 * loopback ({@link LoopbackNode}: its client's listens and its store), sending to a {@link RecordingGateway}; the
 * push service's clock is the one given (its sweeps run when the test calls them).
 */
final class PushFixture implements AutoCloseable {
    /** The key (InfoHash, hex) the push tests subscribe to and put on. */
    static final String KEY = "a9cc1f6d0130b393c86e06c7acdd61008bd96531";
    /** The bound of a push test's wait for what happens on the fixture's threads. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Where a test clock starts, in epoch milliseconds (2026-12-04). */
    static final long START_MILLIS = 1_796_398_850_000L;

    final LoopbackNode node = LoopbackNode.start();
    /** The node's DHT client, which the proxy and the push service use. */
    final NodeClient dht = node.client();
    final PushCounters counters = new PushCounters();
    final RecordingGateway gateway;
    final PushService push;
    final LanHttpServer server;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    /** @param settings the push settings, given the gateway's base URL */
    PushFixture(Function<URI, PushSettings> settings, InstantSource clock) throws IOException {
        gateway = new RecordingGateway();
        push = new PushService(settings.apply(URI.create(gateway.url())), dht, counters, clock,
                Executors.newSingleThreadScheduledExecutor(), Executors.newFixedThreadPool(2), new SecureRandom());
        ProxyService proxy = new ProxyService(dht, new ProxyCounters(0), push, timers, clock);  // one clock: the put's POST time is the push's
        server = LanHttpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpRouter.builder().route("/", proxy).build(), HttpLimits.defaults(), List.of(), new HttpCounters());
    }

    /**
     * A fixture on a test clock: 16 subscriptions, 4 a source, OpenDHT's 24 h lifetime and 2 h margin, lifetimes
     * checked every minute, nothing kept on disk.
     *
     * @param pushServer the gorush server given the gateway's base URL (null: none)
     * @param sender     the gateway sender's bounds
     * @param nowMillis  what the clock reads, in epoch milliseconds
     */
    static PushFixture onTestClock(Function<URI, URI> pushServer, PushSender.Settings sender, AtomicLong nowMillis)
            throws IOException {
        return new PushFixture(url -> new PushSettings(pushServer.apply(url), List.of(), 16, 4, Duration.ofHours(24),
                Duration.ofHours(2), Duration.ofMinutes(1), sender, StateFile.NONE),
                () -> Instant.ofEpochMilli(nowMillis.get()));
    }

    @Override
    public void close() {
        server.close();
        push.close();
        gateway.close();
        node.close();
        timers.shutdownNow();
    }
}
