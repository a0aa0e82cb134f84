package net.landht.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key, its type, and the two-way mapping between a {@code key -> value} map and
 * {@link NodeConfig}. The keys are written here by hand, in NodeConfig's order; tests check them against NodeConfig's
 * record components and against {@code config/landht.yaml}.
 */
final class ConfigKeys {
    /** The dotted keys in NodeConfig's order, with their types. */
    static final Map<String, ValueType> TYPES;

    /** The sections, in order. */
    static final List<String> SECTIONS =
            List.of("dht", "storage", "persistence", "discovery", "ops", "http", "limits", "logging", "names",
                    "proxy");

    /** {@code LANDHT_DHT_NETWORK_ID -> dht.network-id}. */
    static final Map<String, String> BY_ENV_NAME;

    static {
        Map<String, ValueType> t = new LinkedHashMap<>();
        t.put("dht.port", ValueType.PORT);
        t.put("dht.bind4", ValueType.IPV4);
        t.put("dht.bind6", ValueType.IPV6);
        t.put("dht.ipv4", ValueType.BOOLEAN);
        t.put("dht.ipv6", ValueType.BOOLEAN);
        t.put("dht.network-id", ValueType.NETWORK_ID);
        t.put("dht.bootstrap", ValueType.SEED_LIST);
        t.put("dht.node-id", ValueType.NODE_ID);
        t.put("storage.max-value-bytes", ValueType.BYTES_INT);
        t.put("storage.max-values-per-key", ValueType.POSITIVE_INT);
        t.put("storage.max-total-bytes", ValueType.BYTES_LONG);
        t.put("storage.max-bytes-per-source", ValueType.BYTES_OR_ZERO);
        t.put("storage.max-listeners-per-key", ValueType.POSITIVE_INT);
        t.put("storage.max-listeners-per-source", ValueType.POSITIVE_INT);
        t.put("persistence.state-dir", ValueType.STATE_DIR);
        t.put("persistence.enabled", ValueType.BOOLEAN);
        t.put("persistence.snapshot-interval", ValueType.INTERVAL);
        t.put("persistence.journal-flush", ValueType.NON_NEGATIVE_DURATION);
        t.put("discovery.enabled", ValueType.BOOLEAN);
        t.put("discovery.port", ValueType.PORT);
        t.put("discovery.interfaces", ValueType.NAME_LIST);
        t.put("ops.enabled", ValueType.BOOLEAN);
        t.put("ops.bind", ValueType.IP);
        t.put("ops.port", ValueType.PORT);
        t.put("http.enabled", ValueType.BOOLEAN);
        t.put("http.bind", ValueType.IP);
        t.put("http.port", ValueType.PORT);
        t.put("http.status-page", ValueType.BOOLEAN);
        t.put("http.max-connections-per-source", ValueType.POSITIVE_INT);
        t.put("limits.global-requests-per-second", ValueType.NON_NEGATIVE_INT);
        t.put("limits.per-source-requests-per-second", ValueType.NON_NEGATIVE_INT);
        t.put("limits.exempt", ValueType.CIDR_LIST);
        t.put("limits.allow", ValueType.CIDR_LIST);
        t.put("limits.verify-sources-before-values", ValueType.BOOLEAN);
        t.put("logging.level", ValueType.LOG_LEVEL);
        t.put("logging.stats-interval", ValueType.INTERVAL_OR_OFF);
        t.put("names.enabled", ValueType.BOOLEAN);
        t.put("names.database", ValueType.FILE_PATH);
        t.put("names.reserved", ValueType.USERNAME_LIST);
        t.put("names.per-source-posts-per-minute", ValueType.NON_NEGATIVE_INT);
        t.put("names.primary", ValueType.PRIMARY_URL);
        t.put("proxy.push-server", ValueType.PUSH_URL);
        t.put("proxy.push-hosts", ValueType.HOST_LIST);
        t.put("proxy.max-subscriptions", ValueType.POSITIVE_INT);
        t.put("proxy.max-subscriptions-per-source", ValueType.POSITIVE_INT);
        t.put("proxy.max-searches", ValueType.POSITIVE_INT);
        t.put("proxy.max-searches-per-source", ValueType.POSITIVE_INT);
        t.put("proxy.max-listens", ValueType.POSITIVE_INT);
        t.put("proxy.max-listens-per-source", ValueType.POSITIVE_INT);
        t.put("proxy.max-permanent-puts", ValueType.POSITIVE_INT);
        t.put("proxy.max-permanent-puts-per-source", ValueType.POSITIVE_INT);
        TYPES = Collections.unmodifiableMap(t);

        Map<String, String> env = new HashMap<>();
        for (String key : t.keySet()) {
            env.put(envName(key), key);
        }
        BY_ENV_NAME = Collections.unmodifiableMap(env);
    }

