package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.storage.StoredEntry;
import net.landht.testing.ManualScheduler;
import net.landht.value.ValuePacker;

class RestoreValuesTest {
    private final ManualScheduler clock = new ManualScheduler();

    private DhtService node(long maxTotalBytes) {
        NodeConfig d = NodeConfig.defaults();
        NodeConfig.Storage s = d.storage();
        NodeConfig config = new NodeConfig(d.dht(), new NodeConfig.Storage(s.maxValueBytes(), s.maxValuesPerKey(),
                maxTotalBytes, s.maxBytesPerSource(), s.maxListenersPerKey(), s.maxListenersPerSource()),
                d.persistence(), d.discovery(), d.ops(), d.limits(), d.logging());
        return new DhtService(config, InfoHash.fromHex("8000000000000000000000000000000000000000"),
                new CapturingSender(), clock, clock, new SplittableRandom(7), List::of);
    }

    /** Five saved values of 100 bytes under five keys, from one source, each expiring a minute after the one before. */
    private List<StoredEntry> saved() throws Exception {
        List<StoredEntry> out = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            out.add(new StoredEntry(InfoHash.sha1Of(("key " + i).getBytes(StandardCharsets.UTF_8)),
                    ValuePacker.plain(i, 0, new byte[100], null), clock.millis() + 60_000L * i,
                    InetAddress.getByName("192.168.1.10")));
        }
        return out;
    }

    @Test
    void allSavedValuesAreCountedWhenTheyFit() throws Exception {
        DhtService dht = node(128L * 1024 * 1024);

        assertThat(dht.restoreValues(saved())).isEqualTo(5);
        assertThat(dht.storage().valueCount()).isEqualTo(5);
    }

    @Test
    void valuesEvictedByALoweredCapDuringTheRestoreAreNotCounted() throws Exception {
        // each value counts its ~130 packed bytes + 640: two fit in 2,000 bytes, each later one evicts the earliest
        DhtService dht = node(2_000);

        int restored = dht.restoreValues(saved());

        assertThat(dht.storage().valueCount()).isEqualTo(2);
        assertThat(restored).isEqualTo(2);
    }
}
