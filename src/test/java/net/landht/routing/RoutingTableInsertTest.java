package net.landht.routing;

import static net.landht.routing.Ids.id;
import static net.landht.routing.Ids.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import net.landht.id.InfoHash;
import org.junit.jupiter.api.Test;

/** Our id starts with 0x01: the lower half (first bit 0) is "our" side, 0x80.. is the far half. */
class RoutingTableInsertTest {
    private static final InfoHash SELF = id(0x01, 0);
    private final FakeClock clock = new FakeClock();
    private final RoutingTable table = new RoutingTable(SELF, clock, new SplittableRandom(7));

    private void fillFarHalf(Confirm how) {
        for (int i = 0; i < Bucket.TARGET_NODES; i++) {
            assertThat(table.onMessage(id(0x80 + i, 0), local(2000 + i), how)).isNotNull();
        }
    }

    @Test
    void startsAsOneEmptyBucket() {
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.buckets()).singleElement()
                .satisfies(b -> assertThat(b.first()).isEqualTo(InfoHash.ZERO))
                .satisfies(b -> assertThat(b.depth()).isZero());
    }

    @Test
    void neverInsertsOwnId() {
        assertThat(table.onMessage(SELF, local(1), Confirm.REPLIED)).isNull();
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.refusedOwnId()).isEqualTo(1);
    }

    @Test
    void neverInsertsZeroId() {
        assertThat(table.onMessage(InfoHash.ZERO, local(1), Confirm.REPLIED)).isNull();
        assertThat(table.isEmpty()).isTrue();
    }

    @Test
    void firstEightNodesShareOneBucketNewestFirst() {
        fillFarHalf(Confirm.REPLIED);
        assertThat(table.buckets()).hasSize(1);
        assertThat(table.buckets().get(0).nodes()).first()
                .satisfies(n -> assertThat(n.id()).isEqualTo(id(0x87, 0)));
        assertThat(table.size()).isEqualTo(8);
    }

    @Test
    void knownNodeIsUpdatedNotDuplicated() {
        Node a = table.onMessage(id(0x80, 1), local(1001), Confirm.HEARD_OF);
        Node b = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        assertThat(b).isSameAs(a);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void ninthNodeSplitsTheOnlyBucketAtBitZero() {
        fillFarHalf(Confirm.REPLIED);
        Node ninth = table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED);
        assertThat(ninth).isNotNull();
        assertThat(table.buckets()).hasSize(2);
        Bucket low = table.buckets().get(0);
        Bucket high = table.buckets().get(1);
        assertThat(low.depth()).isEqualTo(1);
        assertThat(high.first()).isEqualTo(id(0x80, 0));
        assertThat(high.depth()).isEqualTo(1);
        assertThat(low.nodes()).containsExactly(ninth);
        assertThat(high.nodes()).hasSize(8);
    }

    @Test
    void theOnlyBucketSplitsEvenWhenItHoldsDubiousNodes() {
        fillFarHalf(Confirm.HEARD_OF);
        assertThat(table.onMessage(id(0x40, 0), local(3000), Confirm.HEARD_OF)).isNotNull();
        assertThat(table.buckets()).hasSize(2);
    }

    @Test
    void fullBucketAwayFromOurIdKeepsOneCachedCandidate() {
        fillFarHalf(Confirm.REPLIED);
        table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED);
        assertThat(table.onMessage(id(0xC0, 1), local(4001), Confirm.REPLIED)).isNull();
        assertThat(table.onMessage(id(0xC0, 2), local(4002), Confirm.REPLIED)).isNull();
        Bucket high = table.bucketFor(id(0xC0, 0));
        assertThat(high.nodes()).hasSize(8);
        assertThat(high.cached()).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(id(0xC0, 2)));
        assertThat(table.find(id(0xC0, 2))).isNull();
        assertThat(table.counts().cached()).isEqualTo(1);
    }

    @Test
    void heardOfNodeDoesNotReplaceADirectlyHeardCandidate() {
        fillFarHalf(Confirm.REPLIED);
        table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED);
        table.onMessage(id(0xC0, 1), local(4001), Confirm.SENT_REQUEST);
        table.onMessage(id(0xC0, 2), local(4002), Confirm.HEARD_OF);
        assertThat(table.bucketFor(id(0xC0, 0)).cached())
                .hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(id(0xC0, 1)));
    }

    @Test
    void fullBucketReplacesAnExpiredNodeFirst() {
        fillFarHalf(Confirm.REPLIED);
        table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED);
        Node victim = table.find(id(0x83, 0));
        for (int i = 0; i < Node.MAX_TIMEOUTS; i++) {
            table.onRequestTimeout(victim);
        }
        Node newcomer = table.onMessage(id(0xC0, 1), local(4001), Confirm.HEARD_OF);
        assertThat(newcomer).isNotNull();
        assertThat(table.find(victim.id())).isNull();
        assertThat(table.bucketFor(newcomer.id()).nodes()).hasSize(8).contains(newcomer);
    }

    @Test
    void fullBucketAsksToPingTheFirstDubiousNodeWithoutPendingRequest() {
        fillFarHalf(Confirm.HEARD_OF);
        table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED); // splits; the far half stays full
        table.drainPingRequests();
        Bucket high = table.bucketFor(id(0x80, 0));
        Node first = high.nodes().get(0);
        Node second = high.nodes().get(1);

        table.onMessage(id(0xC0, 1), local(4001), Confirm.HEARD_OF);
        assertThat(table.drainPingRequests()).containsExactly(first);

        table.onRequestSent(first);
        table.onMessage(id(0xC0, 2), local(4002), Confirm.HEARD_OF);
        assertThat(table.drainPingRequests()).containsExactly(second);
    }

    @Test
    void aQueuedPingIsNotQueuedTwice() {
        fillFarHalf(Confirm.HEARD_OF);
        table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED);
        table.drainPingRequests();
        table.onMessage(id(0xC0, 1), local(4001), Confirm.HEARD_OF);
        table.onMessage(id(0xC0, 2), local(4002), Confirm.HEARD_OF);
        assertThat(table.drainPingRequests()).hasSize(2).doesNotHaveDuplicates();
    }

    /** Our half (0x40..0x47) full and good except 0x40, which has been silent for 11 minutes; 0x80 alone far. */
    private Node ownHalfFullWithOneDubious() {
        table.onMessage(id(0x80, 0), local(2000), Confirm.REPLIED);
        for (int i = 0; i < Bucket.TARGET_NODES; i++) {
            table.onMessage(id(0x40 + i, 0), local(3000 + i), Confirm.REPLIED);
        }
        assertThat(table.buckets()).hasSize(2); // split once, at the 9th node
        Node silent = table.find(id(0x40, 0));
        clock.advance(Node.EXPIRE_TIME.plusMinutes(1));
        for (Node n : table.allNodes()) {
            if (n != silent) {
                table.onMessage(n.id(), n.address(), Confirm.REPLIED);
            }
        }
        table.drainPingRequests();
        return silent;
    }

    @Test
    void ourOwnBucketDoesNotSplitWhileItHoldsDubiousNodes() {
        Node silent = ownHalfFullWithOneDubious();
        assertThat(table.onMessage(id(0x50, 0), local(3100), Confirm.REPLIED)).isNull();
        assertThat(table.buckets()).hasSize(2);
        assertThat(table.bucketFor(SELF).cached()).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(id(0x50, 0)));
        assertThat(table.drainPingRequests()).containsExactly(silent);
    }

    @Test
    void splittingPingsTheCachedCandidateOfTheSplitBucket() {
        Node silent = ownHalfFullWithOneDubious();
        table.onMessage(id(0x50, 0), local(3100), Confirm.REPLIED); // cached
        Node candidate = table.bucketFor(SELF).cached().orElseThrow();
        table.onMessage(silent.id(), silent.address(), Confirm.REPLIED); // all good again
        table.drainPingRequests();

        table.onMessage(id(0x60, 0), local(3200), Confirm.REPLIED);
        assertThat(table.buckets()).hasSize(3);
        assertThat(table.drainPingRequests()).containsExactly(candidate);
        assertThat(table.bucketFor(SELF).nodes()).isEmpty();
    }

    @Test
    void ourOwnBucketKeepsSplittingWhileItsNodesAreGood() {
        // First bytes 0x01..0x28: the neighbourhood of our id 0x01 00.., so the table deepens there.
        for (int i = 1; i <= 40; i++) {
            table.onMessage(id(i, i), local(5000 + i), Confirm.REPLIED);
        }
        assertThat(table.size()).isGreaterThan(Bucket.TARGET_NODES);
        assertThat(table.buckets().size()).isGreaterThan(2);
        assertThat(table.bucketFor(SELF).depth()).isGreaterThan(2);
        assertThat(table.buckets()).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(Bucket.TARGET_NODES));
    }
}
