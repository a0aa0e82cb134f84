package net.landht.storage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/** Shared helpers for storage tests. */
final class StorageFixture {
    static final NodeConfig.Storage DEFAULTS = NodeConfig.defaults().storage();

    private StorageFixture() {
    }

    static InfoHash key(String name) {
        return InfoHash.sha1Of(name.getBytes(StandardCharsets.UTF_8));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An unsigned value of {@code type} whose {@link Value#size()} is {@code size}. */
    static Value plain(long id, int type, int size) {
        return ValuePacker.plain(id, type, new byte[size], null);
    }

    static Value plain(long id, String text) {
        return ValuePacker.plain(id, 0, text.getBytes(StandardCharsets.UTF_8), null);
    }

    static NodeConfig.Storage config(int maxValueBytes, int maxValuesPerKey, long maxTotalBytes,
                                     long maxBytesPerSource, int maxListenersPerKey, int maxListenersPerSource) {
        return new NodeConfig.Storage(maxValueBytes, maxValuesPerKey, maxTotalBytes, maxBytesPerSource,
                maxListenersPerKey, maxListenersPerSource);
    }
}
