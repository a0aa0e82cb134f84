package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalInterfaceTest {
    private static LocalInterface iface(String name, boolean up, boolean loopback, boolean multicast,
                                        boolean virtual, String... addrs) throws Exception {
        InetAddress[] a = new InetAddress[addrs.length];
        for (int i = 0; i < addrs.length; i++) {
            a[i] = InetAddress.getByName(addrs[i]);
        }
        return new LocalInterface(name, name.hashCode() & 0xFF, up, loopback, multicast, virtual, List.of(a));
    }

    @Test
    void byDefaultEveryUpMulticastInterfaceButAliasesIsSelected() throws Exception {
        LocalInterface lo = iface("lo", true, true, false, false, "127.0.0.1", "::1");
        LocalInterface eth = iface("eth0", true, false, true, false, "192.168.1.2");
        LocalInterface wlan = iface("wlan0", true, false, true, false, "fe80::1");
        LocalInterface down = iface("eth1", false, false, true, false, "10.0.0.1");
        LocalInterface tun = iface("tun0", true, false, false, false, "10.8.0.1");
        LocalInterface alias = iface("eth0:1", true, false, true, true, "192.168.1.3");
        assertThat(LocalInterface.select(List.of(lo, wlan, eth, down, tun, alias), List.of()))
                .containsExactly(eth, wlan);
    }

    @Test
    void loopbackWithTheMulticastFlagIsSelectedByDefault() throws Exception {
        LocalInterface lo = iface("lo", true, true, true, false, "127.0.0.1", "::1");
        LocalInterface eth = iface("eth0", true, false, true, false, "192.168.1.2");
        assertThat(LocalInterface.select(List.of(lo, eth), List.of())).containsExactly(eth, lo);
    }

    @Test
    void noMulticastInterfaceSelectsNothingSoTheDefaultRouteIsUsed() throws Exception {
        LocalInterface lo = iface("lo", true, true, false, false, "127.0.0.1");
        LocalInterface down = iface("eth0", false, false, true, false, "192.168.1.2");
        assertThat(LocalInterface.select(List.of(lo, down), List.of())).isEmpty();
    }

    @Test
    void namedInterfacesAreSelectedWhateverTheirFlagsWhenUp() throws Exception {
        LocalInterface lo = iface("lo", true, true, false, false, "127.0.0.1");
        LocalInterface eth = iface("eth0", true, false, true, false, "192.168.1.2");
        LocalInterface down = iface("eth1", false, false, true, false, "10.0.0.1");
        List<LocalInterface> all = List.of(lo, eth, down);
        assertThat(LocalInterface.select(all, List.of("eth0", "eth1", "lo", "eth9"))).containsExactly(eth, lo);
        assertThat(LocalInterface.missing(all, List.of("eth0", "eth1", "lo", "eth9"))).containsExactly("eth1", "eth9");
    }

    @Test
    void anAddressChangeMakesADifferentSnapshot() throws Exception {
        assertThat(iface("eth0", true, false, true, false, "192.168.1.2"))
                .isNotEqualTo(iface("eth0", true, false, true, false, "192.168.1.3"))
                .isEqualTo(iface("eth0", true, false, true, false, "192.168.1.2"));
    }

    @Test
    void familiesFollowTheAddresses() throws Exception {
        LocalInterface v4 = iface("a", true, false, true, false, "192.168.1.2");
        LocalInterface v6 = iface("b", true, false, true, false, "fe80::1");
        assertThat(v4.hasIpv4()).isTrue();
        assertThat(v4.hasIpv6()).isFalse();
        assertThat(v6.hasIpv4()).isFalse();
        assertThat(v6.hasIpv6()).isTrue();
    }
}
