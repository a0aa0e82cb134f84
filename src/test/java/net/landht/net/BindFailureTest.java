package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

/** Each bind errno gets its own hint, naming the address, the port and the setting to change. */
class BindFailureTest {
    private static final String ADDRESS_KEY = "dht.bind4 / --bind";
    private static final String PORT_KEY = "dht.port / --port";

    @Test
    void anAddressNotOnThisHostIsSaidSoWithTheBootHint() throws Exception {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName("192.0.2.123"), 4222);
        UdpTransport t = new UdpTransport();
        try {
            assertThatThrownBy(() -> t.bind(new UdpTransport.Binding(4222, at.getAddress(), null), (d, f) -> { }))
                    .isInstanceOfSatisfying(UdpBindException.class, e -> {
                        assertThat(e.address()).isEqualTo(at);
                        assertThat(BindFailure.of(e)).isEqualTo(BindFailure.NOT_LOCAL);
                        assertThat(BindFailure.describe("UDP", e.address(), e.getCause(), ADDRESS_KEY, PORT_KEY))
                                .startsWith("UDP 192.0.2.123:4222: Cannot assign requested address: 192.0.2.123 is "
                                        + "not an address of this host: check dht.bind4 / --bind; at boot")
                                .contains("network-online.target")
                                .doesNotContain("dhtnode");
                    });
        } finally {
            t.close();
        }
    }

    @Test
    void aPortInUseNamesTheAddressAndThePortSetting() throws Exception {
        try (DatagramSocket busy = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress at = (InetSocketAddress) busy.getLocalSocketAddress();
            UdpTransport t = new UdpTransport();
            try {
                assertThatThrownBy(() -> t.bind(new UdpTransport.Binding(at.getPort(), at.getAddress(), null),
                        (d, f) -> { })).isInstanceOfSatisfying(UdpBindException.class, e ->
                        assertThat(BindFailure.describe("UDP", e.address(), e.getCause(), ADDRESS_KEY, PORT_KEY))
                                .isEqualTo("UDP 127.0.0.1:" + at.getPort() + ": Address already in use: another "
                                        + "program already uses UDP 127.0.0.1:" + at.getPort() + " (another DHT node "
                                        + "such as Debian's dhtnode service, or a second landht?): stop it or choose "
                                        + "another port with dht.port / --port"));
            } finally {
                t.close();
            }
        }
    }

    @Test
    void aPrivilegedPortSaysSoAndNamesThePortSetting() {
        // as NIO words EACCES; this test runs as root in CI, so the refusal itself cannot be provoked
        java.net.BindException denied = new java.net.BindException("Permission denied");

        assertThat(BindFailure.of(denied)).isEqualTo(BindFailure.PRIVILEGED);
        assertThat(BindFailure.describe("UDP", new InetSocketAddress(InetAddress.getLoopbackAddress(), 999), denied,
                ADDRESS_KEY, PORT_KEY)).isEqualTo("UDP 127.0.0.1:999: Permission denied: port 999 is below 1024 and "
                + "needs root or CAP_NET_BIND_SERVICE: choose a port of 1024 or more with dht.port / --port, or grant "
                + "the capability");
    }

    @Test
    void nettysEpollWordingIsClassifiedByItsErrno() {
        IOException epoll = new IOException("bind(..) failed with error(-13): whatever the locale says");
        assertThat(BindFailure.of(new RuntimeException("wrapped", epoll))).isEqualTo(BindFailure.PRIVILEGED);
        assertThat(BindFailure.of(new IOException("bind(..) failed with error(-99): x")))
                .isEqualTo(BindFailure.NOT_LOCAL);
    }

    @Test
    void anUnknownErrorKeepsTheSystemsMessage() {
        IOException odd = new IOException("No such device");
        assertThat(BindFailure.of(odd)).isEqualTo(BindFailure.OTHER);
        assertThat(BindFailure.describe("TCP", new InetSocketAddress(InetAddress.getLoopbackAddress(), 8422), odd,
                "ops.bind", "ops.port / --ops-port")).isEqualTo("TCP 127.0.0.1:8422: No such device: check ops.bind "
                + "and ops.port / --ops-port");
    }
}
