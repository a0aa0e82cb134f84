package net.landht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void validFilePrintsOkAndExitsZeroWithoutStarting() {
        CliRun r = CliRun.run("check-config", "config/landht.yaml");
        assertThat(r.code).isZero();
        assertThat(r.out).isEqualTo("OK: config/landht.yaml" + System.lineSeparator());
        assertThat(r.config).as("the daemon is never started").isNull();
    }

    @Test
    void invalidFilePrintsTheErrorAndExitsOne() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "dht:\n  prot: 4222\n");
        CliRun r = CliRun.run("check-config", f.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isEqualTo("unknown key 'dht.prot' in " + f + " line 2; did you mean 'dht.port'?"
                + System.lineSeparator());
        assertThat(r.out).isEmpty();
        assertThat(r.config).isNull();
    }

    @Test
    void missingFileExitsOne() {
        CliRun r = CliRun.run("check-config", dir.resolve("nope.yaml").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("config file not found");
    }

    @Test
    void environmentIsNotApplied() {
        CliRun r = CliRun.run(Map.of("LANDHT_DHT_PORT", "not-a-port"), "check-config", "config/landht.yaml");
        assertThat(r.code).isZero();
    }

    @Test
    void missingFileArgumentIsAUsageError() {
        CliRun r = CliRun.run("check-config");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("Missing required parameter: 'FILE'").contains("landht check-config --help");
    }
}
