package net.landht.storage;

import java.net.InetAddress;
import java.time.InstantSource;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Not a test (no assertion, not run by Surefire): prints the heap bytes per stored value, by default for 100,000
 * values of 200 bytes over 1,000 keys, and how much of it is beyond the payload and beyond the packed bytes (what
 * {@link Accounting#BOOKKEEPING_BYTES} must cover). Run its {@code main} by hand, e.g. with
 * {@code java -Xmx1g -cp target/test-classes:target/classes:<deps> net.landht.storage.StorageMemoryBenchmark
 * [values keys payload]}.
 */
public final class StorageMemoryBenchmark {
    private StorageMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final int values = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int keyCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        final int payload = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        NodeConfig.Storage cfg = new NodeConfig.Storage(65_536, 65_536, 1L << 32, 0, 1024, 4096);
        InstantSource clock = InstantSource.system();
        // Pre-build keys, sources and packed bytes outside the measurement? No: they are part of what is kept.
        long before = usedHeap();
        Storage storage = new Storage(cfg, clock, StorageEvents.NONE);
        InetAddress[] sources = new InetAddress[50];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (i + 1)});
        }
        InfoHash[] keys = new InfoHash[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = InfoHash.sha1Of(("key" + i).getBytes());
        }
        for (int i = 0; i < values; i++) {
            byte[] data = new byte[payload];
            data[0] = (byte) i;
            Value v = ValuePacker.plain(1_000_000 + i, 0, data, null);
            storage.put(keys[i % keyCount], v, sources[i % sources.length], -1);
        }
        long after = usedHeap();
        long perValue = (after - before) / storage.valueCount();
        int packed = ValuePacker.plain(1_000_000, 0, new byte[payload], null).packedLength();
        System.out.printf("values=%d keys=%d packed=%d B/value heap=%d B/value overhead beyond payload=%d B, "
                        + "beyond packed=%d B%n", storage.valueCount(), storage.keyCount(), packed, perValue,
                perValue - payload, perValue - packed);
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
