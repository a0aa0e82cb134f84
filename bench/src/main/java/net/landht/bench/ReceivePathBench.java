package net.landht.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.landht.config.NodeConfig;
import net.landht.dht.DhtService;
import net.landht.id.InfoHash;
import net.landht.net.DatagramSender;
import net.landht.net.Scheduler;
import net.landht.routing.Confirm;
import net.landht.wire.Header;
import net.landht.wire.Request;
import net.landht.wire.WireEncoder;

/**
 * The whole receive path without sockets: one request datagram into {@link DhtService#onDatagram} (guard, decode,
 * routing-table update, handler, encode) until the reply bytes reach the {@link DatagramSender}. Requests come from
 * 64 sources with their own node ids, as in the load benchmark; the node knows 8 good IPv4 nodes, so find and get
 * replies carry node records. Rate limits lifted ({@code -U}). With {@code -prof gc} this is the allocation per
 * request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReceivePathBench {
    private static final int SOURCES = 64;

    @Param({"ping", "find", "get"})
    public String kind;

    private DhtService dht;
    private final byte[][] datagrams = new byte[1024][];
    private final InetSocketAddress[] from = new InetSocketAddress[1024];
    private int next;
    /** What was "sent", so the JIT cannot drop the encoding. */
    private long sentBytes;

    @Setup
    public void setup() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        NodeConfig d = NodeConfig.defaults();
        NodeConfig config = new NodeConfig(d.dht(), d.storage(), d.persistence(), d.discovery(), d.ops(),
                new NodeConfig.Limits(0, 0, List.of(), List.of()), d.logging());
        DatagramSender sender = new DatagramSender() {
            @Override
            public void send(InetSocketAddress to, byte[] datagram) {
                sentBytes += datagram.length;
            }

            @Override
            public boolean hasIpv4() {
                return true;
            }

            @Override
            public boolean hasIpv6() {
                return false;
            }
        };
        Scheduler scheduler = new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return () -> { };
            }

            @Override
            public void execute(Runnable task) {
                task.run();
            }
        };
        dht = new DhtService(config, InfoHash.random(random), sender, scheduler, InstantSource.system(), random,
                List::of);
        for (int i = 0; i < 8; i++) {
            dht.node().table4().onMessage(InfoHash.random(random),
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (i + 1)}), 4222),
                    Confirm.REPLIED);
        }
        InfoHash[] ids = new InfoHash[SOURCES];
        InetSocketAddress[] addresses = new InetSocketAddress[SOURCES];
        for (int s = 0; s < SOURCES; s++) {
            ids[s] = InfoHash.random(random);
            addresses[s] = new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (s + 2)}), 40000 + s);
        }
        for (int i = 0; i < datagrams.length; i++) {
            int s = i % SOURCES;
            Header h = new Header(1 + i, 0, false, "o2");
            Request q = switch (kind) {
                case "ping" -> new Request.Ping(h, ids[s]);
                case "find" -> new Request.Find(h, ids[s], InfoHash.random(random), null);
                case "get" -> new Request.Get(h, ids[s], InfoHash.random(random), null, null);
                default -> throw new IllegalArgumentException(kind);
            };
            datagrams[i] = WireEncoder.encode(q);
            from[i] = addresses[s];
        }
    }

    @Benchmark
    public long receive() {
        int i = next++ & (datagrams.length - 1);
        dht.onDatagram(datagrams[i], from[i]);
        return sentBytes;
    }
}
