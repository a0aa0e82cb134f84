package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import net.landht.config.ConfigLoader.Setting;

/** One case per kind of bad value or bad file: the message names the key, where it was set (file and line,
 * variable or option) and what was expected. The table cases are named for the behaviour they check. */
class ConfigErrorsTest extends ConfigTestBase {
    /** Stands in an expected message for the path of the file the case wrote. */
    private static final String FILE = "<file>";

    /** Rows (case, landht.yaml text, the whole message with {@link #FILE} for the file's path). */
    static Stream<Arguments> badFiles() {
        return Stream.of(
                arguments("unknown key: the nearest valid name", "dht:\n  port: 4222\n  prot: 4223\n",
                        "unknown key 'dht.prot' in <file> line 3; did you mean 'dht.port'?"),
                arguments("unknown key in the wrong section: the right one", "dht:\n  max-value-bytes: 10\n",
                        "unknown key 'dht.max-value-bytes' in <file> line 2; did you mean 'storage.max-value-bytes'?"),
                arguments("unknown key far from any: the section's keys", "ops:\n  colour: blue\n",
                        "unknown key 'ops.colour' in <file> line 2; the keys of 'ops' are: enabled, bind, port"),
                arguments("unknown section: the nearest section", "dth:\n  port: 4222\n",
                        "unknown section 'dth' in <file> line 1; did you mean 'dht'?"),
                arguments("key without its section: the full name", "port: 4222\n",
                        "unknown key 'port' in <file> line 1; did you mean 'dht.port' (under 'dht:')?"),
                arguments("wrong type: a word for a boolean", "dht:\n  ipv4: maybe\n",
                        "bad value for 'dht.ipv4' in <file> line 2: expected true or false, got 'maybe'"),
                arguments("wrong type: a list for a size", "storage:\n\n  max-value-bytes: [1, 2]\n",
                        "bad value for 'storage.max-value-bytes' in <file> line 3: expected a size of at least 1 byte"
                                + " such as 65536, 64KiB or 1MB, up to 2147483647 bytes, got a list"),
                arguments("port above 65535", "# comment\ndht:\n  port: 70000\n",
                        "bad value for 'dht.port' in <file> line 3: expected a port number 1..65535, got 70000"),
                arguments("port 0", "ops:\n  port: 0\n",
                        "bad value for 'ops.port' in <file> line 2: expected a port number 1..65535, got 0"),
                arguments("bad CIDR prefix: at its own line",
                        "limits:\n  allow:\n    - 10.0.0.0/8\n    - 192.168.1.0/33\n",
                        "bad value for 'limits.allow' in <file> line 4: '192.168.1.0/33' is not a CIDR block: the"
                                + " prefix length must be 0..32 for IPv4"),
                arguments("bad CIDR address", "limits:\n  exempt: [lan]\n",
                        "bad value for 'limits.exempt' in <file> line 2: 'lan' is not a CIDR block: 'lan' is not an"
                                + " IPv4 or IPv6 address"),
                arguments("reserved name that Jami cannot send: at its line",
                        "names:\n  reserved:\n    - admin\n    - ad\n",
                        "bad value for 'names.reserved' in <file> line 4: 'ad' is not a Jami name (3 to 32 letters,"
                                + " digits, - or _)"),
                arguments("names.primary with a path", "names:\n  primary: http://10.0.0.5:8000/ns\n",
                        "bad value for 'names.primary' in <file> line 2: expected an http or https URL such as"
                                + " http://10.0.0.5:8000 (no path), or empty for none, got 'http://10.0.0.5:8000/ns':"
                                + " no path, query or fragment: the primary's /name and /addr are at its root"),
                arguments("duration in words", "persistence:\n  snapshot-interval: 5 minutes\n",
                        "bad value for 'persistence.snapshot-interval' in <file> line 2: expected a duration of at"
                                + " least 1s such as 30s, 5m, 1h or PT30S, got '5 minutes'"),
                arguments("duration 0", "persistence:\n  snapshot-interval: 0\n",
                        "bad value for 'persistence.snapshot-interval' in <file> line 2: expected a duration of at"
                                + " least 1s such as 30s, 5m, 1h or PT30S, got 0"),
                arguments("network id above unsigned 32 bits", "dht:\n  network-id: 4294967296\n",
                        "bad value for 'dht.network-id' in <file> line 2: expected a network id 0..4294967295, got"
                                + " 4294967296"),
                arguments("node id not 40 hex digits", "dht:\n  node-id: abc\n",
                        "bad value for 'dht.node-id' in <file> line 2: expected 40 hex digits, or empty for the"
                                + " persisted/random id, got 'abc' (3 characters)"),
                arguments("unknown log level", "logging:\n  level: verbose\n",
                        "bad value for 'logging.level' in <file> line 2: expected one of error, warn, info, debug,"
                                + " trace, got 'verbose'"),
                arguments("bind address of the other family", "dht:\n  bind4: \"::1\"\n",
                        "bad value for 'dht.bind4' in <file> line 2: expected an IPv4 address such as 0.0.0.0, got"
                                + " '::1'"),
                arguments("bad seed: the entry", "dht:\n  bootstrap:\n    - 10.0.0.5:99999\n",
                        "bad value for 'dht.bootstrap' in <file> line 3: bad bootstrap entry '10.0.0.5:99999': port"
                                + " 99999 is not in 1..65535"),
                arguments("YAML syntax error: file and line", "dht:\n  port: 4222\n  bootstrap: [a, b\n",
                        "YAML syntax error in <file> line 4: while parsing a flow sequence, expected ',' or ']', but"
                                + " got <stream end>"),
                arguments("duplicate key", "dht:\n  port: 4222\n  port: 4223\n",
                        "duplicate key 'dht.port' (first at line 2) in <file> line 3"),
                arguments("section that is not a mapping", "ops: false\n",
                        "section 'ops' in <file> line 1 must be a mapping of keys (enabled, bind, port), not false"),
                arguments("complex key: in the admin's words, not the parser's events", "dht:\n  ? [a]\n  : b\n",
                        "YAML syntax error in <file> line 2: Expected a field name (Scalar value in YAML), got this"
                                + " instead: a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsRefusedNamingKeyFileLineAndExpectation(String behaviour, String text, String expected)
            throws Exception {
        Path f = yaml(text);
        assertThat(error(f, Map.of())).isEqualTo(expected.replace(FILE, f.toString()));
    }

    /** Rows (case, landht.yaml text, what the message contains). */
    static Stream<Arguments> badFileFragments() {
        return Stream.of(
                arguments("byte size out of range: key and forms", "storage:\n  max-value-bytes: 4GiB\n",
                        new String[] {"storage.max-value-bytes", "4GiB", "4294967296 bytes", "64KiB"}),
                arguments("byte size with an unknown unit: key and forms", "storage:\n  max-total-bytes: 128M\n",
                        new String[] {"storage.max-total-bytes", "128M", "128MiB"}),
                arguments("names.primary without a scheme", "names:\n  primary: 10.0.0.5:8000\n",
                        new String[] {"'names.primary'", "the scheme must be http:// or https://"}),
                arguments("names.primary with a query", "names:\n  primary: http://h:8000?x=1\n",
                        new String[] {"no path, query"}),
                arguments("names.primry: the right key", "names:\n  primry: http://h:8000\n",
                        new String[] {"names.primary"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFileFragments")
    void aBadFileIsRefusedWithWhatTheAdminNeeds(String behaviour, String text, String[] fragments) throws Exception {
        assertThat(error(yaml(text), Map.of())).contains(fragments);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            LANDHT_DHT_NETWORK_ID | -1 | bad value for 'dht.network-id' in environment variable LANDHT_DHT_NETWORK_ID: \
            expected a network id 0..4294967295, got -1
            LANDHT_DHT_BIND6 | 10.0.0.1 | bad value for 'dht.bind6' in environment variable LANDHT_DHT_BIND6: \
            expected an IPv6 address such as ::, got '10.0.0.1'
            LANDHT_DHT_PROT | 4222 | unknown environment variable LANDHT_DHT_PROT; did you mean LANDHT_DHT_PORT?
            LANDHT_HTTP_MAX_CONNECTIONS_PER_SOURCE | 0 | bad value for 'http.max-connections-per-source' in \
            environment variable LANDHT_HTTP_MAX_CONNECTIONS_PER_SOURCE: expected a whole number >= 1, got 0
            """)
    void aBadEnvironmentVariableIsRefusedNamingIt(String variable, String value, String expected) {
        assertThat(error(null, Map.of(variable, value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"proxy.max-listens-per-source, 0", "proxy.max-searches, lots", "proxy.max-permanent-puts, -3"})
    void aProxyOperationBoundMustBeAPositiveInteger(String key, String value) {
        String env = ConfigKeys.envName(key);
        assertThat(error(null, Map.of(env, value)))
                .startsWith("bad value for '" + key + "' in environment variable " + env + ":");
    }

    @Test
    void aTabIndentIsAYamlSyntaxErrorAtItsLine() throws Exception {
        Path f = yaml("dht:\n\tport: 4222\n");
        assertThat(error(f, Map.of())).startsWith("YAML syntax error in " + f + " line 2: ").contains("TAB");
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
