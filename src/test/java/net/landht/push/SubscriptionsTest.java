package net.landht.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;

/**
 * The subscription table's per-source bound counts a source as the rest of landht does: an IPv4 address, or the /64
 * of an IPv6 address (one host owns a whole /64 and can take any address in it).
 */
class SubscriptionsTest {
    private static final InfoHash KEY = InfoHash.fromHex("a251ad8df7e6aa656963f22c4b1fa106a839dd13");

    private final Subscriptions table = new Subscriptions(10, 2, new PushCounters());

    private static Subscriptions.Subscription subscription(String token, String source) throws UnknownHostException {
        PushRequest r = new PushRequest(token, "client", "session", Platform.UNIFIEDPUSH, "", false);
        return new Subscriptions.Subscription(new Subscriptions.Id(token, KEY, "client"),
                InetAddress.getByName(source), r, 0);
    }

    @Test
    void addressesOfOneIpv6Slash64ShareOneSourceBound() throws Exception {
        assertThat(table.add(subscription("t1", "2001:db8:1:2::1"))).isNull();
        assertThat(table.add(subscription("t2", "2001:db8:1:2::2"))).isNull();

        assertThat(table.add(subscription("t3", "2001:db8:1:2:ffff::3"))).isEqualTo(PushCounters.Refusal.PER_SOURCE);
        assertThat(table.add(subscription("t4", "2001:db8:1:3::1"))).as("another /64").isNull();
        assertThat(table.remove(new Subscriptions.Id("t1", KEY, "client"))).isNotNull();
        assertThat(table.add(subscription("t5", "2001:db8:1:2::5"))).as("a slot of that /64 was freed").isNull();
    }

    @Test
    void ipv4AddressesAreEachTheirOwnSource() throws Exception {
        assertThat(table.add(subscription("t1", "192.168.1.2"))).isNull();
        assertThat(table.add(subscription("t2", "192.168.1.2"))).isNull();

        assertThat(table.add(subscription("t3", "192.168.1.2"))).isEqualTo(PushCounters.Refusal.PER_SOURCE);
        assertThat(table.add(subscription("t4", "192.168.1.3"))).isNull();
    }
}
