package net.landht;

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
import net.landht.proxy.ProxyCounters;
import net.landht.proxy.ProxyService;

/**
 * The LAN HTTP service as one component of the daemon: the DHT proxy ({@link ProxyService}) at {@code /} on
 * {@code http.bind:http.port}, behind the allow-list {@code limits.allow}; the name server ({@link Names}) at
 * {@code /name/} and {@code /addr/} on the same port. Off with {@code http.enabled: false} / {@code --no-http}.
 */
final class LanHttp {
    private static final Logger LOG = LoggerFactory.getLogger(LanHttp.class);

    private LanHttp() {
    }

    /**
     * Starts the service, or returns a no-op when {@code http.enabled} is false.
     *
     * @param names what {@code /name/} and {@code /addr/} route to, or null for no name server
     * @throws net.landht.net.ServerBindException when the port cannot be bound (the node does not start)
     */
    static AutoCloseable start(NodeRuntime rt, DhtClient client, HttpCounters http, ProxyCounters proxy,
                               HttpService names) {
        if (!rt.config().http().enabled()) {
            LOG.info("LAN HTTP service (DHT proxy) off (http.enabled: false)");
            return () -> { };
        }
        ProxyService service = new ProxyService(client, proxy, ProxyService.NO_PUSH, rt.loop(), rt.clock());
        HttpRouter.Builder routes = HttpRouter.builder().route("/", service);
        if (names != null) {
            routes.route("/name/", names).route("/addr/", names);
        }
        HttpRouter router = routes.build();
        LanHttpServer server = LanHttpServer.open(rt.config().http(), Cidr.parseAll(rt.config().limits().allow()),
                router, HttpLimits.defaults(), http);
        LOG.info("DHT proxy on http://{} (Jami: Account > Advanced > Use DHT proxy, this host's LAN address:{})",
                Addresses.hostPort(server.localAddress()), server.localAddress().getPort());
        if (names instanceof net.landht.names.http.NamesHttpService) {
            LOG.info("name server on http://{} (Jami: Account > Advanced > Name server, http://this host's LAN "
                    + "address:{})", Addresses.hostPort(server.localAddress()), server.localAddress().getPort());
        }
        return () -> {
            server.close();
            service.close();
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
