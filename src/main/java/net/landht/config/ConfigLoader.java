package net.landht.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link NodeConfig} from four layers, each overriding the one before: the embedded defaults, a YAML file,
 * {@code LANDHT_<SECTION>_<KEY>} environment variables and command-line settings. Every value is checked; a bad one
 * is a {@link ConfigException} that names the key and where the value was written.
 *
 * <p>Environment variables: the dotted key in upper case with {@code .} and {@code -} turned into {@code _}
 * ({@code dht.network-id} is {@code LANDHT_DHT_NETWORK_ID}). List keys take {@code ;} or {@code ,} separated items.
 * An unknown {@code LANDHT_*} variable is an error, as an unknown key in the file is.
 */
public final class ConfigLoader {
    /** Largest config file read, bytes. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    /** Prefix of the environment variables read. */
    public static final String ENV_PREFIX = "LANDHT_";
    /** Set by systemd's {@code StateDirectory=} (and by the Docker image): the default state folder. */
    public static final String STATE_DIRECTORY_ENV = "STATE_DIRECTORY";
    /** The state folder when {@code $STATE_DIRECTORY} is not set. */
    public static final Path FALLBACK_STATE_DIR = Path.of("landht-state");

    /**
     * A command-line setting: a dotted key and its value as the user typed it.
     *
     * @param key    dotted key, e.g. {@code dht.port}
     * @param values one value, or several for list keys
     * @param option the option that gave it, e.g. {@code --port}, for messages
     */
    public record Setting(String key, List<String> values, String option) {
        public Setting {
            Objects.requireNonNull(key);
            Objects.requireNonNull(option);
            values = List.copyOf(values);
            if (!ConfigKeys.TYPES.containsKey(key)) {
                throw new IllegalArgumentException("unknown key " + key);
            }
        }

        /** A scalar setting. */
        public static Setting of(String key, String value, String option) {
            return new Setting(key, List.of(value), option);
        }
    }

    private final Map<String, String> env;

    /** @param env the environment to read ({@code System.getenv()} in production; a map in tests) */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Loads and checks a configuration.
     *
     * @param file     the YAML file, or null for none
     * @param settings command-line settings, applied last in order
     * @throws ConfigException naming the key, file and line (or variable, or option) of the first problem
     */
    public LoadedConfig load(Path file, List<Setting> settings) throws ConfigException {
        Layers layers = new Layers();
        List<String> source = new ArrayList<>();
        if (file != null) {
            readFile(file, layers);
            source.add(file.toString());
        } else {
            source.add("embedded defaults");
        }
        List<String> vars = readEnvironment(layers);
        if (!vars.isEmpty()) {
            source.add("environment (" + String.join(", ", vars) + ")");
        }
        Set<String> options = new LinkedHashSet<>();
        for (Setting s : settings) {
            RawValue raw = ConfigKeys.TYPES.get(s.key()).isList()
                    ? RawValue.list(s.values(), "option " + s.option())
                    : RawValue.string(s.values().isEmpty() ? "" : s.values().get(0), "option " + s.option());
            layers.set(s.key(), raw, ConfigException.Layer.COMMAND_LINE);
            options.add(s.option());
        }
        if (!options.isEmpty()) {
            source.add("options (" + String.join(", ", options) + ")");
        }
        NodeConfig config = ConfigKeys.build(layers.values, defaultStateDir());
        checkCombinations(config, layers);
        return new LoadedConfig(config, String.join(" + ", source));
    }

    /**
     * Checks one file alone, as {@code landht check-config} does: no environment, no options.
     *
     * @throws ConfigException as {@link #load} does
     */
    public static NodeConfig check(Path file) throws ConfigException {
        return new ConfigLoader(Map.of()).load(Objects.requireNonNull(file), List.of()).config();
    }

    /** {@code $STATE_DIRECTORY} (its first entry) from the environment given, else {@code ./landht-state}. */
    Path defaultStateDir() {
        String dir = env.get(STATE_DIRECTORY_ENV);
        return dir != null && !dir.isBlank() ? Path.of(dir.split(":")[0]) : FALLBACK_STATE_DIR;
    }

