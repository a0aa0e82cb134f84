package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

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
 * Two real jamid 13.7 daemons in a private network namespace use landht as DHT bootstrap and as name server
 * ({@code RingNS.uri = http://127.0.0.1:8000}, what README tells the admin to type into Account > Advanced > Name
 * server): A registers a name (status 0), B's registration of the same name is "already taken" (3), B's
 * {@code lookupName} gives A's Jami ID (jamid checked landht's publickey and signature, else status 1) and
 * {@code lookupAddress} A's name; B sends a trust request to the ID found by name and A receives it (issue 13's
 * acceptance). Mandatory: a missing jamid, dbus-daemon or ip fails, never skips.
 */
class JamiNamesIT {
    /** landht's default ports, as README tells the admin (UDP bootstrap, LAN HTTP name server). */
    private static final int DHT_PORT = 4222;
    private static final int HTTP_PORT = 8000;
    /** Both accounts' registration (RSA keys, device announcement; 8-13 s seen on 2 busy cores). */
    private static final Duration REGISTER = Duration.ofSeconds(60);
    /** One name call or trust request and its signal (< 1 s seen). */
    private static final Duration SIGNAL = Duration.ofSeconds(20);

    @RegisterExtension
    final ItFixture it = ItFixture.requiring(() -> {
        NetworkNamespaces.ipCommand();
        Prerequisites.requireJami();
        LandhtProcess.jar();
    });

    @Test
    void nameRegisteredThroughLandhtIsTakenForOthersAndResolvesToItsOwner() {
        IsolatedNamespace ns = it.addAfterProcesses(IsolatedNamespace.create(it.logs()));
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).namespace(ns).port(DHT_PORT)
                .httpPort(HTTP_PORT).start());
        String bootstrap = "127.0.0.1:" + DHT_PORT;
        String nameServer = "http://127.0.0.1:" + HTTP_PORT;
        JamiPeer a = it.add(JamiPeer.start(ns, it.logs(), "jami-a"));
        JamiPeer b = it.add(JamiPeer.start(ns, it.logs(), "jami-b"));
        String name = "alice-" + Long.toHexString(System.nanoTime() & 0xffffff);
        try {
            a.createAccount(JamiAccountSettings.dht("alice", bootstrap).withNameServer(nameServer));
            b.createAccount(JamiAccountSettings.dht("bob", bootstrap).withNameServer(nameServer));
            long deadline = System.nanoTime() + REGISTER.toNanos();
            a.awaitRegistered(Duration.ofNanos(deadline - System.nanoTime()));
            b.awaitRegistered(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));

            assertThat(a.registerName(name, SIGNAL)).as("A's registration of " + name).isZero();
            assertThat(b.registerName(name, SIGNAL)).as("B's registration of the taken " + name).isEqualTo(3);

            JsonNode byName = b.lookup(name, false, SIGNAL);
            assertThat(byName.get(1).asInt()).as("lookupName status").isZero();
            assertThat(byName.get(2).asText()).isEqualTo(a.jamiId());
            JsonNode byId = b.lookup(a.jamiId(), true, SIGNAL);
            assertThat(byId.get(1).asInt()).as("lookupAddress status").isZero();
            assertThat(byId.get(3).asText()).isEqualTo(name);

            b.sendTrustRequest(byName.get(2).asText());
            a.awaitTrustRequest(b.jamiId(), SIGNAL);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- jami-a (" + a.jamidLog() + ") tail:\n"
                    + a.jamidLogTail(40) + "\n--- jami-b (" + b.jamidLog() + ") tail:\n" + b.jamidLogTail(40)
                    + "\n--- landht (" + landht.logFile() + ") tail:\n" + landht.logTail(40), e);
        }
        assertThat(List.of(landht.logTail(400).split("\n"))).anyMatch(l -> l.contains("name registered: " + name));
    }

    /**
     * Issue 13 §6 with real clients: A's name server is a secondary landht ({@code --names-primary}), B's the
     * primary itself. A registers through the secondary (0); B's registration of the same name at the primary is
     * taken (3) and B's lookup at the primary finds A's ID, so the name is in the one registry; A's own lookup
     * through the secondary finds it too.
     */
    @Test
    void nameRegisteredThroughASecondaryIsInThePrimarysRegistry() {
        IsolatedNamespace ns = it.addAfterProcesses(IsolatedNamespace.create(it.logs()));
        int primaryHttp = HTTP_PORT + 1;
        LandhtProcess primary = it.add(LandhtProcess.builder(it.logs()).name("primary").namespace(ns)
                .port(DHT_PORT + 1).httpPort(primaryHttp).opsPort(8423).start());
        LandhtProcess secondary = it.add(LandhtProcess.builder(it.logs()).name("secondary").namespace(ns)
                .port(DHT_PORT).httpPort(HTTP_PORT).bootstrap("127.0.0.1:" + (DHT_PORT + 1))
                .args("--names-primary", "http://127.0.0.1:" + primaryHttp).start());
        String bootstrap = "127.0.0.1:" + DHT_PORT;
        JamiPeer a = it.add(JamiPeer.start(ns, it.logs(), "jami-a"));
        JamiPeer b = it.add(JamiPeer.start(ns, it.logs(), "jami-b"));
        String name = "carol-" + Long.toHexString(System.nanoTime() & 0xffffff);
        try {
            a.createAccount(JamiAccountSettings.dht("carol", bootstrap)
                    .withNameServer("http://127.0.0.1:" + HTTP_PORT));
            b.createAccount(JamiAccountSettings.dht("dave", bootstrap)
                    .withNameServer("http://127.0.0.1:" + primaryHttp));
            long deadline = System.nanoTime() + REGISTER.toNanos();
            a.awaitRegistered(Duration.ofNanos(deadline - System.nanoTime()));
            b.awaitRegistered(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));

            assertThat(a.registerName(name, SIGNAL)).as("A's registration through the secondary").isZero();
            assertThat(b.registerName(name, SIGNAL)).as("B's registration at the primary").isEqualTo(3);
            JsonNode atPrimary = b.lookup(name, false, SIGNAL);
            assertThat(atPrimary.get(1).asInt()).as("lookupName status at the primary").isZero();
            assertThat(atPrimary.get(2).asText()).isEqualTo(a.jamiId());
            JsonNode atSecondary = a.lookup(name, false, SIGNAL);
            assertThat(atSecondary.get(1).asInt()).as("lookupName status at the secondary").isZero();
            assertThat(atSecondary.get(2).asText()).isEqualTo(a.jamiId());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- jami-a (" + a.jamidLog() + ") tail:\n"
                    + a.jamidLogTail(40) + "\n--- jami-b (" + b.jamidLog() + ") tail:\n" + b.jamidLogTail(40)
                    + "\n--- primary tail:\n" + primary.logTail(40) + "\n--- secondary tail:\n"
                    + secondary.logTail(40), e);
        }
        assertThat(primary.logTail(400)).contains("name registered: " + name);
        assertThat(secondary.logTail(400)).contains("name registered on the primary: " + name);
    }
}