    private ConfigKeys() {
    }

    /** {@code dht.network-id -> LANDHT_DHT_NETWORK_ID}. */
    static String envName(String key) {
        return ConfigLoader.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The keys of one section, without the section: {@code port, bind4, ...}. */
    static List<String> keysOf(String section) {
        List<String> keys = new ArrayList<>();
        for (String key : TYPES.keySet()) {
            if (key.startsWith(section + ".")) {
                keys.add(key.substring(section.length() + 1));
            }
        }
        return keys;
    }

    /**
     * The values of a configuration, keyed by dotted name. {@code persistence.state-dir} is given as it is; pass
     * null in its place for "the default" ({@code $STATE_DIRECTORY} or {@code ./landht-state}).
     */
    static Map<String, Object> valuesOf(NodeConfig c) {
        Map<String, Object> v = new HashMap<>();
        v.put("dht.port", c.dht().port());
        v.put("dht.bind4", c.dht().bind4());
        v.put("dht.bind6", c.dht().bind6());
        v.put("dht.ipv4", c.dht().ipv4());
        v.put("dht.ipv6", c.dht().ipv6());
        v.put("dht.network-id", c.dht().networkId());
        v.put("dht.bootstrap", c.dht().bootstrap());
        v.put("dht.node-id", c.dht().nodeId());
        v.put("storage.max-value-bytes", c.storage().maxValueBytes());
        v.put("storage.max-values-per-key", c.storage().maxValuesPerKey());
        v.put("storage.max-total-bytes", c.storage().maxTotalBytes());
        v.put("storage.max-bytes-per-source", c.storage().maxBytesPerSource());
        v.put("storage.max-listeners-per-key", c.storage().maxListenersPerKey());
        v.put("storage.max-listeners-per-source", c.storage().maxListenersPerSource());
        v.put("persistence.state-dir", c.persistence().stateDir());
        v.put("persistence.enabled", c.persistence().enabled());
        v.put("persistence.snapshot-interval", c.persistence().snapshotInterval());
        v.put("persistence.journal-flush", c.persistence().journalFlush());
        v.put("discovery.enabled", c.discovery().enabled());
        v.put("discovery.port", c.discovery().port());
        v.put("discovery.interfaces", c.discovery().interfaces());
        v.put("ops.enabled", c.ops().enabled());
        v.put("ops.bind", c.ops().bind());
        v.put("ops.port", c.ops().port());
        v.put("http.enabled", c.http().enabled());
        v.put("http.bind", c.http().bind());
        v.put("http.port", c.http().port());
        v.put("http.status-page", c.http().statusPage());
        v.put("http.max-connections-per-source", c.http().maxConnectionsPerSource());
        v.put("limits.global-requests-per-second", c.limits().globalRequestsPerSecond());
        v.put("limits.per-source-requests-per-second", c.limits().perSourceRequestsPerSecond());
        v.put("limits.exempt", c.limits().exempt());
        v.put("limits.allow", c.limits().allow());
        v.put("limits.verify-sources-before-values", c.limits().verifySourcesBeforeValues());
        v.put("logging.level", c.logging().level());
        v.put("logging.stats-interval", c.logging().statsInterval());
        v.put("names.enabled", c.names().enabled());
        v.put("names.database", c.names().database());
        v.put("names.reserved", c.names().reserved());
        v.put("names.per-source-posts-per-minute", c.names().perSourcePostsPerMinute());
        v.put("names.primary", c.names().primary());
        v.put("proxy.push-server", c.proxy().pushServer());
        v.put("proxy.push-hosts", c.proxy().pushHosts());
        v.put("proxy.max-subscriptions", c.proxy().maxSubscriptions());
        v.put("proxy.max-subscriptions-per-source", c.proxy().maxSubscriptionsPerSource());
        v.put("proxy.max-searches", c.proxy().maxSearches());
        v.put("proxy.max-searches-per-source", c.proxy().maxSearchesPerSource());
        v.put("proxy.max-listens", c.proxy().maxListens());
        v.put("proxy.max-listens-per-source", c.proxy().maxListensPerSource());
        v.put("proxy.max-permanent-puts", c.proxy().maxPermanentPuts());
        v.put("proxy.max-permanent-puts-per-source", c.proxy().maxPermanentPutsPerSource());
        return v;
    }

    /**
     * Builds the configuration from a complete map of values.
     *
     * @param defaultStateDir used when {@code persistence.state-dir} is null
     */
    @SuppressWarnings("unchecked")
    static NodeConfig build(Map<String, Object> v, Path defaultStateDir) {
        Path stateDir = (Path) v.get("persistence.state-dir");
        return new NodeConfig(
                new NodeConfig.Dht((int) v.get("dht.port"), (String) v.get("dht.bind4"), (String) v.get("dht.bind6"),
                        (boolean) v.get("dht.ipv4"), (boolean) v.get("dht.ipv6"), (long) v.get("dht.network-id"),
                        (List<String>) v.get("dht.bootstrap"), (String) v.get("dht.node-id")),
                new NodeConfig.Storage((int) v.get("storage.max-value-bytes"),
                        (int) v.get("storage.max-values-per-key"), (long) v.get("storage.max-total-bytes"),
                        (long) v.get("storage.max-bytes-per-source"), (int) v.get("storage.max-listeners-per-key"),
                        (int) v.get("storage.max-listeners-per-source")),
                new NodeConfig.Persistence(stateDir != null ? stateDir : defaultStateDir,
                        (boolean) v.get("persistence.enabled"), (Duration) v.get("persistence.snapshot-interval"),
                        (Duration) v.get("persistence.journal-flush")),
                new NodeConfig.Discovery((boolean) v.get("discovery.enabled"), (int) v.get("discovery.port"),
                        (List<String>) v.get("discovery.interfaces")),
                new NodeConfig.Ops((boolean) v.get("ops.enabled"), (String) v.get("ops.bind"),
                        (int) v.get("ops.port")),
                new NodeConfig.Http((boolean) v.get("http.enabled"), (String) v.get("http.bind"),
                        (int) v.get("http.port"), (boolean) v.get("http.status-page"),
                        (int) v.get("http.max-connections-per-source")),
                new NodeConfig.Limits((int) v.get("limits.global-requests-per-second"),
                        (int) v.get("limits.per-source-requests-per-second"), (List<String>) v.get("limits.exempt"),
                        (List<String>) v.get("limits.allow"),
                        (boolean) v.get("limits.verify-sources-before-values")),
                new NodeConfig.Logging((String) v.get("logging.level"),
                        (Duration) v.get("logging.stats-interval")),
                new NodeConfig.Names((boolean) v.get("names.enabled"), (Path) v.get("names.database"),
                        (List<String>) v.get("names.reserved"), (int) v.get("names.per-source-posts-per-minute"),
                        (String) v.get("names.primary")),
                new NodeConfig.Proxy((String) v.get("proxy.push-server"), (List<String>) v.get("proxy.push-hosts"),
                        (int) v.get("proxy.max-subscriptions"), (int) v.get("proxy.max-subscriptions-per-source"),
                        (int) v.get("proxy.max-searches"), (int) v.get("proxy.max-searches-per-source"),
                        (int) v.get("proxy.max-listens"), (int) v.get("proxy.max-listens-per-source"),
                        (int) v.get("proxy.max-permanent-puts"), (int) v.get("proxy.max-permanent-puts-per-source")));
    }
}
