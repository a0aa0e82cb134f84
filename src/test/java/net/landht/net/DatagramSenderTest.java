package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import net.landht.config.InetLiterals;

class DatagramSenderTest {
    private static final InetSocketAddress V4 = new InetSocketAddress(InetLiterals.parse("192.0.2.1"), 4222);
    private static final InetSocketAddress V6 = new InetSocketAddress(InetLiterals.parse("2001:db8::1"), 4222);

    /** A sender that only reports which families it has. */
    private static DatagramSender sender(boolean ipv4, boolean ipv6) {
        return new DatagramSender() {
            @Override
            public void send(InetSocketAddress to, byte[] datagram) {
                throw new AssertionError("not sent in these tests");
            }

            @Override
            public boolean hasIpv4() {
                return ipv4;
            }

            @Override
            public boolean hasIpv6() {
                return ipv6;
            }
        };
    }

    @Test
    void ipv4OnlySenderReachesIpv4DestinationsOnly() {
        DatagramSender s = sender(true, false);
        assertThat(s.reaches(V4)).isTrue();
        assertThat(s.reaches(V6)).isFalse();
    }

    @Test
    void ipv6OnlySenderReachesIpv6DestinationsOnly() {
        DatagramSender s = sender(false, true);
        assertThat(s.reaches(V4)).isFalse();
        assertThat(s.reaches(V6)).isTrue();
    }

    @Test
    void dualStackSenderReachesBothFamilies() {
        DatagramSender s = sender(true, true);
        assertThat(s.reaches(V4)).isTrue();
        assertThat(s.reaches(V6)).isTrue();
    }

    @Test
    void senderWithoutSocketsReachesNothing() {
        DatagramSender s = sender(false, false);
        assertThat(s.reaches(V4)).isFalse();
        assertThat(s.reaches(V6)).isFalse();
    }
}
