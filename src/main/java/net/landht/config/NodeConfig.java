package net.landht.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole, validated configuration of one landht node. Immutable; built by {@link ConfigLoader} from the embedded
 * defaults, the YAML file, {@code LANDHT_*} environment variables and the command line (in rising precedence).
 *
 * <p>Each component's YAML key is given in brackets; {@code config/landht.yaml} documents them all.
 *
 * @param dht         the DHT itself [dht]
 * @param storage     storage engine bounds [storage]
 * @param persistence state directory and snapshots [persistence]
 * @param discovery   local peer discovery [discovery]
 * @param ops         operations HTTP endpoint [ops]
 * @param http        the LAN HTTP service: OpenDHT's proxy REST API [http]
 * @param limits      rate limits and source filtering [limits]
 * @param logging     logging [logging]
 * @param names       the Jami name server [names]
 * @param proxy       the DHT proxy's push notifications [proxy]
 */
public record NodeConfig(Dht dht, Storage storage, Persistence persistence, Discovery discovery, Ops ops,
                         Http http, Limits limits, Logging logging, Names names, Proxy proxy) {

    /** The default UDP port of OpenDHT. OpenDHT: include/opendht/network_utils.h, DHT_DEFAULT_PORT. */
    public static final int DEFAULT_PORT = 4222;

    public NodeConfig {
        Objects.requireNonNull(dht);
        Objects.requireNonNull(storage);
        Objects.requireNonNull(persistence);
        Objects.requireNonNull(discovery);
        Objects.requireNonNull(ops);
        Objects.requireNonNull(http);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(logging);
        Objects.requireNonNull(names);
        Objects.requireNonNull(proxy);
    }

    /** A configuration with the default [proxy] section. */
    public NodeConfig(Dht dht, Storage storage, Persistence persistence, Discovery discovery, Ops ops,
                      Http http, Limits limits, Logging logging, Names names) {
        this(dht, storage, persistence, discovery, ops, http, limits, logging, names, Proxy.defaults());
    }

    /** A configuration with the default [http] section, for callers that do not care about the LAN HTTP service. */
    public NodeConfig(Dht dht, Storage storage, Persistence persistence, Discovery discovery, Ops ops,
                      Limits limits, Logging logging, Names names) {
        this(dht, storage, persistence, discovery, ops, Http.defaults(), limits, logging, names);
    }

    /** A configuration with the default [http] and [names] sections. */
    public NodeConfig(Dht dht, Storage storage, Persistence persistence, Discovery discovery, Ops ops,
                      Limits limits, Logging logging) {
        this(dht, storage, persistence, discovery, ops, Http.defaults(), limits, logging, Names.defaults());
    }

    /** The embedded defaults: UDP 4222 on all interfaces, network 0, no seeds, state in ./landht-state. */
    public static NodeConfig defaults() {
        return new NodeConfig(Dht.defaults(), Storage.defaults(), Persistence.defaults(), Discovery.defaults(),
                Ops.defaults(), Http.defaults(), Limits.defaults(), Logging.defaults(), Names.defaults(),
                Proxy.defaults());
    }

    /** The name server's SQLite file: {@code names.database}, or {@link Names#DEFAULT_DATABASE} in the state folder. */
    public Path namesDatabase() {
        return names.database() != null ? names.database()
                : persistence.stateDir().resolve(Names.DEFAULT_DATABASE);
    }

    /**
     * The DHT node [dht].
     *
     * @param port       UDP port for both families, 1..65535 [dht.port]
     * @param bind4      IPv4 address to bind, {@code 0.0.0.0} for all [dht.bind4]
     * @param bind6      IPv6 address to bind, {@code ::} for all [dht.bind6]
     * @param ipv4       whether the IPv4 socket is opened [dht.ipv4]
     * @param ipv6       whether the IPv6 socket is opened [dht.ipv6]
     * @param networkId  OpenDHT network id, 0..2^32-1; Jami always uses 0 [dht.network-id]
     * @param bootstrap  seed nodes as Jami writes them: {@code host}, {@code host:port}, {@code [v6]:port},
     *                   hostnames; each entry may hold a {@code ;}-separated list [dht.bootstrap]
     * @param nodeId     a fixed node id as 40 hex digits, or null to use the persisted/random one [dht.node-id]
     */
    public record Dht(int port, String bind4, String bind6, boolean ipv4, boolean ipv6, long networkId,
                      List<String> bootstrap, String nodeId) {
        public Dht {
            bootstrap = List.copyOf(bootstrap);
        }

        static Dht defaults() {
            return new Dht(DEFAULT_PORT, "0.0.0.0", "::", true, true, 0, List.of(), null);
        }
    }

    /**
     * Storage engine bounds [storage]. OpenDHT: include/opendht/value.h MAX_VALUE_SIZE, src/storage.h MAX_VALUES,
     * include/opendht/callbacks.h STORAGE_LIMIT_DEFAULT (64 MiB of {@code Value::size}; landht's default total of
     * 128 MiB counts heap, packed bytes + 640 per value, and holds about as much for values of 0.5-1 KiB).
     *
     * @param maxValueBytes     largest accepted value ({@code Value::size}), bytes [storage.max-value-bytes]
     * @param maxValuesPerKey   values kept under one key [storage.max-values-per-key]
     * @param maxTotalBytes     total bytes of all stored values, each counted as the heap it costs (packed bytes
     *                          + 640, {@code storage.Accounting}) [storage.max-total-bytes]
     * @param maxBytesPerSource bytes one source IP (IPv6: /64) may hold; 0 = only the total cap applies
     *                          [storage.max-bytes-per-source]
     * @param maxListenersPerKey listeners kept per key [storage.max-listeners-per-key]
     * @param maxListenersPerSource listeners kept per source IP [storage.max-listeners-per-source]
     */
    public record Storage(int maxValueBytes, int maxValuesPerKey, long maxTotalBytes, long maxBytesPerSource,
                          int maxListenersPerKey, int maxListenersPerSource) {
        /**
         * What a byte cap needs beyond {@code maxValueBytes} to hold one value of that size as the store counts it:
         * the packed form adds up to ~1 KiB to {@code Value::size} (ids, an RSA-4096 owner key, framing) and the
         * store's bookkeeping 640 B ({@code storage.Accounting}). The loader refuses smaller caps.
         */
        public static final int CAP_MARGIN_BYTES = 2048;

        static Storage defaults() {
            return new Storage(64 * 1024, 65_536, 128L * 1024 * 1024, 0, 1024, 4096);
        }
    }

    /**
     * State kept across restarts [persistence].
     *
     * @param stateDir         folder for node id, routing table, values and journal; default {@code ./landht-state},
     *                         or {@code $STATE_DIRECTORY} when systemd sets it [persistence.state-dir]
     * @param enabled          whether state is saved and loaded at all [persistence.enabled]
     * @param snapshotInterval time between full snapshots [persistence.snapshot-interval]
     * @param journalFlush     longest time an acknowledged value waits before the journal is flushed
     *                         [persistence.journal-flush]
     */
    public record Persistence(Path stateDir, boolean enabled, Duration snapshotInterval, Duration journalFlush) {
        static Persistence defaults() {
            String systemd = System.getenv("STATE_DIRECTORY");
            Path dir = systemd != null && !systemd.isBlank()
                    ? Path.of(systemd.split(":")[0]) : Path.of("landht-state");
            return new Persistence(dir, true, Duration.ofMinutes(5), Duration.ofSeconds(1));
        }
    }

    /**
     * Local peer discovery, OpenDHT/Jami compatible [discovery]. OpenDHT: src/peer_discovery.cpp.
     *
     * @param enabled    announce and listen on 239.192.0.1 / ff08::101 [discovery.enabled]
     * @param port       multicast UDP port [discovery.port]
     * @param interfaces interface names to use; empty = every up one with the MULTICAST flag (loopback
     *                   included), else the kernel's default multicast route
     *                   [discovery.interfaces]
     */
    public record Discovery(boolean enabled, int port, List<String> interfaces) {
        public Discovery {
            interfaces = List.copyOf(interfaces);
        }

        static Discovery defaults() {
            return new Discovery(true, 8888, List.of());
        }
    }

    /**
     * Operations HTTP endpoint: the status page (/), /health, /metrics, /stats, /names [ops].
     *
     * @param enabled whether it is served [ops.enabled]
     * @param bind    address to bind [ops.bind]
     * @param port    TCP port [ops.port]
     */
    public record Ops(boolean enabled, String bind, int port) {
        static Ops defaults() {
            return new Ops(true, "127.0.0.1", 8422);
        }
    }

    /**
     * The LAN-facing HTTP service [http]: OpenDHT's DHT proxy REST API (Jami's "Use DHT proxy"), later the name
     * server. Served to the sources {@code limits.allow} admits. OpenDHT: include/opendht/dht_proxy_server.h
     * ({@code ProxyServerConfig.port} defaults to 8000).
     *
     * @param enabled whether it is served [http.enabled]
     * @param bind    address to bind; {@code ::} = every interface, IPv4 and IPv6 (falls back to 0.0.0.0 on a host
     *                without IPv6) [http.bind]
     * @param port    TCP port [http.port]
     * @param statusPage whether the ops endpoint's status page is also served here, at {@code /status} (off by
     *                default: it shows the routing table's peers to the whole LAN) [http.status-page]
     * @param maxConnectionsPerSource open TCP connections per client address (IPv4 address, IPv6 /64), 1 to
     *                {@link #MAX_CONNECTIONS}; more are closed at once. Every client behind one NAT router shares
     *                it, and desktop Jami in proxy mode holds one connection per listen: the default fits about 20
     *                desktops behind one router. Slowloris is bounded by the read and idle time limits and the
     *                total, not by this [http.max-connections-per-source]
     */
    public record Http(boolean enabled, String bind, int port, boolean statusPage, int maxConnectionsPerSource) {
        /** OpenDHT's proxy port: include/opendht/dht_proxy_server.h, {@code ProxyServerConfig::port}. */
        public static final int DEFAULT_PORT = 8000;
        /** Open connections in total (all sources); also the largest {@code max-connections-per-source}. */
        public static final int MAX_CONNECTIONS = 4096;

        static Http defaults() {
            return new Http(true, "::", DEFAULT_PORT, false, 256);
        }
    }

    /**
     * Request rate limits and source filtering [limits]. OpenDHT: src/dht.cpp MAX_REQUESTS_PER_SEC.
     *
     * @param globalRequestsPerSecond incoming requests per second for the whole node, 0 = unlimited
     *                                [limits.global-requests-per-second]
     * @param perSourceRequestsPerSecond incoming requests per second per source IP (IPv6: /64), 0 = unlimited
     *                                [limits.per-source-requests-per-second]
     * @param exempt                  CIDRs exempt from rate limits [limits.exempt]
     * @param allow                   if not empty, only sources in these CIDRs are served [limits.allow]
     * @param verifySourcesBeforeValues a source that never answered one of our requests gets at most 5× its request's
     *                                bytes back: no values, no listen until it answers our ping
     *                                [limits.verify-sources-before-values]
     */
    public record Limits(int globalRequestsPerSecond, int perSourceRequestsPerSecond, List<String> exempt,
                         List<String> allow, boolean verifySourcesBeforeValues) {
        public Limits {
            exempt = List.copyOf(exempt);
            allow = List.copyOf(allow);
        }

        static Limits defaults() {
            return new Limits(8192, 1024, List.of(), List.of(), true);
        }
    }

    /**
     * Logging [logging].
     *
     * @param level         root level: error, warn, info, debug, trace [logging.level]
     * @param statsInterval time between one-line summaries; 0 turns them off [logging.stats-interval]
     */
    public record Logging(String level, Duration statsInterval) {
        static Logging defaults() {
            return new Logging("info", Duration.ofSeconds(60));
        }
    }

    /**
     * The Jami name server on the LAN HTTP port: {@code GET /name/NAME}, {@code GET /addr/ID}, {@code POST /name/NAME}
     * [names]. Registrations live in an SQLite file; they are kept whatever {@code persistence.enabled} says.
     *
     * @param enabled                 whether the name server answers [names.enabled]
     * @param database                its SQLite file; null = {@link #DEFAULT_DATABASE} in the state folder
     *                                ({@link NodeConfig#namesDatabase()}) [names.database]
     * @param reserved                names nobody may register, lower case [names.reserved]
     * @param perSourcePostsPerMinute registration POSTs per minute per source IP (IPv6: /64), accepted or not;
     *                                0 = unlimited [names.per-source-posts-per-minute]
     * @param primary                 base URL of the primary name server, {@code http(s)://HOST[:PORT]} without a
     *                                trailing slash, or null: this landht is its own registry. When set, this
     *                                landht is a secondary: {@code /name} and {@code /addr} are forwarded there and
     *                                its own database is not opened [names.primary]
     */
    public record Names(boolean enabled, Path database, List<String> reserved, int perSourcePostsPerMinute,
                        String primary) {
        /** The file name of the database in the state folder. */
        public static final String DEFAULT_DATABASE = "names.db";

        public Names {
            reserved = List.copyOf(reserved);
        }

        static Names defaults() {
            return new Names(true, null, List.of(), 5, null);
        }
    }

    /**
     * The DHT proxy [proxy]: its push notifications (phones SUBSCRIBE a push token per key and landht posts to their
     * gateway when a value arrives; OpenDHT: src/dht_proxy_server.cpp, {@code dhtnode --pushserver}) and the bounds
     * of the DHT operations its clients run. A "source" is a client's IP address as landht sees it: every phone
     * behind one NAT router shares one. A listen costs one slot whether it comes from {@code GET /key/H/listen} or a
     * push subscription; a search is a get or put in flight. Over a per-source bound the client gets 429, over a
     * total 503.
     *
     * @param pushServer                 gorush base URL ({@code http://host:port}; dhtnode's {@code host:port} reads
     *                                   as http) for android/ios tokens, or null: those are not sent. UnifiedPush
     *                                   endpoints need none [proxy.push-server]
     * @param pushHosts                  hosts a UnifiedPush endpoint URL may name, lower case; empty = any
     *                                   [proxy.push-hosts]
     * @param maxSubscriptions           push subscriptions in total [proxy.max-subscriptions]
     * @param maxSubscriptionsPerSource  push subscriptions per client address [proxy.max-subscriptions-per-source]
     * @param maxSearches                gets and puts in flight in total [proxy.max-searches]
     * @param maxSearchesPerSource       gets and puts in flight per client address [proxy.max-searches-per-source]
     * @param maxListens                 listens open in total [proxy.max-listens]
     * @param maxListensPerSource        listens open per client address [proxy.max-listens-per-source]
     * @param maxPermanentPuts           permanent puts kept in total [proxy.max-permanent-puts]
     * @param maxPermanentPutsPerSource  permanent puts kept per client address
     *                                   [proxy.max-permanent-puts-per-source]
     */
    public record Proxy(String pushServer, List<String> pushHosts, int maxSubscriptions,
                        int maxSubscriptionsPerSource, int maxSearches, int maxSearchesPerSource, int maxListens,
                        int maxListensPerSource, int maxPermanentPuts, int maxPermanentPutsPerSource) {
        /**
         * The default operation bounds, sized for about 20 phones behind one NAT router (one source) with a few
         * accounts each: jamid keeps ~3 listens per account (plus one per push subscription) and starts a burst of
         * gets at connect; the totals bound landht's memory (a listen or permanent put costs a few KiB).
         */
        public static final int DEFAULT_MAX_SEARCHES = 1024;
        public static final int DEFAULT_MAX_SEARCHES_PER_SOURCE = 128;
        public static final int DEFAULT_MAX_LISTENS = 4096;
        public static final int DEFAULT_MAX_LISTENS_PER_SOURCE = 256;
        public static final int DEFAULT_MAX_PERMANENT_PUTS = 4096;
        public static final int DEFAULT_MAX_PERMANENT_PUTS_PER_SOURCE = 256;

        public Proxy {
            pushHosts = List.copyOf(pushHosts);
        }

        /** Push settings with the default operation bounds. */
        public Proxy(String pushServer, List<String> pushHosts, int maxSubscriptions, int maxSubscriptionsPerSource) {
            this(pushServer, pushHosts, maxSubscriptions, maxSubscriptionsPerSource, DEFAULT_MAX_SEARCHES,
                    DEFAULT_MAX_SEARCHES_PER_SOURCE, DEFAULT_MAX_LISTENS, DEFAULT_MAX_LISTENS_PER_SOURCE,
                    DEFAULT_MAX_PERMANENT_PUTS, DEFAULT_MAX_PERMANENT_PUTS_PER_SOURCE);
        }

        static Proxy defaults() {
            return new Proxy(null, List.of(), 4096, 256);
        }
    }
}
