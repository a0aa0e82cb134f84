package net.landht.it;

import static net.landht.it.support.JsonHttp.awaitStatus;
import static net.landht.it.support.JsonHttp.get;
import static net.landht.it.support.JsonHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.HttpPorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.JarCommand;
import net.landht.it.support.LandhtProcess;
import net.landht.names.TestAccount;

/**
 * Two landht processes (the jar), one registry: the secondary is given {@code names.primary} in a config file
 * ({@code -c}); names registered through it (real signed registrations) are served by both, the primary's
 * refusals reach the client with their status, and when the primary stops the secondary answers 502/503 JSON for
 * what it has not cached while names it has seen are still served.
 */
class NamesForwardingIT {
    @RegisterExtension
    final ItFixture it = ItFixture.withoutPrerequisites();

    @Test
    void namesRegisteredThroughTheSecondaryAreServedByBothAndCachedOnesSurviveThePrimary() throws Exception {
        Path logs = it.logs();
        HttpPorts primaryPorts = HttpPorts.free();
        HttpPorts secondaryPorts = HttpPorts.free();
        TestAccount alice = TestAccount.create();
        TestAccount bob = TestAccount.create();
        String p = primaryPorts.httpUrl();
        String s = secondaryPorts.httpUrl();
        String ops = secondaryPorts.opsUrl();
        Path config = logs.resolve("secondary.yaml");
        Files.writeString(config, "names:\n  primary: " + p + "/\n");

        LandhtProcess primary = primaryPorts.start(it, LandhtProcess.builder(logs).name("primary").logLevel("info"));
        LandhtProcess secondary = secondaryPorts.start(it, LandhtProcess.builder(logs).name("secondary")
                .args("-c", config.toString()).logLevel("info"));
        awaitStatus(p + "/addr/" + alice.id, 404);  // any name server answer: its LAN HTTP port is bound
        awaitStatus(s + "/addr/" + alice.id, 404);
        assertThat(secondary.logTail(200)).contains("names: forwarding to primary " + p + " ");

        HttpResponse<String> registered = post(s + "/name/alice", alice.body("alice"));
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.body()).isEqualTo("{\"success\":true}");
        HttpResponse<String> onPrimary = get(p + "/name/alice");
        assertThat(onPrimary.statusCode()).isEqualTo(200);
        assertThat(onPrimary.body()).contains("\"addr\":\"0x" + alice.id + "\"",
                "\"publickey\":\"" + alice.publicKey + "\"");
        assertThat(get(s + "/name/alice").body()).isEqualTo(onPrimary.body());
        assertThat(get(p + "/addr/" + alice.id).body()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(get(s + "/addr/" + alice.id).body()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(primary.logTail(200)).contains("name registered: alice -> " + alice.id);

        assertThat(post(p + "/name/bobby", bob.body("bobby")).statusCode()).as("on the primary directly")
                .isEqualTo(200);
        assertThat(get(s + "/name/bobby").body()).contains("\"addr\":\"0x" + bob.id + "\"");

        HttpResponse<String> second = post(s + "/name/alice2", alice.body("alice2"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(403);
        assertThat(second.body()).contains("\"name\":\"alice\"");
        HttpResponse<String> taken = post(s + "/name/alice", bob.body("alice"));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
        assertThat(post(s + "/name/b!", bob.body("b!")).statusCode()).as("checked locally").isEqualTo(400);
        assertThat(post(s + "/name/carol", new byte[17 * 1024]).statusCode()).isEqualTo(413);
        assertThat(get(p + "/name/alice2").statusCode()).isEqualTo(404);

        String metrics = get(ops + "/metrics").body();
        assertThat(metrics).contains("landht_names_up 1.0")
                .containsPattern("landht_names_forwarded_total\\{outcome=\"ok\",route=\"register\",?} 1\\.0")
                .containsPattern("landht_names_forwarded_total\\{outcome=\"refused\",route=\"register\",?} 2\\.0")
                .containsPattern("landht_names_cache_hits_total\\{answer=\"found\",endpoint=\"name\",?} 1\\.0");
        assertThat(get(ops + "/stats").body()).contains("\"state\" : \"forwarding\"");
        JarCommand.Result list = JarCommand.run(logs, "names-list-secondary", List.of("names", "list", "--ops-url",
                ops));
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.output()).contains("secondary", p);

        primary.close();
        HttpResponse<String> down = get(s + "/name/carol");
        assertThat(down.statusCode()).as(down.body()).isIn(502, 503);
        assertThat(down.body()).startsWith("{\"error\":\"").contains("primary name server");
        assertThat(get(s + "/addr/" + bob.id).statusCode()).isIn(502, 503);
        assertThat(get(s + "/name/alice").body()).as("cached").isEqualTo(onPrimary.body());
        assertThat(get(s + "/addr/" + alice.id).body()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(get(s + "/name/bobby").statusCode()).isEqualTo(200);
        assertThat(secondary.logTail(200)).contains("WARN", "names: the primary " + p + " failed");
        assertThat(get(ops + "/metrics").body())
                .containsPattern("landht_names_forwarded_total\\{outcome=\"(unreachable|bad_answer)\",route=\"name\""
                        + ",?} 1\\.0");
    }
}
