package net.landht.routing;

import static net.landht.routing.Ids.at;
import static net.landht.routing.Ids.id;
import static net.landht.routing.Ids.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AddressAndAdmissionTest {
    private final FakeClock clock = new FakeClock();
    private final RoutingTable table = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(3));

    @Test
    void knownLiveIdAtANewAddressIsIgnoredAndItsOldAddressRepinged() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        assertThat(table.onMessage(n.id(), local(2002), Confirm.SENT_REQUEST)).isNull();
        assertThat(n.address()).isEqualTo(local(1001));
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
        assertThat(table.addressConflicts()).isEqualTo(1);
        assertThat(table.drainPingRequests()).containsExactly(n);
    }

    @Test
    void conflictDoesNotQueueAPingWhileARequestIsOutstanding() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        table.onRequestSent(n);
        table.onMessage(n.id(), local(2002), Confirm.REPLIED);
        assertThat(table.drainPingRequests()).isEmpty();
    }

    @Test
    void expiredEntryMovesToTheNewAddressButMustReplyThereToBeGood() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        for (int i = 0; i < Node.MAX_TIMEOUTS; i++) {
            table.onRequestTimeout(n);
        }
        assertThat(table.onMessage(n.id(), local(2002), Confirm.SENT_REQUEST)).isSameAs(n);
        assertThat(n.address()).isEqualTo(local(2002));
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.DUBIOUS);
        assertThat(table.addressMoves()).isEqualTo(1);
        assertThat(table.drainPingRequests()).containsExactly(n);

        table.onMessage(n.id(), local(2002), Confirm.REPLIED);
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
    }

    @Test
    void entrySilentForTenMinutesMovesToTheNewAddress() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.REPLIED);
        clock.advance(Node.EXPIRE_TIME.plus(Duration.ofSeconds(1)));
        assertThat(table.onMessage(n.id(), local(2002), Confirm.REPLIED)).isSameAs(n);
        assertThat(n.address()).isEqualTo(local(2002));
        assertThat(n.state(clock.instant())).isEqualTo(NodeState.GOOD);
        assertThat(table.drainPingRequests()).isEmpty();
    }

    @Test
    void heardOfEntryNeverHeardDirectlyCanBeMovedByARecord() {
        Node n = table.onMessage(id(0x80, 1), local(1001), Confirm.HEARD_OF);
        assertThat(table.onMessage(n.id(), local(2002), Confirm.HEARD_OF)).isSameAs(n);
        assertThat(n.address()).isEqualTo(local(2002));
    }

    @Test
    void perIpCapRefusesAThirdNodeFromOneAddress() {
        assertThat(table.onMessage(id(0x80, 1), at("10.0.0.1", 1), Confirm.REPLIED)).isNotNull();
        assertThat(table.onMessage(id(0x80, 2), at("10.0.0.1", 2), Confirm.REPLIED)).isNotNull();
        assertThat(table.onMessage(id(0x80, 3), at("10.0.0.1", 3), Confirm.REPLIED)).isNull();
        assertThat(table.onMessage(id(0x80, 4), at("10.0.0.2", 1), Confirm.REPLIED)).isNotNull();
        assertThat(table.refusedByIpCap()).isEqualTo(1);
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void perIpCapFreesASlotWhenANodeIsSwept() {
        Node a = table.onMessage(id(0x80, 1), at("10.0.0.1", 1), Confirm.REPLIED);
        table.onMessage(id(0x80, 2), at("10.0.0.1", 2), Confirm.REPLIED);
        for (int i = 0; i < Node.MAX_TIMEOUTS; i++) {
            table.onRequestTimeout(a);
        }
        table.expire();
        assertThat(table.onMessage(id(0x80, 3), at("10.0.0.1", 3), Confirm.REPLIED)).isNotNull();
    }

    @Test
    void perIpCapAppliesToAnAddressMove() {
        table.onMessage(id(0x80, 1), at("10.0.0.1", 1), Confirm.REPLIED);
        table.onMessage(id(0x80, 2), at("10.0.0.1", 2), Confirm.REPLIED);
        Node mover = table.onMessage(id(0x80, 3), at("10.0.0.9", 1), Confirm.HEARD_OF);
        assertThat(table.onMessage(mover.id(), at("10.0.0.1", 3), Confirm.SENT_REQUEST)).isNull();
        assertThat(mover.address()).isEqualTo(at("10.0.0.9", 1));
    }

    @Test
    void loopbackAddressesAreNeverCapped() {
        for (int i = 0; i < 6; i++) {
            assertThat(table.onMessage(id(0x80 + i, 0), local(1000 + i), Confirm.REPLIED)).isNotNull();
            assertThat(table.onMessage(id(0x40 + i, 0), new InetSocketAddress("::1", 1000 + i), Confirm.REPLIED))
                    .isNotNull();
        }
        assertThat(table.refusedByIpCap()).isZero();
    }

    @Test
    void capZeroTurnsTheCheckOff() {
        RoutingTable open = new RoutingTable(id(0x01, 0), clock, new SplittableRandom(3), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(open.onMessage(id(0x80 + i, 0), at("10.0.0.1", 1000 + i), Confirm.REPLIED)).isNotNull();
        }
    }

    @Test
    void negativeCapIsRejected() {
        assertThatThrownBy(() -> new RoutingTable(id(0x01, 0), clock, new SplittableRandom(3), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
