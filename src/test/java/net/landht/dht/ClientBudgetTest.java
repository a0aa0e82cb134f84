package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class ClientBudgetTest {
    private final ClientCounters counters = new ClientCounters();
    private final ClientBudget budget = new ClientBudget(new ClientLimits(2, 3, 1, 1, 1, 1), counters);
    private final InetAddress a = InetAddress.getLoopbackAddress();
    private final InetAddress b = address("192.168.1.2");
    private final InetAddress c = address("192.168.1.3");

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DhtClient.Limit refusal(Runnable r) {
        try {
            r.run();
        } catch (DhtClient.Refused e) {
            return e.limit();
        }
        return null;
    }

    private void searches(InetAddress... sources) {
        for (InetAddress s : sources) {
            budget.acquire(ClientBudget.Kind.SEARCH, s);
        }
    }

    @Test
    void aSourceOverItsBoundIsRefusedWhileOthersStillGetIn() {
        searches(a, a);

        assertThat(refusal(() -> budget.acquire(ClientBudget.Kind.SEARCH, a)))
                .isEqualTo(DhtClient.Limit.SEARCHES_PER_SOURCE);
        searches(b);
        assertThat(budget.inUse(ClientBudget.Kind.SEARCH)).isEqualTo(3);
        assertThat(counters.refusals(DhtClient.Limit.SEARCHES_PER_SOURCE)).isEqualTo(1);
    }

    @Test
    void theTotalBoundRefusesEveryoneUntilASlotIsReleased() {
        searches(a, a, b);

        assertThatThrownBy(() -> budget.acquire(ClientBudget.Kind.SEARCH, c))
                .isInstanceOfSatisfying(DhtClient.Refused.class,
                        e -> assertThat(e.limit()).isEqualTo(DhtClient.Limit.SEARCHES_TOTAL));
        budget.release(ClientBudget.Kind.SEARCH, a);
        searches(c);
        assertThat(budget.inUse(ClientBudget.Kind.SEARCH)).isEqualTo(3);
    }

    @Test
    void releasedSourcesLeaveNoEntryBehind() {
        budget.acquire(ClientBudget.Kind.LISTEN, a);
        budget.acquire(ClientBudget.Kind.PERMANENT, b);

        budget.release(ClientBudget.Kind.LISTEN, a);
        budget.release(ClientBudget.Kind.PERMANENT, b);

        assertThat(budget.sources()).isZero();
        assertThat(budget.inUse(ClientBudget.Kind.LISTEN)).isZero();
    }

    @Test
    void kindsHaveTheirOwnBounds() {
        budget.acquire(ClientBudget.Kind.LISTEN, a);

        assertThat(refusal(() -> budget.acquire(ClientBudget.Kind.LISTEN, b)))
                .isEqualTo(DhtClient.Limit.LISTENS_TOTAL);
        budget.acquire(ClientBudget.Kind.PERMANENT, a);
        assertThat(refusal(() -> budget.acquire(ClientBudget.Kind.PERMANENT, a)))
                .isEqualTo(DhtClient.Limit.PERMANENT_TOTAL);
    }
    /**
     * One IPv6 host owns a whole /64 and may take any address in it (privacy addresses, or on purpose), so the
     * per-source bounds count the /64, as the connection gate, the rate limiter and the storage quotas do; else one
     * host would get a share per address it makes up.
     */
    @Test
    void addressesOfOneIpv6Slash64ShareOneSourceBound() {
        searches(address("2001:db8:1:2::1"), address("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));

        assertThat(refusal(() -> budget.acquire(ClientBudget.Kind.SEARCH, address("2001:db8:1:2::99"))))
                .isEqualTo(DhtClient.Limit.SEARCHES_PER_SOURCE);
        searches(address("2001:db8:1:3::1"));  // the next /64 is another source
        budget.release(ClientBudget.Kind.SEARCH, address("2001:db8:1:2::1"));
        budget.release(ClientBudget.Kind.SEARCH, address("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        budget.release(ClientBudget.Kind.SEARCH, address("2001:db8:1:3::1"));
        assertThat(budget.sources()).isZero();
    }
}
