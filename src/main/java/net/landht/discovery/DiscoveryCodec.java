package net.landht.discovery;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import net.landht.id.InfoHash;

/**
 * Encodes and decodes peer-discovery datagrams byte for byte as OpenDHT does (fact sheet §15, vectors
 * {@code peer_discovery.json}): the query is the msgpack string {@code "q"}; a publish packet is a map from service
 * name to payload, landht publishing only {@code "dht"}. Decoding checks every length against the bytes left before
 * reading, accepts what OpenDHT's msgpack conversion accepts (any integer width that fits, extra array elements, keys
 * that are not strings skipped, trailing bytes ignored) and returns a {@link DiscoveryMessage.Malformed} instead of
 * throwing.
 */
public final class DiscoveryCodec {
    /** The service name of the DHT payload. OpenDHT: src/dhtrunner.cpp PEER_DISCOVERY_DHT_SERVICE. */
    public static final String DHT_SERVICE = "dht";
    /** The query string. OpenDHT: src/peer_discovery.cpp {@code query}. */
    public static final String QUERY = "q";

    private static final byte[] QUERY_PACKET = {(byte) 0xA1, 'q'};

    private DiscoveryCodec() {
    }

    /** The query datagram {@code a1 71}. */
    public static byte[] query() {
        return QUERY_PACKET.clone();
    }

    /** The publish datagram {@code {"dht": [id, port, networkId]}}, integers in their smallest msgpack form. */
    public static byte[] publish(DhtAnnouncement a) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(1);
            p.packString(DHT_SERVICE);
            p.packArrayHeader(3);
            p.packBinaryHeader(InfoHash.LENGTH);
            p.writePayload(a.id().toBytes());
            p.packInt(a.port());
            p.packLong(a.networkId());
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory msgpack packing failed", e);
        }
    }

    /** Decodes a whole datagram. */
    public static DiscoveryMessage decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Decodes {@code length} bytes of {@code data} from {@code offset}. Never throws on bad input. */
    public static DiscoveryMessage decode(byte[] data, int offset, int length) {
        if (length <= 0) {
            return new DiscoveryMessage.Malformed("empty datagram");
        }
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(data, offset, length)) {
            Reader r = new Reader(in, length);
            ValueType top = r.nextType();
            if (top == ValueType.STRING) {
                return QUERY.equals(r.readString()) ? new DiscoveryMessage.Query() : new DiscoveryMessage.OtherString();
            }
            if (top != ValueType.MAP) {
                return new DiscoveryMessage.Malformed("top-level " + top.name().toLowerCase() + ", not a string or map");
            }
            return readPublish(r);
        } catch (Bad e) {
            return new DiscoveryMessage.Malformed(e.getMessage());
        } catch (IOException | MessagePackException e) {
            return new DiscoveryMessage.Malformed("bad msgpack: " + e.getClass().getSimpleName());
        }
    }

    private static DiscoveryMessage readPublish(Reader r) throws IOException, Bad {
        int entries = r.readMapHeader();
        List<DhtAnnouncement> dht = new ArrayList<>();
        int bad = 0;
        int other = 0;
        for (int i = 0; i < entries; i++) {
            if (r.nextType() != ValueType.STRING) {
                r.skip(); // key: OpenDHT skips entries whose key is not a string
                r.skip();
                continue;
            }
            if (!DHT_SERVICE.equals(r.readString())) {
                other++;
                r.skip();
                continue;
            }
            DhtAnnouncement a = readDhtPayload(r);
            if (a != null) {
                dht.add(a);
            } else {
                bad++;
            }
        }
        return new DiscoveryMessage.Publish(dht, bad, other);
    }

    /**
     * {@code [id, port, net, ...]}: OpenDHT's MSGPACK_DEFINE conversion wants an array, the id a 20-byte bin, the
     * port an unsigned integer that fits 16 bits, the network id one that fits 32 bits; extra elements are ignored.
     * Returns null (payload consumed) when it is not that.
     */
    private static DhtAnnouncement readDhtPayload(Reader r) throws IOException, Bad {
        if (r.nextType() != ValueType.ARRAY) {
            r.skip();
            return null;
        }
        int n = r.readArrayHeader();
        if (n < 3) {
            r.skip(n);
            return null;
        }
        byte[] id = r.readBinOrNull();
        Long port = r.readUnsignedOrNull();
        Long net = r.readUnsignedOrNull();
        r.skip(n - 3);
        if (id == null || id.length != InfoHash.LENGTH || port == null || port > 0xFFFF || net == null
                || net > 0xFFFF_FFFFL) {
            return null;
        }
        return new DhtAnnouncement(InfoHash.of(id), port.intValue(), net);
    }

    /** A structural problem that makes the rest of the datagram unreadable. */
    private static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    /** msgpack reading with every declared length checked against the bytes left. */
    private static final class Reader {
        private final MessageUnpacker in;
        private final int length;

        Reader(MessageUnpacker in, int length) {
            this.in = in;
            this.length = length;
        }

        private long remaining() {
            return length - in.getTotalReadBytes();
        }

        ValueType nextType() throws IOException, Bad {
            if (!in.hasNext()) {
                throw new Bad("truncated");
            }
            MessageFormat f = in.getNextFormat();
            if (f == MessageFormat.NEVER_USED) {
                throw new Bad("reserved byte 0xc1");
            }
            return f.getValueType();
        }

        int readMapHeader() throws IOException, Bad {
            int n = in.unpackMapHeader();
            if (n < 0 || n > remaining() / 2) {
                throw new Bad("map of " + n + " entries in " + remaining() + " bytes");
            }
            return n;
        }

        int readArrayHeader() throws IOException, Bad {
            int n = in.unpackArrayHeader();
            if (n < 0 || n > remaining()) {
                throw new Bad("array of " + n + " elements in " + remaining() + " bytes");
            }
            return n;
        }

        String readString() throws IOException, Bad {
            int len = in.unpackRawStringHeader();
            return new String(payload(len), StandardCharsets.UTF_8);
        }

        /** A bin's bytes, or null (value consumed) when the next value is not a bin. */
        byte[] readBinOrNull() throws IOException, Bad {
            if (nextType() != ValueType.BINARY) {
                skip();
                return null;
            }
            return payload(in.unpackBinaryHeader());
        }

        /** A non-negative integer that fits a long, or null (value consumed) otherwise. */
        Long readUnsignedOrNull() throws IOException, Bad {
            if (nextType() != ValueType.INTEGER) {
                skip();
                return null;
            }
            MessageFormat f = in.getNextFormat();
            if (f == MessageFormat.UINT64) {
                // fits a long only below 2^63; anything that large is no port or network id anyway
                BigInteger v = in.unpackBigInteger();
                return v.bitLength() < 63 ? v.longValue() : null;
            }
            long v = in.unpackLong();
            return v < 0 ? null : v;
        }

        private byte[] payload(int len) throws IOException, Bad {
            if (len < 0 || len > remaining()) {
                throw new Bad("length " + len + " beyond the " + remaining() + " bytes left");
            }
            return in.readPayload(len);
        }

        void skip() throws IOException, Bad {
            skip(1);
        }

        /** Skips values; msgpack-core skips iteratively, and a length past the end fails, so this is bounded. */
        void skip(int count) throws IOException, Bad {
            if (count > 0) {
                if (!in.hasNext()) {
                    throw new Bad("truncated");
                }
                in.skipValue(count);
            }
        }
    }
}
