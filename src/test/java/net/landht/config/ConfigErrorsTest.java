package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.landht.config.ConfigLoader.Setting;

/** One test per kind of bad value or bad file: the message names the key, where it was set (file and line,
 * variable or option) and what was expected. */
class ConfigErrorsTest extends ConfigTestBase {
    @Test
    void aByteSizeOutOfRangeOrWithAnUnknownUnitNamesKeyAndForms() throws Exception {
        assertThat(error(yaml("storage:\n  max-value-bytes: 4GiB\n"), Map.of()))
                .contains("storage.max-value-bytes", "4GiB", "4294967296 bytes", "64KiB");
        assertThat(error(yaml("storage:\n  max-total-bytes: 128M\n"), Map.of()))
                .contains("storage.max-total-bytes", "128M", "128MiB");
    }

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
    void aHugeFileIsRefusedWithoutReadingItWhole() throws IOException {
        Path f = dir.resolve("huge.yaml");
        Files.write(f, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);

        assertThat(error(f, Map.of())).isEqualTo("config file " + f + " is larger than 1024 KiB: not a landht config"
                + " file");
    }

    @Test
    void aComplexKeyIsReportedInTheAdminsWordsNotTheParsersEvents() throws IOException {
        Path f = yaml("dht:\n  ? [a]\n  : b\n");
        assertThat(error(f, Map.of())).isEqualTo("YAML syntax error in " + f + " line 2: Expected a field name (Scalar"
                + " value in YAML), got this instead: a list");
    }

    @Test
    void connectionsPerSourceMustBeAPositiveInteger() {
        assertThat(error(null, Map.of("LANDHT_HTTP_MAX_CONNECTIONS_PER_SOURCE", "0"))).isEqualTo("bad value for"
                + " 'http.max-connections-per-source' in environment variable LANDHT_HTTP_MAX_CONNECTIONS_PER_SOURCE:"
                + " expected a whole number >= 1, got 0");
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
}
