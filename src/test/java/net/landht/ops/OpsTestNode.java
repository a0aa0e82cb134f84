package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.landht.NodeRuntime;
import net.landht.config.NodeConfig;
import net.landht.dht.DhtService;
import net.landht.discovery.PeerDiscovery;
import net.landht.id.InfoHash;
import net.landht.net.DatagramSender;
import net.landht.net.EventLoopScheduler;
import net.landht.net.UdpTransport;
import net.landht.persist.StatePersistence;

/**
 * A real, peerless node on 127.0.0.1 with its ops endpoint on a free port, wired as the daemon wires it: persistence
 * in a test folder, peer discovery off (a stopped instance: no multicast socket). Tests can make the UDP receiver or
 * the DHT's sends throw, to reach the error counters.
 */
final class OpsTestNode implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    final UdpTransport transport = new UdpTransport();
    final NodeRuntime rt;
    final StatePersistence state;
    final PeerDiscovery discovery;
    final OpsServer ops;
    /** A temporary state folder this node deletes on close, or null when the test owns the folder. */
    private Path ownDir;
    /** Set by a test: the receiver handed to the UDP socket throws, as a bug past the DHT's own catch would. */
    volatile boolean receiverThrows;
    /** Set by a test: the DHT's sends throw, so handling a request fails inside the DHT. */
    volatile boolean sendsThrow;

    OpsTestNode(Path stateDir) throws InterruptedException {
        NodeConfig d = NodeConfig.defaults();
        NodeConfig config = new NodeConfig(d.dht(), d.storage(),
                new NodeConfig.Persistence(stateDir, true, Duration.ofMinutes(5), Duration.ZERO),
                new NodeConfig.Discovery(false, 8888, List.of()), new NodeConfig.Ops(true, "127.0.0.1", 0),
                d.limits(), d.logging());
        SecureRandom random = new SecureRandom();
        InfoHash id = InfoHash.random(random);
        AtomicReference<DhtService> dht = new AtomicReference<>();
        transport.bind(new UdpTransport.Binding(0, InetAddress.getLoopbackAddress(), null), (data, from) -> {
            if (receiverThrows) {
                throw new IllegalStateException("test: the receiver fails");
            }
            dht.get().onDatagram(data, from);
        });
        DhtService service = new DhtService(config, id, new FailableSender(),
                new EventLoopScheduler(transport.eventLoop()), Clock.systemUTC(), random, List::of);
        dht.set(service);
        rt = new NodeRuntime(config, "test config", id, transport, service, transport.eventLoop(), Clock.systemUTC(),
                random);
        state = StatePersistence.open(config);
        discovery = PeerDiscovery.start(rt);
        ops = OpsServer.open(rt, discovery, state);
    }

    /** A node with a state folder of its own, deleted on {@link #close()}: for a JUnit {@code @AutoClose} field. */
    static OpsTestNode inTempDir() {
        try {
            Path dir = Files.createTempDirectory("landht-ops-test");
            OpsTestNode n = new OpsTestNode(dir);
            n.ownDir = dir;
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return uri(ops, path);
    }

    static URI uri(OpsServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
    }

    PrometheusText metrics() throws IOException, InterruptedException {
        return metrics(ops);
    }

    /** The /metrics of another endpoint (one opened on other components of this node). */
    static PrometheusText metrics(OpsServer server) throws IOException, InterruptedException {
        return PrometheusText.parse(HTTP.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode stats() throws IOException, InterruptedException {
        return JSON.readTree(get("/stats").body());
    }

    /** Waits until {@code family} (with {@code labels}) reads {@code expected}; fails after 5 s. */
    void awaitMetric(double expected, String family, String... labels) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(
                () -> assertThat(metrics().value(family, labels)).isEqualTo(expected));
    }

    /** A datagram of {@code data} from a loopback socket, without waiting for an answer. */
    void sendDatagram(byte[] data) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.send(new DatagramPacket(data, data.length, transport.localAddresses().get(0)));
        }
    }

    /** A raw OpenDHT ping from a loopback socket; returns once the node answered. */
    void ping() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(3000);
            byte[] msg = pingMessage();
            s.send(new DatagramPacket(msg, msg.length, transport.localAddresses().get(0)));
            s.receive(new DatagramPacket(new byte[1500], 1500));
        }
    }

    /** An OpenDHT ping from a random node id. */
    static byte[] pingMessage() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        byte[] head = {(byte) 0x85, (byte) 0xa1, 'a', (byte) 0x81, (byte) 0xa2, 'i', 'd', (byte) 0xc4, 0x14};
        byte[] tail = {(byte) 0xa1, 'q', (byte) 0xa4, 'p', 'i', 'n', 'g', (byte) 0xa1, 't', (byte) 0xce, 0, 0, 0, 7,
            (byte) 0xa1, 'y', (byte) 0xa1, 'q', (byte) 0xa1, 'v', (byte) 0xa4, 'R', 'N', 'G', '1'};
        byte[] msg = new byte[head.length + id.length + tail.length];
        System.arraycopy(head, 0, msg, 0, head.length);
        System.arraycopy(id, 0, msg, head.length, id.length);
        System.arraycopy(tail, 0, msg, head.length + id.length, tail.length);
        return msg;
    }

    @Override
    public void close() {
        ops.close();
        discovery.close();
        state.close();
        transport.close();
        if (ownDir != null) {
            try (Stream<Path> files = Files.walk(ownDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + ownDir, e);
            }
        }
    }

    /** The transport, or an exception while {@link #sendsThrow} is set. */
    private final class FailableSender implements DatagramSender {
        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            if (sendsThrow) {
                throw new IllegalStateException("test: sending fails");
            }
            transport.send(to, datagram);
        }

        @Override
        public boolean hasIpv4() {
            return transport.hasIpv4();
        }

        @Override
        public boolean hasIpv6() {
            return transport.hasIpv6();
        }
    }
}
