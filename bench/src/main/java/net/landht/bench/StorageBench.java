package net.landht.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.storage.PutOutcome;
import net.landht.storage.Storage;
import net.landht.storage.StorageEvents;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Storage with 100,000 values of 200 bytes over 1,000 keys from 50 sources, with its total-bytes cap set to exactly
 * those values, so that {@link #putNew} runs in steady state: each new value is stored and the oldest value of the
 * heaviest source is evicted. {@link #get} returns the 100 values of a key, {@link #getMissing} a key with none,
 * {@link #putRefresh} re-puts a stored value (OpenDHT treats it as a refresh). Values are built in the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class StorageBench {
    static final int VALUES = 100_000;
    static final int KEYS = 1_000;
    static final int PAYLOAD = 200;
    /** New values cycled through by putNew; more than VALUES so a value is evicted before it comes back. */
    static final int RING = 1 << 17;

    private Storage storage;
    private InfoHash[] keys;
    private InetAddress[] sources;
    private Value[] stored;
    private Value[] ring;
    private InfoHash[] missing;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws UnknownHostException {
        keys = new InfoHash[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = InfoHash.sha1Of(("key" + i).getBytes());
        }
        missing = new InfoHash[1024];
        for (int i = 0; i < missing.length; i++) {
            missing[i] = InfoHash.sha1Of(("missing" + i).getBytes());
        }
        sources = new InetAddress[50];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (i + 1)});
        }
        stored = new Value[VALUES];
        for (int i = 0; i < VALUES; i++) {
            stored[i] = value(i + 1);
        }
        ring = new Value[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = value(VALUES + 1 + i);
        }
        // measure the bytes the values take, then build the storage capped at exactly that
        Storage probe = fill(new NodeConfig.Storage(65_536, 65_536, 1L << 40, 0, 1024, 4096));
        storage = fill(new NodeConfig.Storage(65_536, 65_536, probe.totalBytes(), 0, 1024, 4096));
        if (storage.valueCount() != VALUES) {
            throw new IllegalStateException("stored " + storage.valueCount());
        }
    }

    private static Value value(long id) {
        byte[] data = new byte[PAYLOAD];
        data[0] = (byte) id;
        data[1] = (byte) (id >> 8);
        data[2] = (byte) (id >> 16);
        return ValuePacker.plain(id, 0, data, null);
    }

    private Storage fill(NodeConfig.Storage cfg) {
        Storage s = new Storage(cfg, InstantSource.system(), StorageEvents.NONE);
        for (int i = 0; i < VALUES; i++) {
            s.put(keys[i % KEYS], stored[i], sources[i % sources.length], -1);
        }
        return s;
    }

    @Benchmark
    public List<Value> get() {
        return storage.get(keys[next++ % KEYS], Query.ALL);
    }

    @Benchmark
    public List<Value> getMissing() {
        return storage.get(missing[next++ & (missing.length - 1)], Query.ALL);
    }

    @Benchmark
    public PutOutcome putRefresh() {
        int i = next++ % VALUES;
        return storage.put(keys[i % KEYS], stored[i], sources[i % sources.length], -1);
    }

    @Benchmark
    public PutOutcome putNew() {
        int i = next++;
        return storage.put(keys[i % KEYS], ring[i & (RING - 1)], sources[i % sources.length], -1);
    }
}
