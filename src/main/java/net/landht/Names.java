package net.landht;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.http.HttpService;
import net.landht.names.ForwardCounters;
import net.landht.names.NameForwarder;
import net.landht.names.NameServer;
import net.landht.names.NameStoreException;
import net.landht.names.NamesAdmin;
import net.landht.names.NamesCounters;
import net.landht.names.http.ForwardingHttpService;
import net.landht.names.http.NamesHttpService;
import net.landht.ops.NamesAdminRoutes;
import net.landht.ops.NamesSection;

/**
 * The name server as one component of the daemon ({@code names.enabled}): opens the registry, and gives the LAN
 * HTTP service what to mount at {@code /name/} and {@code /addr/} and the ops endpoint its section. When the
 * database cannot be opened (locked, corrupt, unreadable) landht keeps serving the DHT: it logs an ERROR that says
 * what to do, answers those routes with 503, and shows {@code landht_names_up 0}. With {@code names.primary} it is a
 * secondary: it forwards those routes to the primary ({@link NameForwarder}) and does not open its own database.
 */
final class Names implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Names.class);

    private final NameServer server;
    private final NamesHttpService http;
    private final NameForwarder forwarder;
    private final NamesSection.State state;
    private final String offReason;
    /** Runs the admin's blocking calls (list, remove, import) off the ops thread. */
    private final ExecutorService adminWorker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "landht-names-admin");
        t.setDaemon(true);
        return t;
    });

    private Names(NameServer server, NamesHttpService http, NameForwarder forwarder, NamesSection.State state,
                  String offReason) {
        this.server = server;
        this.http = http;
        this.forwarder = forwarder;
        this.state = state;
        this.offReason = offReason;
    }

    /** Opens the registry when {@code names.enabled}; never throws for a database problem. */
    static Names start(NodeRuntime rt) {
        if (!rt.config().names().enabled()) {
            LOG.info("name server off (names.enabled: false)");
            return new Names(null, null, null, NamesSection.State.DISABLED, "names.enabled is false");
        }
        if (!rt.config().http().enabled()) {
            LOG.info("name server off: it is served on the LAN HTTP port, which is off (http.enabled: false / "
                    + "--no-http)");
            return new Names(null, null, null, NamesSection.State.DISABLED, "the LAN HTTP port is off (http.enabled)");
        }
        String primary = rt.config().names().primary();
        if (primary != null) {
            LOG.info("names: forwarding to primary {} (answers cached; this landht registers nothing itself and does"
                    + " not open its names database; {} registration attempts per minute per client here)", primary,
                    rt.config().names().perSourcePostsPerMinute() == 0 ? "unlimited"
                            : rt.config().names().perSourcePostsPerMinute());
            return new Names(null, null, new NameForwarder(rt.config().names(), Clock.systemUTC(), System::nanoTime),
                    NamesSection.State.FORWARDING, "this landht is a secondary (names.primary): the names are kept by "
                    + primary + ", run landht names there");
        }
        try {
            NameServer server = NameServer.start(rt.config(), Clock.systemUTC(), System::nanoTime);
            return new Names(server, new NamesHttpService(server.service()), null, NamesSection.State.SERVING, "");
        } catch (NameStoreException e) {
            LOG.error("name server OFF, the DHT and its proxy keep running: {} (Jami clients get 503 for names "
                    + "until this is fixed and landht restarted; set names.enabled: false to silence this)",
                    e.getMessage());
            return new Names(null, null, null, NamesSection.State.FAILED, e.getMessage());
        }
    }

    /** What {@code /name/} and {@code /addr/} route to, or null when the name server is disabled. */
    HttpService routes() {
        return switch (state) {
            case SERVING -> http;
            case FORWARDING -> new ForwardingHttpService(forwarder);
            case FAILED -> NamesHttpService.unavailable();
            case DISABLED -> null;
        };
    }

    /** The running server, or null. */
    NameServer server() {
        return server;
    }

    NamesSection section(NodeRuntime rt) {
        NamesCounters counters = server != null ? server.service().counters()
                : forwarder != null ? forwarder.counters() : new NamesCounters();
        NamesAdmin admin = server != null ? new NamesAdmin(server.store(),
                Set.copyOf(rt.config().names().reserved()), Clock.systemUTC()) : null;
        return new NamesSection(state, counters, () -> http != null ? http.busyRefusals() : 0,
                new NamesAdminRoutes(admin, adminWorker, offReason),
                forwarder != null ? forwarder.forwardCounters() : new ForwardCounters());
    }

    /** Call after the HTTP service has stopped: finishes running requests, then closes the database. */
    @Override
    public void close() {
        adminWorker.shutdownNow();
        if (http != null) {
            http.close();
        }
        if (forwarder != null) {
            forwarder.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
