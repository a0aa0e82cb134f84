package net.landht.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import net.landht.it.support.BootstrapNode;
import net.landht.it.support.DhtnodeCli;
import net.landht.it.support.FreePorts;
import net.landht.it.support.Hex;
import net.landht.it.support.ItFixture;
import net.landht.it.support.RawDhtClient;
import net.landht.it.support.RawValues;
import net.landht.it.support.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 60 KiB value round-trips between Debian's dhtnode 2.4.12 (driven through its CLI, its only contact being
 * landht) and landht, both ways: dhtnode puts it (48 value parts of 1,280 bytes) and landht serves it back
 * byte-exactly; landht holds one and dhtnode gets it, which 2.4 only accepts when the parts come after the header and
 * in order (fact sheet §13).
 */
class LargeValueIT {

    private static final int DATA_BYTES = 60 * 1024;
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration OPERATION = Duration.ofSeconds(30);
    private static final String TEXT_PLAIN = "text/plain";

    @RegisterExtension
    final ItFixture it = new ItFixture();

    @Test
    void sixtyKibValueRoundTripsBetweenDhtnodeAndLandhtBothWays() {
        BootstrapNode landht = it.landhtOnLoopback();
        DhtnodeCli dhtnode = it.add(DhtnodeCli.start(it.logs(), "dhtnode", FreePorts.udp(), landht.hostPort()));
        await("landht holds the dhtnode as good").atMost(CONNECT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> Swarm.assertHoldsAsGood(landht.address(),
                        Map.of(dhtnode.nodeId(), dhtnode.address().getPort())));
        InetSocketAddress node = landht.address();

        // dhtnode → landht
        String fromDhtnode = text('a');
        String key1 = Swarm.randomKey();
        dhtnode.send("p " + key1 + " " + fromDhtnode);
        String putResult = dhtnode.awaitLine(l -> l.contains("Put: "), "the put's result", OPERATION);
        assertThat(putResult).as("dhtnode's put").contains("Put: success");
        try (RawDhtClient raw = RawDhtClient.forTarget(node)) {
            RawDhtClient.Reply r = raw.get(node, Hex.decode(key1));
            assertThat(r.values()).as("values landht serves at %s", key1).hasSize(1);
            Map<String, Object> body = body(r.values().get(0));
            assertThat(body.get("utype")).isEqualTo(TEXT_PLAIN);
            assertThat(new String((byte[]) body.get("data"), StandardCharsets.UTF_8))
                    .as("the 60 KiB put by dhtnode, as landht serves it").isEqualTo(fromDhtnode);
        }

        // landht → dhtnode
        String fromLandht = text('b');
        String key2 = Swarm.randomKey();
        try (RawDhtClient raw = RawDhtClient.forTarget(node)) {
            byte[] value = RawValues.plain(0x6c616e64L, 0, fromLandht.getBytes(StandardCharsets.UTF_8), TEXT_PLAIN);
            byte[] token = raw.get(node, Hex.decode(key2)).token();
            RawDhtClient.Reply ack = raw.put(node, Hex.decode(key2), token, value);
            assertThat(ack.isError()).as("put acked: %s", ack).isFalse();
            assertThat(raw.get(node, Hex.decode(key2)).values()).as("stored on landht").hasSize(1);
        }
        dhtnode.send("g " + key2);
        String found = dhtnode.awaitLine(l -> l.contains("Value[") || l.contains("Get: completed"),
                "a value or the end of the get", OPERATION);
        assertThat(found).as("dhtnode's get found the value").contains("Value[id:6c616e64");
        assertThat(found).as("the value dhtnode got from landht")
                .contains("data(" + TEXT_PLAIN + "):\"" + fromLandht + "\"");
    }

    /**
     * {@value #DATA_BYTES} bytes of text without spaces (dhtnode's {@code p} takes one word), numbered blocks so
     * that a missing, repeated or misplaced part shows.
     */
    private static String text(char tag) {
        StringBuilder sb = new StringBuilder(DATA_BYTES);
        for (int i = 0; sb.length() < DATA_BYTES; i++) {
            sb.append(tag).append(String.format("%06d;", i));
        }
        sb.setLength(DATA_BYTES);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> value) {
        return (Map<String, Object>) ((Map<String, Object>) value.get("dat")).get("body");
    }
}
