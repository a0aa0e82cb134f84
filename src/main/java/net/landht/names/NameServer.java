package net.landht.names;

import java.time.Clock;
import java.util.function.LongSupplier;

import net.landht.config.NodeConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name server as one component of the daemon: {@link #start} opens the registry ({@link NodeConfig#namesDatabase})
 * and builds the {@link NameService} the LAN HTTP service routes {@code /name} and {@code /addr} to; {@link #close}
 * releases the database after the HTTP service has stopped.
 */
public final class NameServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);

    private final NameStore store;
    private final NameService service;

    private NameServer(NameStore store, NameService service) {
        this.store = store;
        this.service = service;
    }

    /**
     * Opens the database and logs at INFO how many names it holds.
     *
     * @param clock    wall clock for registration times ({@code Clock.systemUTC()})
     * @param nanoTime monotonic clock for the rate limit ({@code System::nanoTime})
     * @throws NameStoreException when the database cannot be used; its message says what the admin can do
     */
    public static NameServer start(NodeConfig config, Clock clock, LongSupplier nanoTime) throws NameStoreException {
        NameStore store = NameStore.open(config.namesDatabase());
        try {
            long count = store.count();
            NameServer server = new NameServer(store, new NameService(store, config.names(), clock, nanoTime));
            LOG.info("name server: {} names in {}, reserved {}, {} registration attempts per minute per source",
                    count, store.file().toAbsolutePath(), config.names().reserved(),
                    config.names().perSourcePostsPerMinute() == 0 ? "unlimited"
                            : config.names().perSourcePostsPerMinute());
            return server;
        } catch (NameStoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The open registry (for the admin commands). */
    public NameStore store() {
        return store;
    }

    /** The request handler. */
    public NameService service() {
        return service;
    }

    @Override
    public void close() {
        store.close();
    }
}
