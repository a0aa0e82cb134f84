package net.landht.routing;

import static net.landht.routing.Ids.id;
import static net.landht.routing.Ids.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import org.junit.jupiter.api.Test;

class ExpireAndMaintenanceTest {
    private final FakeClock clock = new FakeClock();
    private final RoutingTable table = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(5));

    /** Far half (0x80..0x87) full and good, 0x40 in our half, candidate 0xC0 cached for the far half. */
    private Node farHalfFullWithCandidate() {
        for (int i = 0; i < Bucket.TARGET_NODES; i++) {
            table.onMessage(id(0x80 + i, 0), local(2000 + i), Confirm.REPLIED);
        }
        table.onMessage(id(0x40, 0), local(3000), Confirm.REPLIED);
        table.onMessage(id(0xC0, 0), local(4000), Confirm.SENT_REQUEST);
        return table.bucketFor(id(0xC0, 0)).cached().orElseThrow();
    }

    private void expire(Node n) {
        for (int i = 0; i < Node.MAX_TIMEOUTS; i++) {
            table.onRequestTimeout(n);
        }
    }

    @Test
    void sweepRemovesExpiredNodesAndPromotesTheCachedCandidate() {
        Node candidate = farHalfFullWithCandidate();
        Node dead = table.find(id(0x85, 0));
        expire(dead);

        ExpirySweep sweep = table.expire();

        assertThat(sweep.removed()).containsExactly(dead);
        assertThat(sweep.promoted()).containsExactly(candidate);
        assertThat(table.find(dead.id())).isNull();
        assertThat(table.find(candidate.id())).isSameAs(candidate);
        Bucket far = table.bucketFor(candidate.id());
        assertThat(far.cached()).isEmpty();
        assertThat(far.nodes()).hasSize(Bucket.TARGET_NODES);
    }

    @Test
    void sweepWithoutExpiredNodesChangesNothing() {
        farHalfFullWithCandidate();
        ExpirySweep sweep = table.expire();
        assertThat(sweep.removed()).isEmpty();
        assertThat(sweep.promoted()).isEmpty();
        assertThat(table.counts().cached()).isEqualTo(1);
    }

    @Test
    void countsFollowStates() {
        farHalfFullWithCandidate();
        expire(table.find(id(0x81, 0)));
        table.onMessage(id(0x41, 0), local(3001), Confirm.HEARD_OF);
        RoutingCounts counts = table.counts();
        assertThat(counts.good()).isEqualTo(8);
        assertThat(counts.dubious()).isEqualTo(1);
        assertThat(counts.expired()).isEqualTo(1);
        assertThat(counts.total()).isEqualTo(10).isEqualTo(table.size());
        assertThat(counts.buckets()).isEqualTo(2);
    }

    @Test
    void randomIdInBucketFallsInThatBucket() {
        for (int i = 1; i <= 40; i++) {
            table.onMessage(id(i, i), local(5000 + i), Confirm.REPLIED);
        }
        for (Bucket b : table.buckets()) {
            for (int k = 0; k < 50; k++) {
                InfoHash r = table.randomIdInBucket(b);
                assertThat(b.contains(r)).isTrue();
                assertThat(table.bucketFor(r)).isSameAs(b);
            }
        }
    }

    @Test
    void emptyBucketNeedsRefresh() {
        assertThat(table.bucketsNeedingRefresh(RoutingTable.BUCKET_REFRESH_AFTER)).hasSize(1);
    }

    @Test
    void bucketNeedsRefreshTenMinutesAfterItsLastReply() {
        table.onMessage(id(0x80, 0), local(2000), Confirm.REPLIED);
        assertThat(table.bucketsNeedingRefresh(RoutingTable.BUCKET_REFRESH_AFTER)).isEmpty();
        clock.advance(RoutingTable.BUCKET_REFRESH_AFTER);
        assertThat(table.bucketsNeedingRefresh(RoutingTable.BUCKET_REFRESH_AFTER)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(table.bucketsNeedingRefresh(RoutingTable.BUCKET_REFRESH_AFTER)).hasSize(1);
    }

    @Test
    void onlyRepliesMakeABucketFresh() {
        table.onMessage(id(0x80, 0), local(2000), Confirm.SENT_REQUEST);
        assertThat(table.buckets().get(0).lastReply()).isEmpty();
        assertThat(table.bucketsNeedingRefresh(RoutingTable.BUCKET_REFRESH_AFTER)).hasSize(1);
    }

    @Test
    void refreshPeerOfAnEmptyBucketComesFromANeighbour() {
        farHalfFullWithCandidate();
        Node only = table.find(id(0x40, 0));
        table.onMessage(id(0x60, 0), local(3100), Confirm.REPLIED);
        // Our half splits only when full, so make an empty bucket by expiring and sweeping our half's nodes.
        expire(only);
        expire(table.find(id(0x60, 0)));
        table.expire();
        Bucket ours = table.bucketFor(id(0x01, 0));
        assertThat(ours.nodes()).isEmpty();
        assertThat(table.refreshPeer(ours)).isNotNull()
                .satisfies(n -> assertThat(n.id().bit(0)).isTrue());
    }

    @Test
    void refreshPeerSkipsANodeWithARequestOutstanding() {
        Node n = table.onMessage(id(0x80, 0), local(2000), Confirm.REPLIED);
        table.onRequestSent(n);
        assertThat(table.refreshPeer(table.buckets().get(0))).isNull();
    }

    @Test
    void persistedNodesComeBackAsHeardOf() {
        farHalfFullWithCandidate();
        RoutingTable restored = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(9));
        for (Node n : table.allNodes()) {
            NodeInfo info = n.info();
            restored.restore(info);
        }
        assertThat(restored.allNodes()).extracting(Node::info)
                .containsExactlyInAnyOrderElementsOf(table.allNodes().stream().map(Node::info).toList());
        assertThat(restored.counts().dubious()).isEqualTo(restored.size());
        assertThat(restored.closestGood(id(0x80, 0), 8)).isEmpty();
    }

    @Test
    void lastGrowthMovesWhenOurBucketGetsANewNode() {
        assertThat(table.lastGrowth()).isEmpty();
        table.onMessage(id(0x80, 0), local(2000), Confirm.HEARD_OF);
        assertThat(table.lastGrowth()).contains(clock.instant());
    }
}
