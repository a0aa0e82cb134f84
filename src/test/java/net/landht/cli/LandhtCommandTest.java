package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.landht.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandhtCommandTest {
    @TempDir
    Path dir;

    @Test
    void noArgumentsRunsTheDaemonWithEmbeddedDefaults() {
        CliRun r = CliRun.run();
        assertThat(r.code).isZero();
        NodeConfig d = NodeConfig.defaults();
        assertThat(r.config).usingRecursiveComparison().ignoringFields("persistence.stateDir").isEqualTo(d);
        assertThat(r.config.persistence().stateDir()).as("no STATE_DIRECTORY given").isEqualTo(Path.of("landht-state"));
        assertThat(r.source).isEqualTo("embedded defaults");
    }

    @Test
    void daemonExitCodeIsReturned() {
        int code = Cli.execute(new String[0], Map.of(), (c, s) -> 3, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(3);
    }

    @Test
    void helpListsOptionsAlphabeticallyWithinEightyColumns() {
        CliRun r = CliRun.run("--help");
        assertThat(r.code).isZero();
        assertThat(r.out.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        List<String> longNames = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  (?:-\\w, |    )--([a-z-]+)").matcher(r.out);
        while (m.find()) {
            longNames.add(m.group(1));
        }
        assertThat(longNames).contains("bind", "bootstrap", "config", "port", "version").isSorted();
        assertThat(r.out).contains("foreground").contains("LANDHT_<SECTION>_<KEY>");
    }

    @Test
    void helpGivesTheSeedsDefaultPortAndBothListSeparators() {
        String help = CliRun.run("--help").out.replaceAll("\\s+", " ");
        assertThat(help).contains("(default port 4222)").contains("separated by ';' or ','");
    }

    @Test
    void aCommaSeparatedSeedListIsAcceptedAsTheHelpSays() {
        CliRun r = CliRun.run("-b", "10.0.0.5,[fd00::5]:4223");
        assertThat(r.code).isZero();
        assertThat(r.config.dht().bootstrap()).containsExactly("10.0.0.5", "[fd00::5]:4223");
    }

    @Test
    void subcommandHelpFitsEightyColumns() {
        for (String sub : List.of("status", "check-config")) {
            CliRun r = CliRun.run(sub, "--help");
            assertThat(r.code).isZero();
            assertThat(r.out.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        }
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun r = CliRun.run("--version");
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("landht ");
        assertThat(r.config).isNull();
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.run("--frobnicate");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("landht: Unknown option: '--frobnicate'").contains("landht --help");
        assertThat(r.config).isNull();
    }

    @Test
    void strayArgumentIsAUsageError() {
        CliRun r = CliRun.run("10.0.0.5");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.config).isNull();
    }

    @Test
    void badOptionValueIsAUsageErrorNamingTheOption() {
        CliRun r = CliRun.run("-p", "70000");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("bad value for 'dht.port' in option --port: expected a port number 1..65535,"
                + " got 70000");
        assertThat(r.config).isNull();
    }

    @Test
    void namesPrimaryOptionMakesASecondaryAndABadUrlIsAUsageError() {
        CliRun r = CliRun.run("--names-primary", "http://10.0.0.5:8000/");
        assertThat(r.code).isZero();
        assertThat(r.config.names().primary()).isEqualTo("http://10.0.0.5:8000");
        CliRun bad = CliRun.run("--names-primary", "http://10.0.0.5:8000/ns");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("bad value for 'names.primary' in option --names-primary");
        assertThat(bad.config).isNull();
    }

    @Test
    void dhtnodeStyleShortOptionsSetTheConfig() {
        CliRun r = CliRun.run("-p", "4300", "-n", "12", "-b", "10.0.0.5", "-b", "[fd00::5]:4223;seed.lan", "-D",
                "-v", "-U", "-s", "-d");
        assertThat(r.code).isZero();
        NodeConfig c = r.config;
        assertThat(c.dht().port()).isEqualTo(4300);
        assertThat(c.dht().networkId()).isEqualTo(12);
        assertThat(c.dht().bootstrap()).containsExactly("10.0.0.5", "[fd00::5]:4223", "seed.lan");
        assertThat(c.discovery().enabled()).isTrue();
        assertThat(c.logging().level()).isEqualTo("debug");
        assertThat(c.limits().globalRequestsPerSecond()).isZero();
        assertThat(c.limits().perSourceRequestsPerSecond()).isZero();
        assertThat(r.source).isEqualTo("embedded defaults + options (--bootstrap, --verbose, --network-id, "
                + "--peer-discovery, --no-rate-limit, --port)");
    }

    @Test
    void longOptionsSetTheConfig() {
        String id = "0123456789abcdef0123456789abcdef01234567";
        CliRun r = CliRun.run("--no-ops", "--no-peer-discovery", "--node-id", id, "--ops-bind", "::1",
                "--ops-port", "9000", "--state-dir", dir.toString(), "--log-level", "trace", "--verbose");
        assertThat(r.code).isZero();
        NodeConfig c = r.config;
        assertThat(c.ops().enabled()).isFalse();
        assertThat(c.discovery().enabled()).isFalse();
        assertThat(c.dht().nodeId()).isEqualTo(id);
        assertThat(c.ops().bind()).isEqualTo("::1");
        assertThat(c.ops().port()).isEqualTo(9000);
        assertThat(c.persistence().stateDir()).isEqualTo(dir);
        assertThat(c.logging().level()).as("--log-level wins over -v").isEqualTo("trace");
    }

    @Test
    void httpOptionsSetTheHttpSection() {
        assertThat(CliRun.run("--http-port", "8080").config.http().port()).isEqualTo(8080);
        assertThat(CliRun.run("--http-bind", "10.0.0.2").config.http().bind()).isEqualTo("10.0.0.2");
        NodeConfig off = CliRun.run("--no-http").config;
        assertThat(off.http().enabled()).isFalse();
        assertThat(CliRun.run("--http-port", "70000").code).isEqualTo(2);
    }

    @Test
    void bindOpensOnlyTheFamiliesNamed() {
        NodeConfig v4 = CliRun.run("--bind", "192.168.1.10").config;
        assertThat(v4.dht().bind4()).isEqualTo("192.168.1.10");
        assertThat(v4.dht().ipv4()).isTrue();
        assertThat(v4.dht().ipv6()).isFalse();

        NodeConfig v6 = CliRun.run("--bind", "[fd00::1]").config;
        assertThat(v6.dht().bind6()).isEqualTo("fd00::1");
        assertThat(v6.dht().ipv4()).isFalse();
        assertThat(v6.dht().ipv6()).isTrue();

        NodeConfig both = CliRun.run("--bind", "0.0.0.0", "--bind", "::").config;
        assertThat(both.dht().ipv4()).isTrue();
        assertThat(both.dht().ipv6()).isTrue();
    }

    @Test
    void bindRefusesTwoAddressesOfOneFamilyAndNonLiterals() {
        CliRun two = CliRun.run("--bind", "10.0.0.1", "--bind", "10.0.0.2");
        assertThat(two.code).isEqualTo(2);
        assertThat(two.err).contains("--bind: two IPv4 addresses (10.0.0.1, 10.0.0.2)");
        CliRun name = CliRun.run("--bind", "myhost");
        assertThat(name.code).isEqualTo(2);
        assertThat(name.err).contains("bad value for 'dht.bind4' in option --bind");
    }

    @Test
    void peerDiscoveryOnAndOffTogetherIsAUsageError() {
        CliRun r = CliRun.run("-D", "--no-peer-discovery");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("contradict");
    }

    @Test
    void dhtnodeLongNetOptionIsAHiddenAlias() {
        assertThat(CliRun.run("--net", "5").config.dht().networkId()).isEqualTo(5);
        assertThat(CliRun.run("--help").out).doesNotContain("--net ").doesNotContain("--net=");
    }

    @Test
    void optionsOverrideEnvironmentAndFile() throws Exception {
        Path f = dir.resolve("landht.yaml");
        Files.writeString(f, "dht:\n  port: 4300\n  network-id: 3\nops:\n  port: 9100\n");
        CliRun r = CliRun.run(Map.of("LANDHT_DHT_PORT", "4400", "LANDHT_OPS_PORT", "9200"), "-c", f.toString(),
                "-p", "4500");
        assertThat(r.code).isZero();
        assertThat(r.config.dht().port()).isEqualTo(4500);
        assertThat(r.config.ops().port()).isEqualTo(9200);
        assertThat(r.config.dht().networkId()).isEqualTo(3);
        assertThat(r.source).isEqualTo(f + " + environment (LANDHT_DHT_PORT, LANDHT_OPS_PORT) + options (--port)");
    }

    @Test
    void configErrorExitsOneWithoutStarting() {
        CliRun missing = CliRun.run("-c", dir.resolve("nope.yaml").toString());
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).isEqualTo("landht: config file not found: " + dir.resolve("nope.yaml")
                + System.lineSeparator());
        assertThat(missing.config).isNull();

        CliRun env = CliRun.run(Map.of("LANDHT_DHT_PORT", "x"));
        assertThat(env.code).isEqualTo(1);
        assertThat(env.err).contains("environment variable LANDHT_DHT_PORT");
    }

    @Test
    void stateDirectoryFromSystemdIsTheDefault() {
        CliRun r = CliRun.run(Map.of("STATE_DIRECTORY", "/var/lib/landht"));
        assertThat(r.config.persistence().stateDir()).isEqualTo(Path.of("/var/lib/landht"));
    }

    @Test
    void unexpectedDaemonFailureExitsOne() {
        int code = Cli.execute(new String[0], Map.of(), (c, s) -> {
            throw new IllegalStateException("boom");
        }, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(1);
    }
}
