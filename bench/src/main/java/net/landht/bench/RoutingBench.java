package net.landht.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
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

import net.landht.id.InfoHash;
import net.landht.routing.Confirm;
import net.landht.routing.Node;
import net.landht.routing.RoutingTable;

/**
 * k-closest good nodes on a full routing table: every bucket from the widest down to the one holding our id has
 * its 8 nodes, all of which answered us (good). {@code count} 8 is OpenDHT's SEND_NODES; 24 is what landht sends a
 * verified requester.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBench {
    @Param({"8", "24"})
    public int count;

    private RoutingTable table;
    private final InfoHash[] targets = new InfoHash[1024];
    private int next;

    @Setup
    public void setup() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(42);
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        InfoHash self = InfoHash.random(random);
        table = new RoutingTable(self, clock, random);
        int address = 0;
        // ids sharing 0..159 bits with ours reach every bucket the table can split into
        for (int prefix = 0; prefix < InfoHash.BITS; prefix++) {
            for (int i = 0; i < 12; i++) {
                address++;
                InetAddress ip = InetAddress.getByAddress(
                        new byte[] {10, (byte) (address >> 16), (byte) (address >> 8), (byte) address});
                table.onMessage(InfoHash.randomWithPrefix(self, prefix, random), new InetSocketAddress(ip, 4222),
                        Confirm.REPLIED);
            }
        }
        table.drainPingRequests();
        for (int i = 0; i < targets.length; i++) {
            targets[i] = InfoHash.random(random);
        }
        if (table.size() < 500) {
            throw new IllegalStateException("table not full: " + table.size() + " nodes");
        }
    }

    @Benchmark
    public List<Node> closestGood() {
        return table.closestGood(targets[next++ & (targets.length - 1)], count);
    }
}
