package net.landht.storage;

import java.net.InetAddress;
import java.time.InstantSource;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Not a test (no assertion, not run by Surefire): prints the heap bytes per stored value for 100,000 values of
 * 200 bytes over 1,000 keys, beyond the 200 payload bytes. Run its {@code main} by hand, e.g. with
 * {@code java -Xmx1g -cp target/test-classes:target/classes:<deps> net.landht.storage.StorageMemoryBenchmark}.
 */
public final class StorageMemoryBenchmark {
    private static final int VALUES = 100_000;
    private static final int KEYS = 1_000;
    private static final int PAYLOAD = 200;

    private StorageMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NodeConfig.Storage cfg = new NodeConfig.Storage(65_536, 65_536, 1L << 32, 0, 1024, 4096);
        InstantSource clock = InstantSource.system();
        // Pre-build keys, sources and packed bytes outside the measurement? No: they are part of what is kept.
        long before = usedHeap();
        Storage storage = new Storage(cfg, clock, StorageEvents.NONE);
        InetAddress[] sources = new InetAddress[50];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (i + 1)});
        }
        InfoHash[] keys = new InfoHash[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = InfoHash.sha1Of(("key" + i).getBytes());
        }
        for (int i = 0; i < VALUES; i++) {
            byte[] data = new byte[PAYLOAD];
            data[0] = (byte) i;
            Value v = ValuePacker.plain(i + 1, 0, data, null);
            storage.put(keys[i % KEYS], v, sources[i % sources.length], -1);
        }
        long after = usedHeap();
        long perValue = (after - before) / storage.valueCount();
        System.out.printf("values=%d keys=%d packed=%d B/value heap=%d B/value overhead beyond payload=%d B%n",
                storage.valueCount(), storage.keyCount(), ValuePacker.plain(1, 0, new byte[PAYLOAD], null)
                        .packedLength(), perValue, perValue - PAYLOAD);
        if (storage.valueCount() == 0) {
            System.out.println("nothing stored?");
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
