package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket layer on 127.0.0.1 only: receive, answer within a batch, oversized datagrams, failed sends. */
class UdpTransportTest {
    private final UdpTransport transport = new UdpTransport();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        transport.close();
    }

    private InetSocketAddress bindEcho() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        transport.bind(new UdpTransport.Binding(0, loopback, null), (data, from) -> {
            received.add(data);
            byte[] reply = Arrays.copyOf(data, data.length + 1);
            reply[data.length] = '!';
            transport.send(from, reply);
        });
        return new InetSocketAddress(loopback, transport.port());
    }

    @Test
    void answersEachDatagramOfABurstToItsSender() throws Exception {
        InetSocketAddress at = bindEcho();
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            client.setSoTimeout(5_000);
            for (int i = 0; i < 50; i++) {
                byte[] d = ("ping " + i).getBytes();
                client.send(new DatagramPacket(d, d.length, at));
            }
            for (int i = 0; i < 50; i++) {
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                client.receive(p);
                assertThat(new String(p.getData(), 0, p.getLength())).startsWith("ping ").endsWith("!");
            }
        }
        assertThat(received).hasSize(50);
        assertThat(transport.sendErrors()).isZero();
    }

    @Test
    void datagramOfAWholeSlotOrMoreIsCountedAndDropped() throws Exception {
        InetSocketAddress at = bindEcho();
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            byte[] big = new byte[9_000];
            client.send(new DatagramPacket(big, big.length, at));
            byte[] small = {1, 2, 3};
            client.send(new DatagramPacket(small, small.length, at));
            await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).containsExactly(1, 2, 3);
        assertThat(transport.truncatedDatagrams()).isEqualTo(1);
    }

    @Test
    void onAWildcardAddressEachReplyLeavesFromTheAddressItsRequestReached() throws Exception {
        transport.bind(new UdpTransport.Binding(0, InetAddress.getByName("0.0.0.0"), null),
                (data, from) -> transport.send(from, data));
        int port = transport.port();
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            client.setSoTimeout(5_000);
            for (String reached : List.of("127.0.0.2", "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.1")) {
                InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(reached), port);
                byte[] d = reached.getBytes();
                client.send(new DatagramPacket(d, d.length, to));
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                client.receive(p);
                assertThat(new String(p.getData(), 0, p.getLength())).isEqualTo(reached);
                assertThat(p.getSocketAddress()).as("source of the reply to a request to %s", to).isEqualTo(to);
            }
        }
        assertThat(transport.replySocketsRefused()).isZero();
        assertThat(transport.sendErrors()).isZero();
    }

    @Test
    void onBothWildcardAddressesIpv6RequestsAreAnsweredFromTheirAddressToo() throws Exception {
        transport.bind(new UdpTransport.Binding(0, InetAddress.getByName("0.0.0.0"), InetAddress.getByName("::")),
                (data, from) -> transport.send(from, data));
        for (String client : List.of("::1", "127.0.0.1")) {
            try (DatagramSocket c = new DatagramSocket(0, InetAddress.getByName(client))) {
                c.setSoTimeout(5_000);
                InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(client), transport.port());
                for (int i = 0; i < 2; i++) {
                    c.send(new DatagramPacket(new byte[] {7}, 1, to));
                    DatagramPacket p = new DatagramPacket(new byte[10], 10);
                    c.receive(p);
                    assertThat(p.getSocketAddress()).isEqualTo(to);
                }
            }
        }
    }

    @Test
    void aNodeOnAWildcardAddressStillKeepsASecondNodeOffItsPort() throws Exception {
        transport.bind(new UdpTransport.Binding(0, InetAddress.getByName("0.0.0.0"), null), (data, from) -> { });
        UdpTransport second = new UdpTransport();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.bind(new UdpTransport.Binding(
                    transport.port(), InetAddress.getByName("0.0.0.0"), null), (data, from) -> { }))
                    .isInstanceOf(UdpBindException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.bind(new UdpTransport.Binding(
                    transport.port(), InetAddress.getByName("127.0.0.1"), null), (data, from) -> { }))
                    .isInstanceOf(UdpBindException.class);
        } finally {
            second.close();
        }
    }

    @Test
    void sendTheKernelRefusesIsCounted() throws Exception {
        bindEcho();
        transport.eventLoop().execute(() -> transport.send(new InetSocketAddress("127.0.0.1", 0), new byte[] {1}));
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.sendErrors() == 1);
        assertThat(transport.handlerErrors()).isZero();
    }

    @Test
    void sendToAFamilyWithNoSocketIsCounted() throws Exception {
        bindEcho();
        transport.send(new InetSocketAddress("::1", 4222), new byte[] {1});
        assertThat(transport.sendErrors()).isEqualTo(1);
    }
}
