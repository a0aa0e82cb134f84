package net.landht.persist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.storage.StoredEntry;
import net.landht.value.ParseResult;
import net.landht.value.Value;

/**
 * msgpack payloads of {@link StateRecord}s: each is an array whose first element is the record type.
 *
 * <pre>
 * stored    = [1, key bin20, expires-at int (epoch ms), source bin4|bin16|nil, value bin (packed as received)]
 * refreshed = [2, key bin20, value-id int (uint64 as signed), expires-at int]
 * removed   = [3, key bin20, value-id int]
 * nodes     = [4, [[id bin20, ip bin4|bin16, port int], ...]]      snapshot: adds
 * routing   = [5, [[id bin20, ip bin4|bin16, port int], ...]]      journal: replaces the whole table
 * end       = [6, value-count int, node-count int]
 * </pre>
 *
 * Elements after the known ones are ignored, so a later format may append fields.
 */
final class StateCodec {
    static final int STORED = 1;
    static final int REFRESHED = 2;
    static final int REMOVED = 3;
    static final int NODES = 4;
    static final int ROUTING = 5;
    static final int END = 6;

    private StateCodec() {
    }

    /** A payload that decodes to no known record. */
    static final class BadRecord extends Exception {
        BadRecord(String message) {
            super(message);
        }
    }

    /** Packs {@code r} into {@code p} (cleared first); read the bytes with {@code p.toByteArray()} or buffers. */
    static void encode(StateRecord r, MessageBufferPacker p) throws IOException {
        p.clear();
        if (r instanceof StateRecord.Stored s) {
            StoredEntry e = s.entry();
            p.packArrayHeader(5).packInt(STORED);
            bin(p, e.key().toBytes());
            p.packLong(e.expiresAtMillis());
            if (e.source() == null) {
                p.packNil();
            } else {
                bin(p, e.source().getAddress());
            }
            p.packBinaryHeader(e.value().packedLength());
            p.writePayload(e.value().packed());
        } else if (r instanceof StateRecord.Refreshed f) {
            p.packArrayHeader(4).packInt(REFRESHED);
            bin(p, f.key().toBytes());
            p.packLong(f.valueId()).packLong(f.expiresAtMillis());
        } else if (r instanceof StateRecord.Removed d) {
            p.packArrayHeader(3).packInt(REMOVED);
            bin(p, d.key().toBytes());
            p.packLong(d.valueId());
        } else if (r instanceof StateRecord.Nodes n) {
            nodes(p, NODES, n.nodes());
        } else if (r instanceof StateRecord.Routing t) {
            nodes(p, ROUTING, t.nodes());
        } else if (r instanceof StateRecord.End e) {
            p.packArrayHeader(3).packInt(END).packLong(e.values()).packLong(e.nodes());
        }
    }

    /** Encodes one record to a new array (tests, small records). */
    static byte[] encode(StateRecord r) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            encode(r, p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory packing failed", e);
        }
    }

    /** Decodes the payload {@code data[offset, offset + length)}. */
    static StateRecord decode(byte[] data, int offset, int length) throws BadRecord {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(data, offset, length)) {
            int n = u.unpackArrayHeader();
            if (n < 1) {
                throw new BadRecord("empty record");
            }
            int type = u.unpackInt();
            StateRecord r = switch (type) {
                case STORED -> {
                    need(n, 5, type);
                    InfoHash key = key(u);
                    long expiresAt = u.unpackLong();
                    InetAddress source = u.tryUnpackNil() ? null : address(bin(u));
                    byte[] packed = bin(u);
                    if (!(Value.parse(packed) instanceof ParseResult.Ok ok)) {
                        throw new BadRecord("stored value does not parse");
                    }
                    yield new StateRecord.Stored(new StoredEntry(key, ok.value(), expiresAt, source));
                }
                case REFRESHED -> {
                    need(n, 4, type);
                    yield new StateRecord.Refreshed(key(u), u.unpackLong(), u.unpackLong());
                }
                case REMOVED -> {
                    need(n, 3, type);
                    yield new StateRecord.Removed(key(u), u.unpackLong());
                }
                case NODES -> {
                    need(n, 2, type);
                    yield new StateRecord.Nodes(nodes(u));
                }
                case ROUTING -> {
                    need(n, 2, type);
                    yield new StateRecord.Routing(nodes(u));
                }
                case END -> {
                    need(n, 3, type);
                    yield new StateRecord.End(u.unpackLong(), u.unpackLong());
                }
                default -> throw new BadRecord("unknown record type " + type);
            };
            return r;
        } catch (IOException | MessagePackException | IllegalArgumentException e) {
            throw new BadRecord("undecodable record: " + e.getMessage());
        }
    }

    private static void need(int have, int want, int type) throws BadRecord {
        if (have < want) {
            throw new BadRecord("record type " + type + " has " + have + " elements, needs " + want);
        }
    }

    private static void nodes(MessageBufferPacker p, int type, List<NodeInfo> nodes) throws IOException {
        p.packArrayHeader(2).packInt(type).packArrayHeader(nodes.size());
        for (NodeInfo n : nodes) {
            p.packArrayHeader(3);
            bin(p, n.id().toBytes());
            bin(p, n.address().getAddress().getAddress());
            p.packInt(n.address().getPort());
        }
    }

    private static List<NodeInfo> nodes(MessageUnpacker u) throws IOException, BadRecord {
        int count = u.unpackArrayHeader();
        List<NodeInfo> out = new ArrayList<>(Math.min(count, 4096));
        for (int i = 0; i < count; i++) {
            int fields = u.unpackArrayHeader();
            if (fields < 3) {
                throw new BadRecord("node with " + fields + " fields");
            }
            InfoHash id = key(u);
            InetAddress ip = address(bin(u));
            int port = u.unpackInt();
            if (ip == null || port <= 0 || port > 65535) {
                throw new BadRecord("node without a usable address");
            }
            for (int k = 3; k < fields; k++) {
                u.skipValue();
            }
            out.add(new NodeInfo(id, new InetSocketAddress(ip, port)));
        }
        return out;
    }

    private static void bin(MessageBufferPacker p, byte[] b) throws IOException {
        p.packBinaryHeader(b.length);
        p.writePayload(b);
    }

    private static byte[] bin(MessageUnpacker u) throws IOException, BadRecord {
        int len = u.unpackBinaryHeader();
        if (len > StateFormat.MAX_PAYLOAD) {
            throw new BadRecord("bin of " + len + " bytes");
        }
        return u.readPayload(len);
    }

    private static InfoHash key(MessageUnpacker u) throws IOException, BadRecord {
        byte[] b = bin(u);
        if (b.length != InfoHash.LENGTH) {
            throw new BadRecord("id of " + b.length + " bytes");
        }
        return InfoHash.of(b);
    }

    private static InetAddress address(byte[] b) throws BadRecord {
        if (b.length != 4 && b.length != 16) {
            throw new BadRecord("address of " + b.length + " bytes");
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new BadRecord("bad address");
        }
    }
}
