package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.IsolatedNamespace;
import net.landht.it.support.ItFixture;
import net.landht.it.support.JamiAccountSettings;
import net.landht.it.support.JamiPeer;
import net.landht.it.support.LandhtProcess;
import net.landht.it.support.NetworkNamespaces;
import net.landht.it.support.Prerequisites;

/**
 * Real Jami clients over landht (issue 11, acceptance): Debian's jami-daemon 13.7, two daemons each with one account
 * ({@link JamiPeer}), and landht, all inside one {@link IsolatedNamespace} the test creates, so nothing reaches the
 * public Jami infrastructure (every setting naming it is emptied, {@link JamiAccountSettings}). Each test: both
 * accounts register, A sends B a trust request, B accepts, B's device clones the conversation from A's and A's merges
 * B's "join", A sends a text message, B receives it. Mandatory: a missing jamid, dbus-daemon, python3-dbus/-gi or ip fails, never skips.
 *
 * <p>Plain DHT accounts bootstrap from landht's UDP port (4222); proxy-mode accounts use landht's HTTP port (8000)
 * as {@code Account.proxyServer} with an empty {@code Account.dhtProxyListUrl} (fact sheet dht-proxy.md §11).
 */
class JamiOverLandhtIT {

    private static final int DHT_PORT = 4222;
    private static final int HTTP_PORT = 8000;
    private static final Duration REGISTER = Duration.ofSeconds(60);
    private static final Duration TRUST_REQUEST = Duration.ofSeconds(30);
    /** The clone goes over an ICE connection negotiated through the DHT (or the proxy). */
    private static final Duration CONVERSATION = Duration.ofSeconds(60);
    private static final Duration MESSAGE = Duration.ofSeconds(30);

    @RegisterExtension
    final ItFixture it = ItFixture.requiring(() -> {
        NetworkNamespaces.ipCommand();
        Prerequisites.requireJami();
        LandhtProcess.jar();
    });

    @Test
    void twoDhtAccountsBootstrappedToLandhtExchangeATrustRequestAndAMessage() {
        IsolatedNamespace ns = it.addAfterProcesses(IsolatedNamespace.create(it.logs()));
        LandhtProcess landht = startLandht(ns, false);

        exchange(landht, JamiAccountSettings.dht("alice", landht.hostPort()),
                JamiAccountSettings.dht("bob", landht.hostPort()), ns);
    }

    // PROXY: needs landht's HTTP proxy (--http-port, branch http-proxy). Until that is merged into main, landht
    // refuses the unknown option and this test fails at landht's start; it is not skipped on purpose.
    @Test
    void aProxyAccountAndADhtAccountExchangeATrustRequestAndAMessageThroughLandht() {
        IsolatedNamespace ns = it.addAfterProcesses(IsolatedNamespace.create(it.logs()));
        LandhtProcess landht = startLandht(ns, true);

        exchange(landht, JamiAccountSettings.proxy("alice", proxyServer(), landht.hostPort()),
                JamiAccountSettings.dht("bob", landht.hostPort()), ns);
    }

    // PROXY: as above, fails until landht's HTTP proxy is on main.
    @Test
    void twoProxyAccountsWithLandhtAsTheOnlyNodeExchangeATrustRequestAndAMessage() {
        IsolatedNamespace ns = it.addAfterProcesses(IsolatedNamespace.create(it.logs()));
        LandhtProcess landht = startLandht(ns, true);

        exchange(landht, JamiAccountSettings.proxy("alice", proxyServer(), landht.hostPort()),
                JamiAccountSettings.proxy("bob", proxyServer(), landht.hostPort()), ns);
    }

    private LandhtProcess startLandht(IsolatedNamespace ns, boolean http) {
        LandhtProcess.Builder b = LandhtProcess.builder(it.logs()).namespace(ns).port(DHT_PORT);
        if (http) {
            b.httpPort(HTTP_PORT);
        }
        LandhtProcess landht = it.add(b.start());
        if (http) {
            // jamid polls the proxy's status once at account start and stays unregistered for a minute if it fails
            ns.awaitTcpListener(HTTP_PORT, Duration.ofSeconds(10));
        }
        return landht;
    }

    private static String proxyServer() {
        return "127.0.0.1:" + HTTP_PORT;
    }

    /** The whole exchange; a failure carries both daemons' and landht's log tails. */
    private void exchange(LandhtProcess landht, JamiAccountSettings alice, JamiAccountSettings bob,
                          IsolatedNamespace ns) {
        Path logs = it.logs();
        JamiPeer a = it.add(JamiPeer.start(ns, logs, "jami-a"));
        JamiPeer b = it.add(JamiPeer.start(ns, logs, "jami-b"));
        long t0 = System.nanoTime();
        try {
            a.createAccount(alice);
            b.createAccount(bob);
            a.awaitRegistered(REGISTER);
            b.awaitRegistered(REGISTER);
            long registered = System.nanoTime();

            a.sendTrustRequest(b.jamiId());
            String conversation = b.awaitTrustRequest(a.jamiId(), TRUST_REQUEST);
            assertThat(a.conversations()).contains(conversation);
            b.acceptTrustRequest(a.jamiId());
            b.awaitConversationReady(conversation, CONVERSATION);
            a.awaitMemberJoined(conversation, b.jamiId(), CONVERSATION);
            long ready = System.nanoTime();

            String body = "hello over landht " + Long.toHexString(t0);
            a.sendMessage(conversation, body);
            JsonNode message = b.awaitMessage(conversation, body, MESSAGE);
            assertThat(message.path("author").asText()).isEqualTo(a.jamiId());
            System.out.printf("Jami over landht: registered in %d ms, conversation ready %d ms later, message %d ms "
                    + "later%n", millis(t0, registered), millis(registered, ready), millis(ready, System.nanoTime()));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- jami-a (" + a.jamidLog() + ") tail:\n"
                    + a.jamidLogTail(40) + "\n--- jami-b (" + b.jamidLog() + ") tail:\n" + b.jamidLogTail(40)
                    + "\n--- landht (" + landht.logFile() + ") tail:\n" + landht.logTail(30), e);
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }
}
