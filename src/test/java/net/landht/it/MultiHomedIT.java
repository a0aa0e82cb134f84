package net.landht.it;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.landht.it.support.DhtnodeCli;
import net.landht.it.support.FreePorts;
import net.landht.it.support.ItFixture;
import net.landht.it.support.LandhtProcess;

/**
 * A host with two addresses, as two loopback addresses: landht bound to 0.0.0.0 (IPv4 only, no discovery) and a
 * real dhtnode that bootstraps from it at 127.0.0.2 while the kernel would answer it from 127.0.0.1. OpenDHT matches
 * a reply to its request by the address it sent it to, so dhtnode holds landht as good at 127.0.0.2 only when
 * landht answers from the address the request reached. Loopback traffic only.
 */
class MultiHomedIT {

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void aDhtnodeBootstrappingFromTheSecondAddressGetsItsAnswersFromThatAddress() {
        LandhtProcess landht = it.add(LandhtProcess.builder(it.logs()).name("landht").bind("0.0.0.0").start());
        int port = landht.address().getPort();
        DhtnodeCli dhtnode = it.add(DhtnodeCli.start(it.logs(), "dhtnode", FreePorts.udp(), "127.0.0.2:" + port));
        Pattern good = Pattern.compile("Node " + landht.nodeId() + " " + Pattern.quote("127.0.0.2:" + port)
                + " .*\\[good\\]");

        Duration find = Duration.ofSeconds(40);
        long deadline = System.nanoTime() + find.toNanos();
        while (true) {
            dhtnode.send("lr");
            try {
                dhtnode.awaitLine(l -> good.matcher(l).find(), "landht as good at 127.0.0.2:" + port,
                        Duration.ofSeconds(2));
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("dhtnode does not hold landht as good at 127.0.0.2:" + port + " within "
                            + find + "; landht:\n" + landht.logTail(30), notYet);
                }
            }
        }
    }
}
