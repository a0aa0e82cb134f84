package net.landht.testing;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import net.landht.config.NodeConfig;
import net.landht.dht.DhtService;
import net.landht.dht.NodeClient;
import net.landht.id.InfoHash;
import net.landht.net.EventLoopScheduler;
import net.landht.net.UdpTransport;

/**
 * Tests only: a real landht DHT node inside the test's JVM, assembled as the daemon assembles it (a
 * {@link DhtService} with its storage, listens and client bounds) on a real {@link UdpTransport} bound to a free port
 * of 127.0.0.1 (IPv4 only), with no seeds, no persistence and no discovery. Alone it is its own network: its
 * {@link #client()}'s gets, puts and listens use its local store, as a lone landht on a LAN does. Real peers (OpenDHT
 * processes in the ITs) can bootstrap from {@link #hostPort()}. {@link #close()} stops the node and its socket.
 */
public final class LoopbackNode implements AutoCloseable {
    private final UdpTransport transport = new UdpTransport();
    private final DhtService dht;
    private final int port;

    private LoopbackNode(InfoHash id, NodeConfig config) {
        AtomicReference<DhtService> ref = new AtomicReference<>();
        try {
            transport.bind(new UdpTransport.Binding(0, InetAddress.getLoopbackAddress(), null), (data, from) -> {
                DhtService d = ref.get();
                if (d != null) {
                    d.onDatagram(data, from);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transport.close();
            throw new AssertionError("interrupted while binding", e);
        }
        this.port = transport.localAddresses().get(0).getPort();
        this.dht = new DhtService(config, id, transport, new EventLoopScheduler(transport.eventLoop()),
                InstantSource.system(), new SecureRandom(), List::of);
        dht.client().setLocalAddresses(transport::localAddresses);
        onLoop(() -> {
            ref.set(dht);
            dht.start();
            return null;
        });
    }

    /** A node with a random id and the default configuration. */
    public static LoopbackNode start() {
        return start(InfoHash.random(new SecureRandom()), NodeConfig.defaults());
    }

    /** A node with {@code id} and the default configuration. */
    public static LoopbackNode start(InfoHash id) {
        return start(id, NodeConfig.defaults());
    }

    /** A node with a random id whose {@code [proxy]} section (the DHT client's bounds) {@code proxy} rewrites. */
    public static LoopbackNode withProxy(UnaryOperator<NodeConfig.Proxy> proxy) {
        NodeConfig d = NodeConfig.defaults();
        return start(InfoHash.random(new SecureRandom()), new NodeConfig(d.dht(), d.storage(), d.persistence(),
                d.discovery(), d.ops(), d.http(), d.limits(), d.logging(), d.names(), proxy.apply(d.proxy())));
    }

    /** A node with a random id whose {@code [storage]} section {@code storage} rewrites. */
    public static LoopbackNode withStorage(UnaryOperator<NodeConfig.Storage> storage) {
        NodeConfig d = NodeConfig.defaults();
        return start(InfoHash.random(new SecureRandom()), new NodeConfig(d.dht(), storage.apply(d.storage()),
                d.persistence(), d.discovery(), d.ops(), d.http(), d.limits(), d.logging(), d.names(), d.proxy()));
    }

    /** A node with {@code id} and {@code config} (its {@code dht} bind settings are ignored: 127.0.0.1, free port). */
    public static LoopbackNode start(InfoHash id, NodeConfig config) {
        return new LoopbackNode(id, config);
    }

    /** The node's DHT client: the door the proxy and push services use (any thread). */
    public NodeClient client() {
        return dht.client();
    }

    public String nodeIdHex() {
        return dht.id().toHex();
    }

    /** {@code host:port} as OpenDHT peers' {@code --bootstrap} takes it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Runs {@code task} on the DHT loop and waits (at most 5 s) for its result. */
    public <T> T onLoop(Callable<T> task) {
        try {
            return transport.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("task on the DHT loop failed: " + e, e);
        }
    }

    /** The DHT state, to read on the loop only (through {@link #onLoop}). */
    public DhtService dht() {
        return dht;
    }

    /** Stops the node (its listens and permanent puts end) and closes its socket and event loop. */
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
