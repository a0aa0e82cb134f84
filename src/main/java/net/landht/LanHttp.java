package net.landht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.dht.DhtClient;
import net.landht.http.HttpCounters;
import net.landht.http.HttpLimits;
import net.landht.http.HttpRouter;
import net.landht.http.HttpService;
import net.landht.http.LanHttpServer;
import net.landht.net.Addresses;
import net.landht.net.Cidr;
import net.landht.ops.LanStatusPage;
import net.landht.proxy.ProxyCounters;
import net.landht.proxy.ProxyService;
import net.landht.proxy.StateFile;
import net.landht.push.PushCounters;
import net.landht.push.PushService;
import net.landht.push.PushSettings;

/**
 * The LAN HTTP service as one component of the daemon: the DHT proxy ({@link ProxyService}) at {@code /} on
 * {@code http.bind:http.port}, behind the allow-list {@code limits.allow}, with its push notifications
 * ({@link PushService}, [proxy]); the name server ({@link Names}) at {@code /name/} and {@code /addr/} on the same
 * port; the ops endpoint's status page at {@code /status} when {@code http.status-page} is true
 * ({@link LanStatusPage}). Off with {@code http.enabled: false} / {@code --no-http}.
 */
final class LanHttp {
    private static final Logger LOG = LoggerFactory.getLogger(LanHttp.class);

    private LanHttp() {
    }

    /**
     * Starts the service, or returns a no-op when {@code http.enabled} is false.
     *
     * @param names  what {@code /name/} and {@code /addr/} route to, or null for no name server
     * @param status what {@code /status} routes to, or null when {@code http.status-page} is false
     * @throws net.landht.net.ServerBindException when the port cannot be bound (the node does not start)
     */
    static AutoCloseable start(NodeRuntime rt, DhtClient client, HttpCounters http, ProxyCounters proxy,
                               PushCounters pushCounters, HttpService names, LanStatusPage status) {
        if (!rt.config().http().enabled()) {
            LOG.info("LAN HTTP service (DHT proxy) off (http.enabled: false)");
            return () -> { };
        }
        var p = rt.config().proxy();
        PushSettings settings = PushSettings.of(p.pushServer() == null ? null : java.net.URI.create(p.pushServer()),
                p.pushHosts(), p.maxSubscriptions(), p.maxSubscriptionsPerSource());
        if (rt.config().persistence().enabled()) {
            settings = settings.keptIn(stateFile(rt.config().persistence().stateDir().resolve(PUSH_FILE)));
        }
        PushService push = PushService.start(settings, client, pushCounters, rt.clock());
        ProxyService service;
        LanHttpServer server;
        try {
            service = new ProxyService(client, proxy, push, rt.loop(), rt.clock());
            if (rt.config().persistence().enabled()) {
                service.keepPermanentPuts(stateFile(rt.config().persistence().stateDir().resolve(PERMANENT_FILE)));
            }
            HttpRouter.Builder routes = HttpRouter.builder().route("/", service);
            if (names != null) {
                routes.route("/name/", names).route("/addr/", names);
            }
            if (status != null) {
                routes.route(LanStatusPage.PATH, status);
            }
            server = LanHttpServer.open(rt.config().http(), Cidr.parseAll(rt.config().limits().allow()),
                    routes.build(), HttpLimits.of(rt.config().http()), http);
        } catch (RuntimeException e) {
            push.close();
            throw e;
        }
        LOG.info("push notifications: gorush {}, UnifiedPush endpoints {}",
                p.pushServer() == null ? "off (proxy.push-server)" : p.pushServer(),
                p.pushHosts().isEmpty() ? "on any host" : "on " + p.pushHosts());
        LOG.info(startLine(server.localAddress()));
        if (status != null) {
            LOG.info("status page on the LAN too (http.status-page: true): http://{}{}, readable by every host that"
                    + " limits.allow admits", Addresses.hostPort(server.localAddress()), LanStatusPage.PATH);
        }
        if (names instanceof net.landht.names.http.NamesHttpService
                || names instanceof net.landht.names.http.ForwardingHttpService) {
            InetSocketAddress bound = server.localAddress();
            LOG.info("name server on http://{} (Jami: Account > Advanced > Name server, http://{})",
                    Addresses.hostPort(bound), whatToType(bound));
        }
        return () -> {
            server.close();
            service.close();
            push.close();
        };
    }

    /**
     * The start log line for the service bound at {@code bound}: the real address and port, and what to type into
     * Jami only when phones can reach it — "this host's LAN address:port" for a wildcard bind, the address itself
     * for a LAN address; a loopback bind says that phones cannot reach it and how to change that.
     */
    static String startLine(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        String at = "DHT proxy on http://" + Addresses.hostPort(bound);
        if (a.isLoopbackAddress()) {
            return at + " (loopback only: phones cannot reach it; for Jami set http.bind / --http-bind to a LAN"
                    + " address or ::)";
        }
        return at + " (Jami: Account > Advanced > Use DHT proxy, " + whatToType(bound) + ")";
    }

    /** What a Jami user types for the service bound at {@code bound}: the address, or a hint for a wildcard bind. */
    private static String whatToType(InetSocketAddress bound) {
        return bound.getAddress().isAnyLocalAddress() ? "this host's LAN address:" + bound.getPort()
                : Addresses.hostPort(bound);
    }

    /** The push subscriptions' file in the state folder. */
    static final String PUSH_FILE = "push-subscriptions.json";
    /** The proxy's permanent puts' file in the state folder. */
    static final String PERMANENT_FILE = "permanent-puts.json";

    /** A file in the state folder, written crash-safe ({@link net.landht.persist.AtomicFiles}). */
    private static StateFile stateFile(java.nio.file.Path file) {
        return new StateFile() {
            @Override
            public byte[] load() throws java.io.IOException {
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllBytes(file) : null;
            }

            @Override
            public void save(byte[] bytes) throws java.io.IOException {
                net.landht.persist.AtomicFiles.write(file, bytes);
            }
        };
    }

    /** The end of the summary log line: the proxy's clients now. */
    static Supplier<String> summary(NodeRuntime rt, HttpCounters http, ProxyCounters proxy) {
        if (!rt.config().http().enabled()) {
            return () -> "";
        }
        return () -> "; proxy clients: " + http.openConnections() + " connections, " + proxy.openListens()
                + " listens, " + proxy.openGets() + " gets";
    }
}
