package net.landht.push;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.LanHttpServer;
import net.landht.proxy.ProxyCounters;
import net.landht.proxy.ProxyService;
import net.landht.dht.NodeClient;
import net.landht.testing.LoopbackNode;

/**
 * Tests only: the proxy with push notifications on a loopback LAN HTTP server, in front of a real lone DHT node on
 * loopback ({@link LoopbackNode}: its client's listens and its store), sending to a {@link RecordingGateway}; the
 * push service's clock is the one given (its sweeps run when the test calls them).
 */
final class PushFixture implements AutoCloseable {
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

    @Override
    public void close() {
        server.close();
        push.close();
        gateway.close();
        node.close();
        timers.shutdownNow();
    }
}
