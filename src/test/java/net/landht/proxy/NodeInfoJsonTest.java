package net.landht.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import net.landht.dht.DhtClient;
import net.landht.id.InfoHash;

/** The node info jamid polls: good ≥ 1 even alone, the client's address as OpenDHT's IPv6 socket shows it. */
class NodeInfoJsonTest {
    private static final InfoHash NODE_ID = InfoHash.fromHex("b0111f64464a6efbd34517f720c5cfeb058b0d4d");

    private static DhtClient.NodeStatus status(int good4, int good6, int port4, int port6) {
        return new DhtClient.NodeStatus(NODE_ID, good4, 2, good6, 0, 3, 4, 500, port4, port6);
    }

    @Test
    void aNodeThatKnowsNoOtherStillReportsItselfGood() throws Exception {
        assertThat(NodeInfoJson.write(status(0, 0, 4222, 4222), InetAddress.getByName("10.0.0.7")))
                .startsWith("{\"ipv4\":{\"dubious\":2,\"good\":1,\"incoming\":0},\"ipv6\":{\"dubious\":0,\"good\":0,");
        assertThat(NodeInfoJson.write(status(0, 0, 0, 4222), null)).contains("\"ipv6\":{\"dubious\":0,\"good\":1,");
    }

    @Test
    void fieldsAreSortedAndCarryTheLaterOpenDhtAdditions() throws Exception {
        assertThat(NodeInfoJson.write(status(5, 1, 4222, 4223), InetAddress.getByName("10.0.0.7"))).isEqualTo(
                "{\"ipv4\":{\"dubious\":2,\"good\":5,\"incoming\":0},\"ipv6\":{\"dubious\":0,\"good\":1,\"incoming\":0},"
                        + "\"local_storage_size\":500,\"local_storage_values\":4,\"node_id\":\""
                        + NODE_ID.toHex() + "\",\"ops\":3,\"port_ipv4\":4222,\"port_ipv6\":4223,"
                        + "\"public_ip\":\"::ffff:10.0.0.7\",\"storage_size\":500,\"storage_values\":4}");
    }

    @Test
    void anIpv6ClientIsShownInItsShortForm() throws Exception {
        assertThat(NodeInfoJson.publicIp(InetAddress.getByName("fd00:0:0:0:0:0:0:5"))).isEqualTo("fd00::5");
    }
}
