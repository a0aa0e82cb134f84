package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.landht.config.ConfigLoader.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("landht.yaml");
        Files.writeString(f, text);
        return f;
    }

    private static NodeConfig load(Path file, Map<String, String> env, Setting... settings) throws ConfigException {
        return new ConfigLoader(env).load(file, List.of(settings)).config();
    }

    private static String error(Path file, Map<String, String> env, Setting... settings) {
        try {
            load(file, env, settings);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigException");
    }

    /** The env that makes NodeConfig.defaults() and the loader agree on the default state folder. */
    private static Map<String, String> stateDirectoryEnv() {
        Map<String, String> env = new HashMap<>();
        String sd = System.getenv("STATE_DIRECTORY");
        if (sd != null) {
            env.put("STATE_DIRECTORY", sd);
        }
        return env;
    }

    @Test
    void shippedConfigFileEqualsEmbeddedDefaults() throws ConfigException {
        assertThat(load(Path.of("config/landht.yaml"), stateDirectoryEnv())).isEqualTo(NodeConfig.defaults());
    }

    @Test
    void noFileGivesEmbeddedDefaults() throws ConfigException {
        LoadedConfig loaded = new ConfigLoader(stateDirectoryEnv()).load(null, List.of());
        assertThat(loaded.config()).isEqualTo(NodeConfig.defaults());
        assertThat(loaded.source()).isEqualTo("embedded defaults");
    }

    @Test
    void emptyFileGivesDefaults() throws Exception {
        assertThat(load(yaml("# nothing here\n"), stateDirectoryEnv())).isEqualTo(NodeConfig.defaults());
    }

    @Test
    void fileOverridesDefaults() throws Exception {
        NodeConfig c = load(yaml("""
                dht:
                  port: 4300
                  network-id: 4294967295
                  bootstrap: ["10.0.0.5", "[fd00::5]:4223"]
                  node-id: 00112233445566778899AABBCCDDEEFF00112233
                limits:
                  exempt: [10.0.0.0/8, "fd00::/8"]
                logging:
                  level: DEBUG
                  stats-interval: 5m
                """), Map.of());
        assertThat(c.dht().port()).isEqualTo(4300);
        assertThat(c.dht().networkId()).isEqualTo(4294967295L);
        assertThat(c.dht().bootstrap()).containsExactly("10.0.0.5", "[fd00::5]:4223");
        assertThat(c.dht().nodeId()).isEqualTo("00112233445566778899aabbccddeeff00112233");
        assertThat(c.limits().exempt()).containsExactly("10.0.0.0/8", "fd00::/8");
        assertThat(c.logging().level()).isEqualTo("debug");
        assertThat(c.logging().statsInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.storage()).isEqualTo(NodeConfig.defaults().storage());
    }

    @Test
    void environmentOverridesFileAndOptionsOverrideEnvironment() throws Exception {
        Path f = yaml("dht:\n  port: 4300\n  network-id: 7\nops:\n  port: 9000\n");
        LoadedConfig loaded = new ConfigLoader(Map.of("LANDHT_DHT_PORT", "4400", "LANDHT_DHT_NETWORK_ID", "8"))
                .load(f, List.of(Setting.of("dht.port", "4500", "--port")));
        NodeConfig c = loaded.config();
        assertThat(c.dht().port()).isEqualTo(4500);
        assertThat(c.dht().networkId()).isEqualTo(8);
        assertThat(c.ops().port()).isEqualTo(9000);
        assertThat(loaded.source()).isEqualTo(f + " + environment (LANDHT_DHT_NETWORK_ID, LANDHT_DHT_PORT)"
                + " + options (--port)");
    }

    @Test
    void environmentBootstrapTakesSemicolonOrCommaSeparatedSeeds() throws Exception {
        NodeConfig c = load(null, Map.of("LANDHT_DHT_BOOTSTRAP", "10.0.0.5;[fd00::5]:4223, seed.lan"));
        assertThat(c.dht().bootstrap()).containsExactly("10.0.0.5", "[fd00::5]:4223", "seed.lan");
    }

    @Test
    void byteSizesTakeUnitsInTheFileAndTheEnvironment() throws Exception {
        NodeConfig c = load(yaml("storage:\n  max-value-bytes: 32KiB\n  max-total-bytes: 1GB\n"),
                Map.of("LANDHT_STORAGE_MAX_BYTES_PER_SOURCE", "64 MiB"));
        assertThat(c.storage().maxValueBytes()).isEqualTo(32_768);
        assertThat(c.storage().maxTotalBytes()).isEqualTo(1_000_000_000L);
        assertThat(c.storage().maxBytesPerSource()).isEqualTo(64L << 20);
    }

    @Test
    void aByteSizeOutOfRangeOrWithAnUnknownUnitNamesKeyAndForms() throws Exception {
        assertThat(error(yaml("storage:\n  max-value-bytes: 4GiB\n"), Map.of()))
                .contains("storage.max-value-bytes", "4GiB", "4294967296 bytes", "64KiB");
        assertThat(error(yaml("storage:\n  max-total-bytes: 128M\n"), Map.of()))
                .contains("storage.max-total-bytes", "128M", "128MiB");
    }

    @Test
    void environmentBooleansAcceptCommonSpellings() throws Exception {
        NodeConfig c = load(null, Map.of("LANDHT_DISCOVERY_ENABLED", "no", "LANDHT_OPS_ENABLED", "0",
                "LANDHT_DHT_IPV6", "FALSE"));
        assertThat(c.discovery().enabled()).isFalse();
        assertThat(c.ops().enabled()).isFalse();
        assertThat(c.dht().ipv6()).isFalse();
    }

    @Test
    void stateDirDefaultsToSystemdStateDirectory() throws Exception {
        assertThat(load(null, Map.of("STATE_DIRECTORY", "/var/lib/landht")).persistence().stateDir())
                .isEqualTo(Path.of("/var/lib/landht"));
        assertThat(load(null, Map.of()).persistence().stateDir()).isEqualTo(Path.of("landht-state"));
        assertThat(load(yaml("persistence:\n  state-dir: /srv/landht\n"), Map.of("STATE_DIRECTORY", "/x"))
                .persistence().stateDir()).isEqualTo(Path.of("/srv/landht"));
    }

    @Test
    void namesDatabaseDefaultsToTheStateFolderUnlessGiven() throws Exception {
        assertThat(load(null, Map.of("STATE_DIRECTORY", "/var/lib/landht")).namesDatabase())
                .isEqualTo(Path.of("/var/lib/landht/names.db"));
        assertThat(load(yaml("names:\n  database: /srv/names.sqlite\n"), Map.of()).namesDatabase())
                .isEqualTo(Path.of("/srv/names.sqlite"));
    }

    @Test
    void reservedNamesAreKeptInLowerCase() throws Exception {
        NodeConfig c = load(yaml("names:\n  reserved: [Admin, root]\n"), Map.of(),
                Setting.of("names.per-source-posts-per-minute", "0", "--x"));
        assertThat(c.names().reserved()).containsExactly("admin", "root");
        assertThat(c.names().perSourcePostsPerMinute()).isZero();
    }

    @Test
    void listOptionReplacesFileList() throws Exception {
        NodeConfig c = load(yaml("dht:\n  bootstrap: [a.lan, b.lan]\n"), Map.of(),
                new Setting("dht.bootstrap", List.of("c.lan;d.lan:4300"), "--bootstrap"));
        assertThat(c.dht().bootstrap()).containsExactly("c.lan", "d.lan:4300");
    }

    // ---- one test per kind of error: the message names the key, the file and the line

    @Test
    void unknownKeyIsRefusedWithTheNearestValidName() throws Exception {
        Path f = yaml("dht:\n  port: 4222\n  prot: 4223\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("unknown key 'dht.prot' in " + f + " line 3; did you mean 'dht.port'?");
    }

    @Test
    void unknownKeyInTheWrongSectionPointsToTheRightOne() throws Exception {
        Path f = yaml("dht:\n  max-value-bytes: 10\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("unknown key 'dht.max-value-bytes' in " + f + " line 2; did you mean"
                        + " 'storage.max-value-bytes'?");
    }

    @Test
    void unknownKeyFarFromAnyListsTheSectionsKeys() throws Exception {
        Path f = yaml("ops:\n  colour: blue\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("unknown key 'ops.colour' in " + f + " line 2; the keys of 'ops' are: enabled, bind, port");
    }

    @Test
    void unknownSectionIsRefusedWithTheNearestSection() throws Exception {
        Path f = yaml("dth:\n  port: 4222\n");
        assertThat(error(f, Map.of())).isEqualTo("unknown section 'dth' in " + f + " line 1; did you mean 'dht'?");
    }

    @Test
    void keyWithoutItsSectionIsRefusedWithTheFullName() throws Exception {
        Path f = yaml("port: 4222\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("unknown key 'port' in " + f + " line 1; did you mean 'dht.port' (under 'dht:')?");
    }

    @Test
    void wrongTypeNamesKeyFileLineAndExpectation() throws Exception {
        Path f = yaml("dht:\n  ipv4: maybe\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("bad value for 'dht.ipv4' in " + f + " line 2: expected true or false, got 'maybe'");
        Path g = yaml("storage:\n\n  max-value-bytes: [1, 2]\n");
        assertThat(error(g, Map.of())).isEqualTo("bad value for 'storage.max-value-bytes' in " + g
                + " line 3: expected a size of at least 1 byte such as 65536, 64KiB or 1MB, up to 2147483647 bytes,"
                + " got a list");
    }

    @Test
    void portOutOfRangeIsRefused() throws Exception {
        Path f = yaml("# comment\ndht:\n  port: 70000\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("bad value for 'dht.port' in " + f + " line 3: expected a port number 1..65535, got 70000");
        Path g = yaml("ops:\n  port: 0\n");
        assertThat(error(g, Map.of()))
                .isEqualTo("bad value for 'ops.port' in " + g + " line 2: expected a port number 1..65535, got 0");
    }

    @Test
    void badCidrIsRefusedAtItsOwnLine() throws Exception {
        Path f = yaml("limits:\n  allow:\n    - 10.0.0.0/8\n    - 192.168.1.0/33\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'limits.allow' in " + f + " line 4: '192.168.1.0/33'"
                + " is not a CIDR block: the prefix length must be 0..32 for IPv4");
        Path g = yaml("limits:\n  exempt: [lan]\n");
        assertThat(error(g, Map.of())).isEqualTo("bad value for 'limits.exempt' in " + g
                + " line 2: 'lan' is not a CIDR block: 'lan' is not an IPv4 or IPv6 address");
    }

    @Test
    void reservedNameThatJamiCannotSendIsRefusedAtItsLine() throws Exception {
        Path f = yaml("names:\n  reserved:\n    - admin\n    - ad\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'names.reserved' in " + f + " line 4: 'ad' is not a"
                + " Jami name (3 to 32 letters, digits, - or _)");
    }

    @Test
    void pushServerTakesAUrlOrDhtnodesHostPortAndRefusesOtherSchemes() throws Exception {
        assertThat(load(yaml("proxy:\n  push-server: gorush.lan:8088\n"), Map.of()).proxy().pushServer())
                .isEqualTo("http://gorush.lan:8088");
        assertThat(load(yaml("proxy:\n  push-server: \"\"\n  push-hosts: [NTFY.lan]\n"), Map.of()).proxy())
                .isEqualTo(new NodeConfig.Proxy(null, List.of("ntfy.lan"), 4096, 256));
        Path f = yaml("proxy:\n  push-server: ftp://gorush.lan\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'proxy.push-server' in " + f + " line 2: expected an"
                + " http or https URL such as http://gorush.lan:8088 (or host:port), or empty for none, got"
                + " 'ftp://gorush.lan'");
    }

    @Test
    void namesPrimaryIsABaseUrlWithoutPathAndComesFromTheEnvironmentToo() throws Exception {
        assertThat(load(yaml("names:\n  primary: HTTP://10.0.0.5:8000/\n"), Map.of()).names().primary())
                .isEqualTo("http://10.0.0.5:8000");
        assertThat(load(yaml("names:\n  primary: \"\"\n"), Map.of()).names().primary()).isNull();
        assertThat(load(null, Map.of("LANDHT_NAMES_PRIMARY", "https://[fd00::5]")).names().primary())
                .isEqualTo("https://[fd00::5]");
    }

    @Test
    void namesPrimaryWithAPathOrAnotherSchemeIsRefusedWithKeyAndLine() throws Exception {
        Path path = yaml("names:\n  primary: http://10.0.0.5:8000/ns\n");
        assertThat(error(path, Map.of())).isEqualTo("bad value for 'names.primary' in " + path + " line 2: expected"
                + " an http or https URL such as http://10.0.0.5:8000 (no path), or empty for none, got"
                + " 'http://10.0.0.5:8000/ns': no path, query or fragment: the primary's /name and /addr are at its"
                + " root");
        assertThat(error(yaml("names:\n  primary: 10.0.0.5:8000\n"), Map.of()))
                .contains("'names.primary'", "the scheme must be http:// or https://");
        assertThat(error(yaml("names:\n  primary: http://h:8000?x=1\n"), Map.of())).contains("no path, query");
        assertThat(error(yaml("names:\n  primry: http://h:8000\n"), Map.of())).contains("names.primary");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.yaml");
        assertThat(error(f, Map.of())).isEqualTo("config file not found: " + f);
    }

    @Test
    void directoryInsteadOfFileIsNamed() {
        assertThat(error(dir, Map.of())).isEqualTo("cannot read config file " + dir + ": it is a directory");
    }

    @Test
    void badDurationIsRefused() throws Exception {
        Path f = yaml("persistence:\n  snapshot-interval: 5 minutes\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'persistence.snapshot-interval' in " + f
                + " line 2: expected a duration of at least 1s such as 30s, 5m, 1h or PT30S, got '5 minutes'");
        Path g = yaml("persistence:\n  snapshot-interval: 0\n");
        assertThat(error(g, Map.of())).isEqualTo("bad value for 'persistence.snapshot-interval' in " + g
                + " line 2: expected a duration of at least 1s such as 30s, 5m, 1h or PT30S, got 0");
    }

    @Test
    void periodsUnderASecondAreRefusedAsTypos() throws Exception {
        assertThat(error(null, Map.of("LANDHT_LOGGING_STATS_INTERVAL", "1ms"))).isEqualTo("bad value for"
                + " 'logging.stats-interval' in environment variable LANDHT_LOGGING_STATS_INTERVAL: expected a duration"
                + " of at least 1s such as 30s, 5m, 1h or PT30S, or 0 for off, got '1ms'");
        assertThat(error(null, Map.of("LANDHT_PERSISTENCE_SNAPSHOT_INTERVAL", "999ms")))
                .startsWith("bad value for 'persistence.snapshot-interval'");
        NodeConfig c = load(null, Map.of("LANDHT_LOGGING_STATS_INTERVAL", "1s",
                "LANDHT_PERSISTENCE_SNAPSHOT_INTERVAL", "1s"));
        assertThat(c.logging().statsInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.persistence().snapshotInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void durationsAcceptUnitsAndIso8601() throws Exception {
        NodeConfig c = load(yaml("persistence:\n  snapshot-interval: PT90S\n  journal-flush: 250ms\n"
                + "logging:\n  stats-interval: 0\n"), Map.of());
        assertThat(c.persistence().snapshotInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.persistence().journalFlush()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.logging().statsInterval()).isZero();
    }

    @Test
    void networkIdOutsideUnsigned32BitsIsRefused() throws Exception {
        Path f = yaml("dht:\n  network-id: 4294967296\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'dht.network-id' in " + f
                + " line 2: expected a network id 0..4294967295, got 4294967296");
        assertThat(error(null, Map.of("LANDHT_DHT_NETWORK_ID", "-1"))).isEqualTo("bad value for 'dht.network-id'"
                + " in environment variable LANDHT_DHT_NETWORK_ID: expected a network id 0..4294967295, got -1");
    }

    @Test
    void nodeIdMustBe40HexDigits() throws Exception {
        Path f = yaml("dht:\n  node-id: abc\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'dht.node-id' in " + f
                + " line 2: expected 40 hex digits, or empty for the persisted/random id, got 'abc' (3 characters)");
    }

    @Test
    void logLevelMustBeKnown() throws Exception {
        Path f = yaml("logging:\n  level: verbose\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'logging.level' in " + f
                + " line 2: expected one of error, warn, info, debug, trace, got 'verbose'");
    }

    @Test
    void bindAddressMustMatchItsFamily() throws Exception {
        Path f = yaml("dht:\n  bind4: \"::1\"\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'dht.bind4' in " + f
                + " line 2: expected an IPv4 address such as 0.0.0.0, got '::1'");
        assertThat(error(null, Map.of("LANDHT_DHT_BIND6", "10.0.0.1"))).isEqualTo("bad value for 'dht.bind6' in"
                + " environment variable LANDHT_DHT_BIND6: expected an IPv6 address such as ::, got '10.0.0.1'");
    }

    @Test
    void badSeedIsRefusedWithTheEntry() throws Exception {
        Path f = yaml("dht:\n  bootstrap:\n    - 10.0.0.5:99999\n");
        assertThat(error(f, Map.of())).isEqualTo("bad value for 'dht.bootstrap' in " + f
                + " line 3: bad bootstrap entry '10.0.0.5:99999': port 99999 is not in 1..65535");
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws Exception {
        Path f = yaml("dht:\n  port: 4222\n  bootstrap: [a, b\n");
        assertThat(error(f, Map.of())).isEqualTo("YAML syntax error in " + f + " line 4: while parsing a flow"
                + " sequence, expected ',' or ']', but got <stream end>");
        Path g = yaml("dht:\n\tport: 4222\n");
        assertThat(error(g, Map.of())).startsWith("YAML syntax error in " + g + " line 2: ").contains("TAB");
    }

    @Test
    void duplicateKeyIsRefused() throws Exception {
        Path f = yaml("dht:\n  port: 4222\n  port: 4223\n");
        assertThat(error(f, Map.of()))
                .isEqualTo("duplicate key 'dht.port' (first at line 2) in " + f + " line 3");
    }

    @Test
    void sectionThatIsNotAMappingIsRefused() throws Exception {
        Path f = yaml("ops: false\n");
        assertThat(error(f, Map.of())).isEqualTo("section 'ops' in " + f
                + " line 1 must be a mapping of keys (enabled, bind, port), not false");
    }

    @Test
    void unknownEnvironmentVariableIsRefusedWithTheNearestName() {
        assertThat(error(null, Map.of("LANDHT_DHT_PROT", "4222")))
                .isEqualTo("unknown environment variable LANDHT_DHT_PROT; did you mean LANDHT_DHT_PORT?");
    }

    @Test
    void badOptionValueNamesTheOption() {
        try {
            load(null, Map.of(), Setting.of("dht.port", "http", "--port"));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo("bad value for 'dht.port' in option --port: expected a port"
                    + " number 1..65535, got 'http'");
            assertThat(e.layer()).isEqualTo(ConfigException.Layer.COMMAND_LINE);
            assertThat(e.key()).isEqualTo("dht.port");
            return;
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void bothFamiliesOffIsRefused() {
        assertThat(error(null, Map.of("LANDHT_DHT_IPV4", "false", "LANDHT_DHT_IPV6", "false")))
                .isEqualTo("dht.ipv4 and dht.ipv6 are both false: no UDP socket would be opened (dht.ipv6 from"
                        + " environment variable LANDHT_DHT_IPV6; dht.ipv4 from environment variable LANDHT_DHT_IPV4)");
    }

    @Test
    void proxyOperationBoundsComeFromTheFileAndTheEnvironment() throws Exception {
        NodeConfig c = load(yaml("proxy:\n  max-listens-per-source: 1000\n  max-searches: 2048\n"),
                Map.of("LANDHT_PROXY_MAX_SEARCHES_PER_SOURCE", "512", "LANDHT_PROXY_MAX_PERMANENT_PUTS_PER_SOURCE", "9"));
        assertThat(List.of(c.proxy().maxListensPerSource(), c.proxy().maxListens(), c.proxy().maxSearchesPerSource(),
                c.proxy().maxSearches(), c.proxy().maxPermanentPutsPerSource(), c.proxy().maxPermanentPuts()))
                .containsExactly(1000, 4096, 512, 2048, 9, 4096);
    }

    @Test
    void aProxyOperationBoundMustBeAPositiveInteger() {
        Map<String, String> bad = Map.of("proxy.max-listens-per-source", "0", "proxy.max-searches", "lots",
                "proxy.max-permanent-puts", "-3");
        bad.forEach((key, value) -> {
            String env = ConfigKeys.envName(key);
            assertThat(error(null, Map.of(env, value))).as(key)
                    .startsWith("bad value for '" + key + "' in environment variable " + env + ":");
        });
    }

    @Test
    void aPerSourceBoundAboveItsTotalIsRefusedNamingBoth() throws Exception {
        Path f = yaml("proxy:\n  max-listens: 100\n");
        assertThat(error(f, Map.of("LANDHT_PROXY_MAX_LISTENS_PER_SOURCE", "300"))).isEqualTo(
                "proxy.max-listens-per-source (300) is larger than proxy.max-listens (100): raise proxy.max-listens"
                        + " too, or lower proxy.max-listens-per-source (proxy.max-listens-per-source from environment"
                        + " variable LANDHT_PROXY_MAX_LISTENS_PER_SOURCE; proxy.max-listens from " + f + " line 2)");
        assertThat(error(null, Map.of("LANDHT_PROXY_MAX_SUBSCRIPTIONS", "10"))).startsWith(
                "proxy.max-subscriptions-per-source (256) is larger than proxy.max-subscriptions (10)");
    }

    @Test
    void dhtPortEqualToDiscoveryPortIsRefused() {
        assertThat(error(null, Map.of(), Setting.of("dht.port", "8888", "--port")))
                .isEqualTo("dht.port and discovery.port are both 8888: the DHT and peer discovery need different UDP"
                        + " ports (dht.port from option --port; discovery.port from the defaults)");
    }

    @Test
    void httpPortEqualToOpsPortIsRefused() {
        assertThat(error(null, Map.of("LANDHT_HTTP_PORT", "8422"), new Setting[0]))
                .isEqualTo("http.port and ops.port are both 8422: the LAN HTTP service and the ops endpoint need"
                        + " different TCP ports (http.port from environment variable LANDHT_HTTP_PORT; ops.port from"
                        + " the defaults)");
    }

    @Test
    void httpSectionDefaultsToAllInterfacesOnPort8000AndReadsItsKeys() throws Exception {
        NodeConfig.Http d = load(null, Map.of()).http();
        assertThat(d).isEqualTo(new NodeConfig.Http(true, "::", 8000, false));
        Path f = yaml("http:\n  enabled: false\n  bind: 10.0.0.2\n  port: 8080\n  status-page: true\n");
        assertThat(load(f, Map.of()).http()).isEqualTo(new NodeConfig.Http(false, "10.0.0.2", 8080, true));
    }

    @Test
    void theLanStatusPageIsOffByDefaultAndOnThroughItsVariable() throws Exception {
        assertThat(load(null, Map.of()).http().statusPage()).isFalse();
        assertThat(load(null, Map.of("LANDHT_HTTP_STATUS_PAGE", "true")).http().statusPage()).isTrue();
    }

    @Test
    void theLanStatusPageWithoutTheOpsEndpointIsRefused() {
        assertThat(error(null, Map.of("LANDHT_HTTP_STATUS_PAGE", "true", "LANDHT_OPS_ENABLED", "false"),
                new Setting[0])).startsWith("http.status-page is true but ops.enabled is false: the status page is"
                        + " made by the ops endpoint; turn it on, or the page off (http.status-page from environment"
                        + " variable LANDHT_HTTP_STATUS_PAGE; ops.enabled from environment variable LANDHT_OPS_ENABLED");
    }

    @Test
    void dhtPortMayEqualDiscoveryPortWhenDiscoveryIsOff() throws ConfigException {
        assertThat(load(null, Map.of("LANDHT_DISCOVERY_ENABLED", "false"), Setting.of("dht.port", "8888", "--port"))
                .dht().port()).isEqualTo(8888);
    }

    @Test
    void aTotalCapBelowOneLargestValueIsRefusedNamingTheFile() throws IOException {
        Path f = yaml("storage:\n  max-total-bytes: 1000\n");
        try {
            load(f, Map.of());
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("storage.max-total-bytes (1000) cannot hold one value of"
                    + " storage.max-value-bytes (65536): a value counts its packed bytes + 640, so the cap must be at"
                    + " least max-value-bytes + 2048 = 67584")
                    .contains("storage.max-total-bytes from " + f)
                    .contains("storage.max-value-bytes from the defaults");
            assertThat(e.key()).isEqualTo("storage.max-total-bytes");
            assertThat(e.layer()).isEqualTo(ConfigException.Layer.FILE);
            return;
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void aSmallMaxValueBytesDoesNotMakeATinyTotalCapValid() {
        assertThat(error(null, Map.of("LANDHT_STORAGE_MAX_TOTAL_BYTES", "100",
                "LANDHT_STORAGE_MAX_VALUE_BYTES", "50")))
                .startsWith("storage.max-total-bytes (100) cannot hold one value of storage.max-value-bytes (50)");
    }

    @Test
    void aPerSourceCapBelowOneLargestValueIsRefused() {
        assertThat(error(null, Map.of("LANDHT_STORAGE_MAX_BYTES_PER_SOURCE", "1000")))
                .startsWith("storage.max-bytes-per-source (1000) cannot hold one value of storage.max-value-bytes"
                        + " (65536)")
                .contains("environment variable LANDHT_STORAGE_MAX_BYTES_PER_SOURCE");
    }

    @Test
    void capsOfOneLargestValueAreAccepted() throws Exception {
        NodeConfig c = load(null, Map.of("LANDHT_STORAGE_MAX_TOTAL_BYTES", "67584",
                "LANDHT_STORAGE_MAX_BYTES_PER_SOURCE", "67584"));
        assertThat(c.storage().maxTotalBytes()).isEqualTo(67584);
        assertThat(c.storage().maxBytesPerSource()).isEqualTo(67584);
    }

    @Test
    void aHugeFileIsRefusedWithoutReadingItWhole() throws IOException {
        Path f = dir.resolve("huge.yaml");
        Files.write(f, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);

        assertThat(error(f, Map.of())).isEqualTo("config file " + f + " is larger than 1024 KiB: not a landht config"
                + " file");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path f = dir.resolve("padded.yaml");
        String text = "dht:\n  port: 5000\n";
        Files.writeString(f, text + "#".repeat(ConfigLoader.MAX_FILE_BYTES - text.length() - 1) + "\n");

        assertThat(new ConfigLoader(Map.of()).load(f, List.of()).config().dht().port()).isEqualTo(5000);
    }

    @Test
    void aComplexKeyIsReportedInTheAdminsWordsNotTheParsersEvents() throws IOException {
        Path f = yaml("dht:\n  ? [a]\n  : b\n");
        assertThat(error(f, Map.of())).isEqualTo("YAML syntax error in " + f + " line 2: Expected a field name (Scalar"
                + " value in YAML), got this instead: a list");
    }

    @Test
    void checkAcceptsTheShippedFile() throws Exception {
        assertThat(ConfigLoader.check(Path.of("config/landht.yaml")).dht().port()).isEqualTo(4222);
    }
}
