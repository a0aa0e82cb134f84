package net.landht.persist;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/** Values, nodes and a hand-moved clock for the persistence tests. */
final class StateFixture {
    static final long NOW = 1_800_000_000_000L;

    private StateFixture() {
    }

    /** A clock tests move by hand. */
    static final class Clock implements InstantSource {
        long millis = NOW;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
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

    static Value value(long id, String text) {
        return ValuePacker.plain(id, 0, text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A type-0 value under key {@code keyName} that expires {@code inMillis} after {@link #NOW}. */
    static StoredEntry entry(String keyName, long id, String text, long inMillis, String source) {
        return new StoredEntry(key(keyName), value(id, text), NOW + inMillis, source == null ? null : ip(source));
    }

    static NodeInfo node(String name, String address, int port) {
        return new NodeInfo(key(name), new InetSocketAddress(ip(address), port));
    }
}
