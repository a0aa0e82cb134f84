package net.landht.routing;

import static net.landht.routing.Ids.id;
import static net.landht.routing.Ids.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.landht.id.InfoHash;
import org.junit.jupiter.api.Test;

class ClosestNodesTest {
    private final FakeClock clock = new FakeClock();

    /** A table grown from {@code n} random nodes: most replied, some only heard of, some expired, a quarter silent. */
    private RoutingTable randomTable(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        RoutingTable table = new RoutingTable(InfoHash.random(random), clock, random, 0);
        for (int i = 0; i < n; i++) {
            InfoHash id = InfoHash.random(random);
            // Half of the ids near ours, so that the table grows deep around our id.
            if (random.nextBoolean()) {
                id = InfoHash.randomWithPrefix(table.self(), random.nextInt(24), random);
            }
            int dice = random.nextInt(10);
            Confirm how = dice < 6 ? Confirm.REPLIED : dice < 8 ? Confirm.SENT_REQUEST : Confirm.HEARD_OF;
            Node node = table.onMessage(id, local(1024 + i), how);
            if (node != null && random.nextInt(10) == 0) {
                for (int k = 0; k < Node.MAX_TIMEOUTS; k++) {
                    table.onRequestTimeout(node);
                }
            }
            if (i == n / 4) {
                clock.advance(Node.EXPIRE_TIME.plus(Duration.ofMinutes(1)));
            }
        }
        return table;
    }

    /** Mostly targets near our id, where the table is deep and XOR order differs most from a bucket walk. */
    private static InfoHash target(RoutingTable table, SplittableRandom random) {
        return random.nextInt(5) == 0 ? InfoHash.random(random)
                : InfoHash.randomWithPrefix(table.self(), random.nextInt(24), random);
    }

    private static List<Node> bruteForce(RoutingTable table, InfoHash target, int count, Predicate<Node> filter) {
        return table.allNodes().stream()
                .filter(filter)
                .sorted(Comparator.comparing(Node::id, target::xorCompare))
                .limit(count)
                .toList();
    }

    @Property(tries = 200)
    void closestGoodMatchesABruteForceSort(@ForAll long seed, @ForAll @IntRange(max = 400) int nodes,
                                           @ForAll @IntRange(max = 30) int count) {
        RoutingTable table = randomTable(seed, nodes);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int t = 0; t < 5; t++) {
            InfoHash target = target(table, random);
            List<Node> got = table.closestGood(target, count);
            assertThat(got).containsExactlyElementsOf(
                    bruteForce(table, target, count, n -> n.isGood(clock.instant())));
        }
    }

    @Property(tries = 200)
    void closestMatchesABruteForceSortOfNonExpiredNodes(@ForAll long seed, @ForAll @IntRange(max = 400) int nodes,
                                                        @ForAll @IntRange(max = 30) int count) {
        RoutingTable table = randomTable(seed, nodes);
        SplittableRandom random = new SplittableRandom(~seed);
        for (int t = 0; t < 5; t++) {
            InfoHash target = target(table, random);
            assertThat(table.closest(target, count))
                    .containsExactlyElementsOf(bruteForce(table, target, count, n -> !n.isExpired()));
        }
    }

    @Property(tries = 100)
    void tableStaysWithinItsBounds(@ForAll long seed) {
        RoutingTable table = randomTable(seed, 3000);
        assertThat(table.buckets()).hasSizeLessThanOrEqualTo(InfoHash.BITS + 1)
                .allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(Bucket.TARGET_NODES));
        assertThat(table.allNodes()).hasSize(table.size())
                .allSatisfy(n -> assertThat(table.bucketFor(n.id()).nodes()).contains(n))
                .noneMatch(n -> n.id().equals(table.self()));
    }

    @Test
    void closestGoodNeverReturnsDubiousOrExpiredNodes() {
        RoutingTable table = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(1));
        Node good = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        Node heardOf = table.onMessage(id(0x80, 2), local(1002), Confirm.HEARD_OF);
        Node requester = table.onMessage(id(0x80, 3), local(1003), Confirm.SENT_REQUEST);
        Node dead = table.onMessage(id(0x80, 4), local(1004), Confirm.REPLIED);
        for (int i = 0; i < Node.MAX_TIMEOUTS; i++) {
            table.onRequestTimeout(dead);
        }
        assertThat(table.closestGood(id(0x80, 0), 8)).containsExactly(good);
        assertThat(table.closest(id(0x80, 0), 8)).containsExactly(good, heardOf, requester);
    }

    @Test
    void closestGoodDropsANodeSilentForTenMinutes() {
        RoutingTable table = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(1));
        table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        clock.advance(Node.EXPIRE_TIME.plusSeconds(1));
        assertThat(table.closestGood(id(0x80, 1), 8)).isEmpty();
        assertThat(table.closest(id(0x80, 1), 8)).hasSize(1);
    }

    @Test
    void closestGoodIsSortedByXorDistance() {
        RoutingTable table = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(1));
        Node far = table.onMessage(id(0xF0, 0), local(1001), Confirm.REPLIED);
        Node near = table.onMessage(id(0x81, 0), local(1002), Confirm.REPLIED);
        Node exact = table.onMessage(id(0x80, 0), local(1003), Confirm.REPLIED);
        Node other = table.onMessage(id(0x10, 0), local(1004), Confirm.REPLIED);
        assertThat(table.closestGood(id(0x80, 0), 3)).containsExactly(exact, near, far);
        assertThat(table.closestGood(id(0x80, 0), 10)).containsExactly(exact, near, far, other);
        assertThat(table.closestGood(id(0x80, 0), 0)).isEmpty();
    }
}
