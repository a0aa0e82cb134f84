package net.landht.routing;

import static net.landht.routing.Ids.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.landht.id.InfoHash;

/**
 * k-closest on a table split all the way down around our id (ids sharing 0..159 bits with ours, so shallow buckets
 * are often not full): the walk that enters a sibling subtree only as deep as needed still returns exactly what a
 * sort of the whole table returns.
 */
class ClosestNodesFullTableTest {
    private final FakeClock clock = new FakeClock();

    private RoutingTable fullTable(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RoutingTable table = new RoutingTable(InfoHash.random(random), clock, random, 0);
        int port = 1024;
        for (int prefix = 0; prefix < InfoHash.BITS; prefix++) {
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                InfoHash id = InfoHash.randomWithPrefix(table.self(), prefix, random);
                Confirm how = random.nextInt(4) == 0 ? Confirm.SENT_REQUEST : Confirm.REPLIED;
                table.onMessage(id, local(port++ % 60_000 + 1024), how);
            }
        }
        return table;
    }

    @Property(tries = 60)
    void closestGoodEqualsASortOfTheWholeTable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int count) {
        RoutingTable table = fullTable(seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < 50; i++) {
            InfoHash target = i % 2 == 0 ? InfoHash.random(random)
                    : InfoHash.randomWithPrefix(table.self(), random.nextInt(InfoHash.BITS), random);
            List<Node> expected = table.allNodes().stream()
                    .filter(n -> n.isGood(clock.instant()))
                    .sorted(Comparator.comparing(Node::id, target::xorCompare))
                    .limit(count)
                    .toList();
            assertThat(table.closestGood(target, count)).containsExactlyElementsOf(expected);
        }
    }
}
