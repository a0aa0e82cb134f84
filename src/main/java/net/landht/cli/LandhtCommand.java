package net.landht.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.landht.config.ConfigException;
import net.landht.config.ConfigLoader;
import net.landht.config.ConfigLoader.Setting;
import net.landht.config.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code landht}: runs the node in the foreground. Options become config settings with the highest precedence;
 * their values are checked by the {@link ConfigLoader}, like those of the file and the environment. Options are
 * listed alphabetically by long name ({@code order}); dhtnode's short flags keep their meaning.
 */
@Command(name = "landht", sortOptions = false, usageHelpWidth = 80, versionProvider = ManifestVersion.class,
        customSynopsis = "landht [OPTIONS] [COMMAND]",
        description = {"An OpenDHT bootstrap node for Jami on a LAN. With no options it serves UDP port 4222 on "
                + "every interface, network id 0, no seeds: set IP:4222 as bootstrap in Jami's account settings, "
                + "or IP:8000 as DHT proxy (TCP)."},
        subcommands = {CheckConfigCommand.class, StatusCommand.class, NamesCommand.class},
        optionListHeading = "%nOptions:%n", commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Settings: options > LANDHT_<SECTION>_<KEY> variables (e.g. LANDHT_DHT_PORT) > config file > "
                + "defaults. Exit status: 0 clean stop, 1 error, 2 usage error."})
