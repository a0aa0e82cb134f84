package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.landht.config.ConfigLoader.Setting;

/** How the loader layers defaults, the file, the environment and options, and what it reads from each. */
class ConfigLoaderTest extends ConfigTestBase {
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
    void durationsAcceptUnitsAndIso8601() throws Exception {
        NodeConfig c = load(yaml("persistence:\n  snapshot-interval: PT90S\n  journal-flush: 250ms\n"
                + "logging:\n  stats-interval: 0\n"), Map.of());
        assertThat(c.persistence().snapshotInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.persistence().journalFlush()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.logging().statsInterval()).isZero();
    }

    @Test
    void proxyOperationBoundsComeFromTheFileAndTheEnvironment() throws Exception {
        NodeConfig c = load(yaml("proxy:\n  max-listens-per-source: 1000\n  max-searches: 2048\n"),
                Map.of("LANDHT_PROXY_MAX_SEARCHES_PER_SOURCE", "512",
                        "LANDHT_PROXY_MAX_PERMANENT_PUTS_PER_SOURCE", "9"));
        assertThat(List.of(c.proxy().maxListensPerSource(), c.proxy().maxListens(), c.proxy().maxSearchesPerSource(),
                c.proxy().maxSearches(), c.proxy().maxPermanentPutsPerSource(), c.proxy().maxPermanentPuts()))
                .containsExactly(1000, 4096, 512, 2048, 9, 4096);
    }

    @Test
    void httpSectionDefaultsToAllInterfacesOnPort8000AndReadsItsKeys() throws Exception {
        NodeConfig.Http d = load(null, Map.of()).http();
        assertThat(d).isEqualTo(new NodeConfig.Http(true, "::", 8000, false, 256));
        Path f = yaml("http:\n  enabled: false\n  bind: 10.0.0.2\n  port: 8080\n  status-page: true\n"
                + "  max-connections-per-source: 1000\n");
        assertThat(load(f, Map.of()).http()).isEqualTo(new NodeConfig.Http(false, "10.0.0.2", 8080, true, 1000));
        assertThat(load(null, Map.of("LANDHT_HTTP_MAX_CONNECTIONS_PER_SOURCE", "64")).http()
                .maxConnectionsPerSource()).isEqualTo(64);
    }

    @Test
    void theLanStatusPageIsOffByDefaultAndOnThroughItsVariable() throws Exception {
        assertThat(load(null, Map.of()).http().statusPage()).isFalse();
        assertThat(load(null, Map.of("LANDHT_HTTP_STATUS_PAGE", "true")).http().statusPage()).isTrue();
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path f = dir.resolve("padded.yaml");
        String text = "dht:\n  port: 5000\n";
        Files.writeString(f, text + "#".repeat(ConfigLoader.MAX_FILE_BYTES - text.length() - 1) + "\n");

        assertThat(new ConfigLoader(Map.of()).load(f, List.of()).config().dht().port()).isEqualTo(5000);
    }

    @Test
    void checkAcceptsTheShippedFile() throws Exception {
        assertThat(ConfigLoader.check(Path.of("config/landht.yaml")).dht().port()).isEqualTo(4222);
    }
}
