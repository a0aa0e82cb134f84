package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The ops endpoint's status routes answer to an address or localhost in the Host header, never to a DNS name (a
 * page that DNS rebinding pointed at the admin's tunnel); /health and /metrics keep answering any Host (monitoring
 * by host name). Real node, real ops server, raw requests so that the Host header is the test's.
 */
class StatusHostTest {
    @AutoClose
    private final OpsTestNode node = OpsTestNode.inTempDir();

    @Test
    void addressesAndLocalhostAreServed() {
        for (String host : new String[] {null, "127.0.0.1", "127.0.0.1:8422", "[::1]:8422", "[::1]", "localhost:8422",
                "LOCALHOST", "status.localhost:1", "10.0.0.5"}) {
            assertThat(StatusRoutes.hostAllowed(host)).as(host).isTrue();
        }
    }

    @Test
    void dnsNamesAndBrokenLiteralsAreRefused() {
        for (String host : new String[] {"rebind.attacker.example", "rebind.attacker.example:8422", "localhost.evil",
                "[::1", "[nothing]:80", "127.0.0.1.nip.io", ""}) {
            assertThat(StatusRoutes.hostAllowed(host)).as(host).isFalse();
        }
    }

    @Test
    void aStatusRequestNamingADnsHostGets421AndHealthStillAnswers() throws Exception {
        String page = RawHttp.get(node.ops.localAddress(), "/", "rebind.attacker.example:8422");
        String json = RawHttp.get(node.ops.localAddress(), "/status.json", "rebind.attacker.example");
        String health = RawHttp.get(node.ops.localAddress(), "/health", "monitor.office.lan:8422");
        String ok = RawHttp.get(node.ops.localAddress(), "/", "127.0.0.1:8422");

        assertThat(page).startsWith("HTTP/1.1 421").doesNotContain(node.rt.id().toString());
        assertThat(json).startsWith("HTTP/1.1 421");
        assertThat(health).startsWith("HTTP/1.1 200");
        assertThat(ok).startsWith("HTTP/1.1 200").contains(node.rt.id().toString());
    }
}