public final class LandhtCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LandhtCommand.class);

    @Option(names = "--bind", paramLabel = "ADDR", order = 1, description = {"Bind the DHT's UDP socket to this IPv4 "
            + "or IPv6 address (repeatable, one per family; default: every address of both); only the families "
            + "named are opened. The HTTP ports have --http-bind and --ops-bind"})
    List<String> bind = new ArrayList<>();

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "SEED", order = 2, description = {"Seed node: host, "
            + "host:port or [v6]:port (default port 4222), or a list of them separated by ';' or ',' (repeatable; "
            + "replaces dht.bootstrap)"})
    List<String> bootstrap = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", order = 3,
            description = {"Read settings from this YAML file"})
    Path config;

    @Option(names = {"-d", "--daemonize"}, order = 4, description = {"Accepted for dhtnode users: landht always "
            + "runs in the foreground (run it with systemd or Docker)"})
    boolean daemonize;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 5, description = "Show this help and exit")
    boolean help;

    /** The LAN HTTP service: the DHT proxy (later the name server). */
    @Option(names = "--http-bind", paramLabel = "ADDR", order = 6, description = {"Address of the LAN HTTP service "
            + "(default ::, every address, IPv4 and IPv6)"})
    String httpBind;

    @Option(names = "--http-port", paramLabel = "PORT", order = 7, description = {"TCP port of the LAN HTTP service, "
            + "the DHT proxy and name server (8000)"})
    String httpPort;

    @Option(names = "--log-level", paramLabel = "LEVEL", order = 8,
            description = {"error, warn, info (default), debug or trace"})
    String logLevel;

    @Option(names = "--names-primary", paramLabel = "URL", order = 9, description = {"Forward name server "
            + "requests to this landht, e.g. http://10.0.0.5:8000, and cache its answers (none: serve names from "
            + "this server's own database)"})
    String namesPrimary;

    @Option(names = {"-n", "--network-id"}, paramLabel = "N", order = 10,
            description = {"OpenDHT network id, 0..4294967295 (Jami: 0)"})
    String networkId;

    /** dhtnode's long name for -n; hidden to keep the help short. */
    @Option(names = "--net", paramLabel = "N", hidden = true)
    String net;

    @Option(names = "--no-http", order = 11, description = "Do not serve the DHT proxy and name server on the LAN "
            + "HTTP port")
    boolean noHttp;

    @Option(names = "--no-ops", order = 12,
            description = "Do not serve the status page, /health, /metrics, /stats, /names")
    boolean noOps;

    @Option(names = "--no-peer-discovery", order = 13, description = "Do not announce or look for local peers")
    boolean noPeerDiscovery;

    @Option(names = {"-U", "--no-rate-limit"}, order = 14,
            description = "Lift the global and per-source request limits")
    boolean noRateLimit;

    @Option(names = "--node-id", paramLabel = "HEX", order = 15,
            description = "Fixed node id, 40 hex digits (default: the saved one, else random)")
    String nodeId;

    @Option(names = "--ops-bind", paramLabel = "ADDR", order = 16,
            description = "Address of the ops HTTP endpoint (127.0.0.1)")
    String opsBind;

    @Option(names = "--ops-port", paramLabel = "PORT", order = 17,
            description = "TCP port of the ops HTTP endpoint (8422)")
    String opsPort;

    @Option(names = {"-D", "--peer-discovery"}, order = 18,
            description = "Find local peers by multicast (default: on)")
    boolean peerDiscovery;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", order = 19,
            description = "UDP port of the DHT (4222)")
    String port;

    @Option(names = "--push-server", paramLabel = "URL", order = 20, description = {"gorush URL for the Android and "
            + "iOS push tokens of proxy clients, like dhtnode --pushserver (none)"})
    String pushServer;

    @Option(names = {"-s", "--service"}, order = 21, description = "Accepted for dhtnode users, like -d")
    boolean service;

    @Option(names = "--state-dir", paramLabel = "DIR", order = 22,
            description = "Folder for the node's state: node id, routing table, values, push subscriptions, the"
                    + " proxy's permanent puts, the name database ($STATE_DIRECTORY, else ./landht-state)")
    String stateDir;

    @Option(names = {"-v", "--verbose"}, order = 23, description = "Log at debug level, like --log-level=debug")
    boolean verbose;

    @Option(names = "--version", versionHelp = true, order = 24, description = "Print the version and exit")
    boolean version;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final DaemonLauncher launcher;

    LandhtCommand(Map<String, String> env, DaemonLauncher launcher) {
        this.env = env;
        this.launcher = launcher;
    }

    @Override
    public Integer call() {
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader(env).load(config, settings());
        } catch (ConfigException e) {
            if (e.layer() == ConfigException.Layer.COMMAND_LINE) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            spec.commandLine().getErr().println("landht: " + e.getMessage());
            return 1;
        }
        LogLevels.apply(loaded.config().logging().level());
        if (daemonize || service) {
            LOG.info("{} accepted for dhtnode compatibility: landht runs in the foreground",
                    daemonize ? "--daemonize" : "--service");
        }
        return launcher.run(loaded.config(), loaded.source());
    }

    /** The environment the command line was run with ({@code LANDHT_*}, {@code STATE_DIRECTORY}). */
    Map<String, String> env() {
        return env;
    }

    /** The options given, as config settings in option order. */
    List<Setting> settings() {
        List<Setting> s = new ArrayList<>();
        bindSettings(s);
        if (!bootstrap.isEmpty()) {
            s.add(new Setting("dht.bootstrap", bootstrap, "--bootstrap"));
        }
        if (logLevel != null) {
            s.add(Setting.of("logging.level", logLevel, "--log-level"));
        } else if (verbose) {
            s.add(Setting.of("logging.level", "debug", "--verbose"));
        }
        if (networkId != null && net != null) {
            throw new ParameterException(spec.commandLine(), "--network-id and --net are the same option");
        }
        if (networkId != null || net != null) {
            s.add(Setting.of("dht.network-id", networkId != null ? networkId : net,
                    networkId != null ? "--network-id" : "--net"));
        }
        if (namesPrimary != null) {
            s.add(Setting.of("names.primary", namesPrimary, "--names-primary"));
        }
        if (httpBind != null) {
            s.add(Setting.of("http.bind", httpBind, "--http-bind"));
        }
        if (httpPort != null) {
            s.add(Setting.of("http.port", httpPort, "--http-port"));
        }
        if (noHttp) {
            s.add(Setting.of("http.enabled", "false", "--no-http"));
        }
        if (noOps) {
            s.add(Setting.of("ops.enabled", "false", "--no-ops"));
        }
        if (pushServer != null) {
            s.add(Setting.of("proxy.push-server", pushServer, "--push-server"));
        }
        if (peerDiscovery && noPeerDiscovery) {
            throw new ParameterException(spec.commandLine(),
                    "--peer-discovery and --no-peer-discovery contradict each other");
        }
        if (peerDiscovery || noPeerDiscovery) {
            s.add(Setting.of("discovery.enabled", String.valueOf(peerDiscovery),
                    peerDiscovery ? "--peer-discovery" : "--no-peer-discovery"));
        }
        if (noRateLimit) {
            s.add(Setting.of("limits.global-requests-per-second", "0", "--no-rate-limit"));
            s.add(Setting.of("limits.per-source-requests-per-second", "0", "--no-rate-limit"));
        }
        if (nodeId != null) {
            s.add(Setting.of("dht.node-id", nodeId, "--node-id"));
        }
        if (opsBind != null) {
            s.add(Setting.of("ops.bind", opsBind, "--ops-bind"));
        }
        if (opsPort != null) {
            s.add(Setting.of("ops.port", opsPort, "--ops-port"));
        }
        if (port != null) {
            s.add(Setting.of("dht.port", port, "--port"));
        }
        if (stateDir != null) {
            s.add(Setting.of("persistence.state-dir", stateDir, "--state-dir"));
        }
        return s;
    }

    /** --bind: an address with a ':' is IPv6, else IPv4; the families not named are closed. */
    private void bindSettings(List<Setting> s) {
        if (bind.isEmpty()) {
            return;
        }
        String v4 = null;
        String v6 = null;
        for (String address : bind) {
            String a = address.strip();
            if (a.startsWith("[") && a.endsWith("]")) {
                a = a.substring(1, a.length() - 1);
            }
            boolean isV6 = a.indexOf(':') >= 0;
            String previous = isV6 ? v6 : v4;
            if (previous != null) {
                throw new ParameterException(spec.commandLine(), "--bind: two " + (isV6 ? "IPv6" : "IPv4")
                        + " addresses (" + previous + ", " + a + "); give at most one per family");
            }
            if (isV6) {
                v6 = a;
            } else {
                v4 = a;
            }
        }
        if (v4 != null) {
            s.add(Setting.of("dht.bind4", v4, "--bind"));
        }
        if (v6 != null) {
            s.add(Setting.of("dht.bind6", v6, "--bind"));
        }
        s.add(Setting.of("dht.ipv4", String.valueOf(v4 != null), "--bind"));
        s.add(Setting.of("dht.ipv6", String.valueOf(v6 != null), "--bind"));
    }
}