    /**
     * The file as UTF-8 text, read only up to {@link #MAX_FILE_BYTES}: a config file is a few KiB, and reading a
     * device or a huge file whole would exhaust the heap before the YAML parser's own limit applies.
     *
     * @throws ConfigException when the file is larger
     */
    private static String readText(Path file, String name) throws IOException, ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw fileError("config file " + name + " is larger than " + MAX_FILE_BYTES / 1024
                    + " KiB: not a landht config file");
        }
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static void readFile(Path file, Layers layers) throws ConfigException {
        String name = file.toString();
        List<YamlReader.Entry> entries;
        if (Files.isDirectory(file)) {
            throw fileError("cannot read config file " + name + ": it is a directory");
        }
        try {
            entries = YamlReader.read(new StringReader(readText(file, name)), name);
        } catch (NoSuchFileException e) {
            throw fileError("config file not found: " + name);
        } catch (AccessDeniedException e) {
            throw fileError("cannot read config file " + name + ": permission denied");
        } catch (MalformedInputException e) {
            throw fileError("config file " + name + " is not UTF-8 text");
        } catch (IOException e) {
            throw fileError("cannot read config file " + name + ": " + e);
        } catch (YamlReader.Malformed e) {
            String where = " in " + name + (e.line > 0 ? " line " + e.line : "");
            throw fileError(e.syntax ? "YAML syntax error" + where + ": " + e.getMessage() : e.getMessage() + where);
        }
        for (YamlReader.Entry entry : entries) {
            String where = " in " + name + " line " + entry.line();
            if (!ConfigKeys.SECTIONS.contains(entry.section())) {
                boolean scalar = entry.key() == null && entry.value() != null;  // "port: 4222" at the top
                throw new ConfigException((scalar ? "unknown key '" : "unknown section '") + entry.section() + "'"
                        + where + topLevelHint(entry.section(), scalar), entry.section(), ConfigException.Layer.FILE);
            }
            if (entry.key() == null) {
                if (entry.value() != null) {
                    throw new ConfigException("section '" + entry.section() + "'" + where
                            + " must be a mapping of keys (" + String.join(", ", ConfigKeys.keysOf(entry.section()))
                            + "), not " + entry.value().describe(), entry.section(), ConfigException.Layer.FILE);
                }
                continue;
            }
            String key = entry.path();
            if (!ConfigKeys.TYPES.containsKey(key)) {
                String near = KeyNames.nearest(key, ConfigKeys.TYPES.keySet());
                String hint = near != null ? "; did you mean '" + near + "'?"
                        : "; the keys of '" + entry.section() + "' are: "
                        + String.join(", ", ConfigKeys.keysOf(entry.section()));
                throw new ConfigException("unknown key '" + key + "'" + where + hint, key,
                        ConfigException.Layer.FILE);
            }
            layers.set(key, entry.value(), ConfigException.Layer.FILE);
        }
    }

    /** Hint for an unknown top-level name: a section, or a key written without its section. */
    private static String topLevelHint(String name, boolean scalar) {
        List<String> names = new ArrayList<>(ConfigKeys.SECTIONS);
        if (scalar) {
            names.addAll(ConfigKeys.TYPES.keySet());
        }
        String near = KeyNames.nearest(name, names);
        if (near == null) {
            return "; the sections are: " + String.join(", ", ConfigKeys.SECTIONS);
        }
        int dot = near.indexOf('.');
        return dot > 0 ? "; did you mean '" + near + "' (under '" + near.substring(0, dot) + ":')?"
                : "; did you mean '" + near + "'?";
    }

    private List<String> readEnvironment(Layers layers) throws ConfigException {
        List<String> used = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith(ENV_PREFIX)) {
                continue;
            }
            String key = ConfigKeys.BY_ENV_NAME.get(var);
            if (key == null) {
                Map<String, String> flat = new HashMap<>();
                for (String k : ConfigKeys.TYPES.keySet()) {
                    flat.put(k.replace('.', '-'), ConfigKeys.envName(k));
                }
                String near = KeyNames.nearest(var.substring(ENV_PREFIX.length()), flat.keySet());
                throw new ConfigException("unknown environment variable " + var
                        + (near != null ? "; did you mean " + flat.get(near) + "?"
                        : "; landht reads LANDHT_<SECTION>_<KEY>, e.g. LANDHT_DHT_PORT"), null,
                        ConfigException.Layer.ENVIRONMENT);
            }
            // List keys split a string on ';' or ',' (ValueParser), so one string serves both kinds.
            layers.set(key, RawValue.string(e.getValue(), "environment variable " + var),
                    ConfigException.Layer.ENVIRONMENT);
            used.add(var);
        }
        return used;
    }

    private static void checkCombinations(NodeConfig c, Layers layers) throws ConfigException {
        if (!c.dht().ipv4() && !c.dht().ipv6()) {
            throw layers.conflict("dht.ipv4 and dht.ipv6 are both false: no UDP socket would be opened",
                    "dht.ipv6", "dht.ipv4");
        }
        if (c.discovery().enabled() && c.discovery().port() == c.dht().port()) {
            throw layers.conflict("dht.port and discovery.port are both " + c.dht().port()
                    + ": the DHT and peer discovery need different UDP ports", "dht.port", "discovery.port");
        }
        if (c.http().enabled() && c.ops().enabled() && c.http().port() == c.ops().port() && c.http().port() != 0) {
            throw layers.conflict("http.port and ops.port are both " + c.http().port()
                    + ": the LAN HTTP service and the ops endpoint need different TCP ports", "http.port", "ops.port");
        }
        if (c.http().enabled() && c.http().statusPage() && !c.ops().enabled()) {
            throw layers.conflict("http.status-page is true but ops.enabled is false: the status page is made by the"
                    + " ops endpoint; turn it on, or the page off", "http.status-page", "ops.enabled");
        }
        if (c.http().maxConnectionsPerSource() > NodeConfig.Http.MAX_CONNECTIONS) {
            throw layers.conflict("http.max-connections-per-source (" + c.http().maxConnectionsPerSource()
                    + ") is larger than the " + NodeConfig.Http.MAX_CONNECTIONS + " connections the LAN HTTP service"
                    + " takes in total: one address would never reach it", "http.max-connections-per-source");
        }
        NodeConfig.Proxy p = c.proxy();
        checkPerSource(layers, "subscriptions", p.maxSubscriptionsPerSource(), p.maxSubscriptions());
        checkPerSource(layers, "searches", p.maxSearchesPerSource(), p.maxSearches());
        checkPerSource(layers, "listens", p.maxListensPerSource(), p.maxListens());
        checkPerSource(layers, "permanent-puts", p.maxPermanentPutsPerSource(), p.maxPermanentPuts());
        NodeConfig.Storage st = c.storage();
        long least = st.maxValueBytes() + (long) NodeConfig.Storage.CAP_MARGIN_BYTES;
        if (st.maxTotalBytes() < least) {
            throw layers.conflict(tooSmallCap("storage.max-total-bytes", st.maxTotalBytes(), st.maxValueBytes(),
                    least), "storage.max-total-bytes", "storage.max-value-bytes");
        }
        if (st.maxBytesPerSource() != 0 && st.maxBytesPerSource() < least) {
            throw layers.conflict(tooSmallCap("storage.max-bytes-per-source", st.maxBytesPerSource(),
                    st.maxValueBytes(), least), "storage.max-bytes-per-source", "storage.max-value-bytes");
        }
    }

    /** {@code proxy.max-WHAT-per-source} may not exceed {@code proxy.max-WHAT}: one address would never reach it. */
    private static void checkPerSource(Layers layers, String what, int perSource, int total) throws ConfigException {
        if (perSource > total) {
            String perKey = "proxy.max-" + what + "-per-source";
            String totalKey = "proxy.max-" + what;
            throw layers.conflict(perKey + " (" + perSource + ") is larger than " + totalKey + " (" + total
                    + "): raise " + totalKey + " too, or lower " + perKey, perKey, totalKey);
        }
    }

    private static String tooSmallCap(String key, long cap, int maxValueBytes, long least) {
        return key + " (" + cap + ") cannot hold one value of storage.max-value-bytes (" + maxValueBytes + "): a value"
                + " counts its packed bytes + 640, so the cap must be at least max-value-bytes + "
                + NodeConfig.Storage.CAP_MARGIN_BYTES + " = " + least;
    }

    private static ConfigException fileError(String message) {
        return new ConfigException(message, null, ConfigException.Layer.FILE);
    }

    /** The values so far, with where each was last set. */
    private static final class Layers {
        final Map<String, Object> values;
        final Map<String, String> origins = new HashMap<>();
        final Map<String, ConfigException.Layer> layerOf = new HashMap<>();

        Layers() {
            values = ConfigKeys.valuesOf(NodeConfig.defaults());
            values.put("persistence.state-dir", null);  // "the default": resolved from the environment given
        }

        void set(String key, RawValue raw, ConfigException.Layer layer) throws ConfigException {
            try {
                values.put(key, ValueParser.parse(ConfigKeys.TYPES.get(key), raw));
            } catch (ValueParser.BadValue e) {
                throw new ConfigException("bad value for '" + key + "' in " + e.origin + ": " + e.getMessage(), key,
                        layer);
            }
            origins.put(key, raw.origin());
            layerOf.put(key, layer);
        }

        /** An error about keys that only conflict together; blames the one set last (highest layer). */
        ConfigException conflict(String problem, String... keys) {
            String blamed = keys[0];
            for (String k : keys) {
                if (layerOf.getOrDefault(k, ConfigException.Layer.DEFAULTS)
                        .compareTo(layerOf.getOrDefault(blamed, ConfigException.Layer.DEFAULTS)) > 0) {
                    blamed = k;
                }
            }
            List<String> where = new ArrayList<>();
            for (String k : keys) {
                where.add(k + " from " + origins.getOrDefault(k, "the defaults"));
            }
            return new ConfigException(problem + " (" + String.join("; ", where) + ")", blamed,
                    layerOf.getOrDefault(blamed, ConfigException.Layer.DEFAULTS));
        }
    }
}
