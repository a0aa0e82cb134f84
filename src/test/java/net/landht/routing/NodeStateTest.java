package net.landht.routing;

import static net.landht.routing.Ids.id;
import static net.landht.routing.Ids.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NodeStateTest {
    private final FakeClock clock = new FakeClock();
    private final RoutingTable table = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(1));

    @Test
    void heardOfNodeIsDubiousAndHasNoTimestamps() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.HEARD_OF);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.DUBIOUS);
        assertThat(n.lastHeard()).isEmpty();
        assertThat(n.lastReply()).isEmpty();
    }

    @Test
    void requestAloneDoesNotMakeANodeGood() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.SENT_REQUEST);
        assertThat(n.lastHeard()).contains(clock.instant());
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.DUBIOUS);
    }

    @Test
    void replyMakesANodeGood() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
        assertThat(n.lastReply()).contains(clock.instant());
    }

    @Test
    void goodNodeTurnsDubiousAfterTenMinutesOfSilence() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        clock.advance(Node.EXPIRE_TIME);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
        clock.advance(Duration.ofSeconds(1));
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.DUBIOUS);
    }

    @Test
    void requestsKeepANodeGoodOnlyUntilItsLastReplyIsTwoHoursOld() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(10));
            table.onMessage(n.id(), n.address(), Confirm.SENT_REQUEST);
        }
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
        clock.advance(Duration.ofSeconds(1));
        table.onMessage(n.id(), n.address(), Confirm.SENT_REQUEST);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.DUBIOUS);
    }

    @Test
    void threeUnansweredSendsInARowExpireANode() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        table.onRequestSent(n);
        table.onRequestTimeout(n);
        table.onRequestTimeout(n);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
        table.onRequestTimeout(n);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.EXPIRED);
        assertThat(n.hasPendingRequest()).isFalse();
    }

    @Test
    void aReplyBreaksTheRowOfTimeouts() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        table.onRequestTimeout(n);
        table.onRequestTimeout(n);
        table.onMessage(n.id(), n.address(), Confirm.REPLIED);
        table.onRequestTimeout(n);
        table.onRequestTimeout(n);
        assertThat(n.isExpired()).isFalse();
        assertThat(n.consecutiveTimeouts()).isEqualTo(2);
    }

    @Test
    void moreThanThreeAuthErrorsExpireANode() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        for (int i = 0; i < Node.MAX_AUTH_ERRORS; i++) {
            table.onAuthError(n);
        }
        assertThat(n.isExpired()).isFalse();
        table.onAuthError(n);
        assertThat(n.isExpired()).isTrue();
    }

    @Test
    void authSuccessResetsTheAuthErrorCount() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        for (int i = 0; i < Node.MAX_AUTH_ERRORS; i++) {
            table.onAuthError(n);
        }
        table.onAuthSuccess(n);
        table.onAuthError(n);
        assertThat(n.isExpired()).isFalse();
    }

    @Test
    void aMessageFromAnExpiredNodeRevivesIt() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        for (int i = 0; i < Node.MAX_TIMEOUTS; i++) {
            table.onRequestTimeout(n);
        }
        table.onMessage(n.id(), n.address(), Confirm.REPLIED);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
    }

    @Test
    void pendingRequestsAreCountedUntilAnsweredOrAbandoned() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        table.onRequestSent(n);
        table.onRequestSent(n);
        table.onMessage(n.id(), n.address(), Confirm.REPLIED);
        assertThat(n.pendingRequests()).isEqualTo(1);
        table.onRequestAbandoned(n);
        table.onRequestAbandoned(n);
        assertThat(n.pendingRequests()).isZero();
    }

    @Test
    void connectivityChangeMakesEveryNodeDubious() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        table.onConnectivityChanged();
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.DUBIOUS);
        assertThat(table.bucketFor(n.id()).lastReply()).isEmpty();
    }
}
