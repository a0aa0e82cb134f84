package net.landht.it;

import static net.landht.it.support.JsonHttp.get;
import static net.landht.it.support.JsonHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.HttpPorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.JarCommand;
import net.landht.it.support.LandhtProcess;
import net.landht.names.TestAccount;

/**
 * The name server in a running landht (the jar): registrations over its LAN HTTP port, then {@code landht names
 * list|show|remove|export|import} against it through the loopback ops endpoint, and the names counters on
 * {@code /metrics}.
 */
class NamesAdminIT {
    private String opsUrl;

    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    @Test
    void adminListsShowsRemovesExportsAndImportsTheRunningDaemonsNames() throws Exception {
        HttpPorts ports = HttpPorts.free();
        Path logs = it.logs();
        TestAccount alice = TestAccount.create();
        TestAccount bob = TestAccount.create();
        TestAccount carol = TestAccount.create();
        try (LandhtProcess landht = ports.start(it, LandhtProcess.builder(logs).logLevel("info"))) {
            String names = ports.httpUrl();
            String ops = ports.opsUrl();
            opsUrl = ops;
            assertThat(post(names + "/name/alice", alice.body("alice")).statusCode()).isEqualTo(200);
            assertThat(post(names + "/name/bob", bob.body("bob")).statusCode()).isEqualTo(200);

            JarCommand.Result list = names(logs, "list", "list");
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(list.output()).contains("alice  " + alice.id, "bob  " + bob.id, "2 names");

            JarCommand.Result show = names(logs, "show", "show", "ALICE");
            assertThat(show.exitCode()).as(show.output()).isZero();
            assertThat(show.output()).contains("name: alice\n", "addr: " + alice.id + "\n",
                    "publickey: " + alice.publicKey + "\n");
            assertThat(names(logs, "show-unknown", "show", "nobody").exitCode()).isEqualTo(1);

            Path export = logs.resolve("names.jsonl");
            JarCommand.Result exported = names(logs, "export", "export", export.toString());
            assertThat(exported.exitCode()).as(exported.output()).isZero();
            assertThat(Files.readAllLines(export)).hasSize(2).allSatisfy(l -> assertThat(l)
                    .contains("\"owner\":", "\"publickey\":", "\"signature\":", "\"registered\":"));

            JarCommand.Result removed = names(logs, "remove", "remove", "alice");
            assertThat(removed.exitCode()).as(removed.output()).isZero();
            assertThat(removed.output()).contains("removed alice (" + alice.id + ")");
            assertThat(get(names + "/name/alice").statusCode()).isEqualTo(404);

            JarCommand.Result imported = names(logs, "import", "import", export.toString());
            assertThat(imported.exitCode()).as(imported.output()).isZero();
            assertThat(imported.output()).contains("imported 1, unchanged 1, skipped 0");
            assertThat(get(names + "/name/alice").body()).contains("\"addr\":\"0x" + alice.id + "\"");

            Path mixed = logs.resolve("mixed.jsonl");
            String forged = "{\"name\":\"mallory\",\"addr\":\"" + carol.id + "\",\"owner\":\"\",\"publickey\":\""
                    + carol.publicKey + "\",\"signature\":\"" + carol.sign("other") + "\"}";
            String good = new String(carol.body("carol"), StandardCharsets.US_ASCII)
                    .replaceFirst("\\{", "{\"name\":\"carol\",");
            String taken = new String(bob.body("alice"), StandardCharsets.US_ASCII)
                    .replaceFirst("\\{", "{\"name\":\"alice\",");
            Files.writeString(mixed, forged + "\nnot json\n" + good + "\n" + taken + "\n");
            JarCommand.Result partial = names(logs, "import-mixed", "import", mixed.toString());
            assertThat(partial.exitCode()).as(partial.output()).isEqualTo(1);
            assertThat(partial.output()).contains("imported 1, unchanged 0, skipped 3",
                    "line 1 (mallory): signature verification failed", "line 2: not JSON",
                    "line 4 (alice): name already registered to " + alice.id);
            assertThat(get(names + "/name/carol").statusCode()).isEqualTo(200);
            assertThat(get(names + "/name/mallory").statusCode()).isEqualTo(404);

            String metrics = get(ops + "/metrics").body();
            assertThat(metrics).contains("landht_names_up 1.0", "landht_names_registered_total 2.0");
            assertThat(get(ops + "/stats").body()).contains("\"state\" : \"serving\"");
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedLeavesTheDhtServingAndTheNameServerAnswering503() throws Exception {
        HttpPorts ports = HttpPorts.free();
        Path state = it.logs().resolve("damaged-state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("names.db"), "this is not an SQLite database\n".repeat(200));
        try (LandhtProcess landht = ports.start(it, LandhtProcess.builder(it.logs()).stateDir(state)
                .logLevel("info"))) {
            String ops = ports.opsUrl();
            HttpResponse<String> name = get(ports.httpUrl() + "/name/alice");
            assertThat(name.statusCode()).isEqualTo(503);
            assertThat(name.body()).isEqualTo("{\"error\":\"name server unavailable\"}");
            assertThat(get(ports.httpUrl() + "/").statusCode()).as("the DHT proxy").isEqualTo(200);
            assertThat(get(ops + "/health").statusCode()).isEqualTo(200);
            assertThat(get(ops + "/metrics").body()).contains("landht_names_up 0.0");
            assertThat(get(ops + "/stats").body()).contains("\"state\" : \"failed\"");
            assertThat(landht.logTail(200)).contains("ERROR").contains("name server OFF");
            opsUrl = ops;
            JarCommand.Result list = names(it.logs(), "list-off", "list");
            assertThat(list.exitCode()).isEqualTo(1);
            assertThat(list.output()).contains("503", "the name server is not running");
        }
    }

    /** {@code landht names ARGS --ops-url OPS}, its output in {@code names-<logName>.log}. */
    private JarCommand.Result names(Path logs, String logName, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("names"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--ops-url", opsUrl));
        return JarCommand.run(logs, "names-" + logName, cmd);
    }
}
