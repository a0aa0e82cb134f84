package net.landht;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.http.HttpService;
import net.landht.names.NameServer;
import net.landht.names.NameStoreException;
import net.landht.names.NamesCounters;
import net.landht.names.http.NamesHttpService;
import net.landht.ops.NamesSection;

/**
 * The name server as one component of the daemon ({@code names.enabled}): opens the registry, and gives the LAN
 * HTTP service what to mount at {@code /name/} and {@code /addr/} and the ops endpoint its section. When the
 * database cannot be opened (locked, corrupt, unreadable) landht keeps serving the DHT: it logs an ERROR that says
 * what to do, answers those routes with 503, and shows {@code landht_names_up 0}.
 */
final class Names implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Names.class);

    private final NameServer server;
    private final NamesHttpService http;
    private final NamesSection.State state;

    private Names(NameServer server, NamesHttpService http, NamesSection.State state) {
        this.server = server;
        this.http = http;
        this.state = state;
    }

    /** Opens the registry when {@code names.enabled}; never throws for a database problem. */
    static Names start(NodeRuntime rt) {
        if (!rt.config().names().enabled()) {
            LOG.info("name server off (names.enabled: false)");
            return new Names(null, null, NamesSection.State.DISABLED);
        }
        if (!rt.config().http().enabled()) {
            LOG.warn("name server off: it is served on the LAN HTTP port, which is off (http.enabled: false / "
                    + "--no-http)");
            return new Names(null, null, NamesSection.State.DISABLED);
        }
        try {
            NameServer server = NameServer.start(rt.config(), java.time.Clock.systemUTC(), System::nanoTime);
            return new Names(server, new NamesHttpService(server.service()), NamesSection.State.SERVING);
        } catch (NameStoreException e) {
            LOG.error("name server OFF, the DHT and its proxy keep running: {} (Jami clients get 503 for names "
                    + "until this is fixed and landht restarted; set names.enabled: false to silence this)",
                    e.getMessage());
            return new Names(null, null, NamesSection.State.FAILED);
        }
    }

    /** What {@code /name/} and {@code /addr/} route to, or null when the name server is disabled. */
    HttpService routes() {
        return switch (state) {
            case SERVING -> http;
            case FAILED -> NamesHttpService.unavailable();
            case DISABLED -> null;
        };
    }

    /** The running server, or null. */
    NameServer server() {
        return server;
    }

    NamesSection section() {
        NamesCounters counters = server != null ? server.service().counters() : new NamesCounters();
        return new NamesSection(state, counters, () -> http != null ? http.busyRefusals() : 0);
    }

    /** Call after the HTTP service has stopped: finishes running requests, then closes the database. */
    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
