package net.landht.it.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import net.landht.config.NodeConfig;
import net.landht.dht.DhtService;
import net.landht.dht.NodeClient;
import net.landht.id.InfoHash;
import net.landht.net.EventLoopScheduler;
import net.landht.net.UdpTransport;

/**
 * Tests only: a landht node inside the test's JVM, on a real {@link UdpTransport} bound to 127.0.0.1 (IPv4 only),
 * assembled as the Daemon does (default config, no seeds, no persistence, no discovery), so a test can drive its
 * {@link NodeClient} directly while real OpenDHT peers bootstrap from it.
 */
public final class InProcessLandht implements AutoCloseable {
    private final UdpTransport transport = new UdpTransport();
    private final DhtService dht;
    private final InetSocketAddress address;

    private InProcessLandht(InfoHash id) throws InterruptedException {
        int port = FreePorts.udp();
        AtomicReference<DhtService> ref = new AtomicReference<>();
        transport.bind(new UdpTransport.Binding(port, InetAddress.getLoopbackAddress(), null), (data, from) -> {
            DhtService d = ref.get();
            if (d != null) {
                d.onDatagram(data, from);
            }
        });
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.dht = new DhtService(NodeConfig.defaults(), id, transport, new EventLoopScheduler(transport.eventLoop()),
                InstantSource.system(), new SecureRandom(), List::of);
        dht.client().setLocalAddresses(transport::localAddresses);
        onLoop(() -> {
            ref.set(dht);
            dht.start();
            return null;
        });
    }

    /** Starts a node with {@code id} on a free port of 127.0.0.1. */
    public static InProcessLandht start(InfoHash id) {
        try {
            return new InProcessLandht(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public NodeClient client() {
        return dht.client();
    }

    public InetSocketAddress address() {
        return address;
    }

    public String nodeIdHex() {
        return dht.id().toHex();
    }

    /** {@code host:port} as the peers' {@code --bootstrap} takes it. */
    public String hostPort() {
        return "127.0.0.1:" + address.getPort();
    }

    /** Runs {@code task} on the DHT loop and waits (at most 5 s) for its result. */
    public <T> T onLoop(Callable<T> task) {
        try {
            return transport.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("task on the DHT loop failed: " + e, e);
        }
    }

    /** The DHT state, to read on the loop only (through {@link #onLoop}). */
    public DhtService dht() {
        return dht;
    }

    @Override
    public void close() {
        try {
            onLoop(() -> {
                dht.stop();
                return null;
            });
        } finally {
            transport.close();
        }
    }
}
