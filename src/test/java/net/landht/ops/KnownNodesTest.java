package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.routing.Confirm;
import net.landht.routing.NodeState;
import net.landht.routing.RoutingTable;

/** The status page's copy of the routing tables: bounded, with the true total, ids/addresses/states as held. */
class KnownNodesTest {
    private final Random random = new Random(15);
    private final Clock clock = Clock.systemUTC();
    private final InfoHash self = InfoHash.random(random);

    @Test
    void aLargeTableIsCutAtTheBoundButTheTotalCountsEveryEntry() {
        RoutingTable v4 = new RoutingTable(self, clock, random);
        int ip = 0;
        for (int depth = 0; depth < 80; depth++) {
            for (int i = 0; i < 8; i++) {
                ip++;
                v4.onMessage(InfoHash.randomWithPrefix(self, depth, random),
                        new InetSocketAddress("10." + (ip >> 16 & 255) + "." + (ip >> 8 & 255) + "." + (ip & 255),
                                4222), Confirm.REPLIED);
            }
        }
        assertThat(v4.size()).as("precondition: more entries than the bound").isGreaterThan(KnownNodes.MAX_ROWS);

        KnownNodes k = KnownNodes.take(v4, new RoutingTable(self, clock, random), clock.instant());

        assertThat(k.rows()).hasSize(KnownNodes.MAX_ROWS);
        assertThat(k.total()).isEqualTo(v4.size());
        assertThat(k.rows()).allSatisfy(r -> assertThat(r.state()).isEqualTo(NodeState.GOOD));
    }

    @Test
    void rowsCarryIdAddressStateAndLastHeardIpv4First() throws Exception {
        RoutingTable v4 = new RoutingTable(self, clock, random);
        RoutingTable v6 = new RoutingTable(self, clock, random);
        InfoHash a = InfoHash.random(random);
        InfoHash b = InfoHash.random(random);
        v6.onMessage(b, new InetSocketAddress("::1", 5000), Confirm.HEARD_OF);
        v4.onMessage(a, new InetSocketAddress("127.0.0.1", 4000), Confirm.REPLIED);

        KnownNodes k = KnownNodes.take(v4, v6, clock.instant());

        assertThat(k.total()).isEqualTo(2);
        assertThat(k.rows()).extracting(KnownNodes.Row::id).containsExactly(a.toString(), b.toString());
        assertThat(k.rows().get(0).state()).isEqualTo(NodeState.GOOD);
        assertThat(k.rows().get(0).lastHeard()).isNotNull();
        assertThat(k.rows().get(1).state()).isEqualTo(NodeState.DUBIOUS);
        assertThat(k.rows().get(1).lastHeard()).as("only heard of").isNull();
    }
}
