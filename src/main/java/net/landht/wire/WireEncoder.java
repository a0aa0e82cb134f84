package net.landht.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;

/**
 * Encodes {@link Message}s to msgpack the way OpenDHT writes them: keys in OpenDHT's order (fact sheet §2), integers
 * in their smallest form, strings as str, ids and blobs as bin, {@code n} only when not 0, {@code s} only when set.
 * Values too large to travel inline are sent as {@code p} parts, header first and parts in order, which is the only
 * order OpenDHT 2.4 accepts (fact sheet §13). Thread-safe: each thread writes into its own reusable
 * {@link MsgWriter}, so encoding a message allocates little beyond the returned array (node records copy each
 * address's bytes; BENCHMARKS.md, WireCodecBench).
 */
public final class WireEncoder {
    /** Values travel inline only when their packed sizes sum below this. OpenDHT: MAX_PACKET_VALUE_SIZE. */
    public static final int MAX_INLINE_BYTES = 600;
    /** ... and when there are fewer than this many. OpenDHT: src/network_engine.cpp. */
    public static final int MAX_INLINE_VALUES = 50;

    /** Each thread's scratch buffer; {@link #encode} is not re-entered within a thread. */
    private static final ThreadLocal<MsgWriter> WRITER = ThreadLocal.withInitial(MsgWriter::new);

    private WireEncoder() {
    }

    /**
     * The datagrams for {@code m}: one, or a header followed by its {@code p} parts when its values are too large to
     * travel inline.
     */
    public static List<byte[]> encodeDatagrams(Message m) {
        List<ValueSlot> values = Messages.valuesOf(m);
        if (values.isEmpty() || fitsInline(values)) {
            return List.of(encode(m));
        }
        List<ValueSlot> sizes = new ArrayList<>(values.size());
        for (ValueSlot v : values) {
            sizes.add(v instanceof ValueSlot.Packed p ? new ValueSlot.Deferred(p.bytes().length) : v);
        }
        List<byte[]> out = new ArrayList<>();
        out.add(encode(Messages.withValues(m, sizes)));
        Header h = m.header();
        Header partHeader = new Header(h.tid(), h.networkId(), h.client(), null);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof ValueSlot.Packed p) {
                byte[] b = p.bytes();
                for (int off = 0; off < b.length; off += ValueData.PART_BYTES) {
                    byte[] chunk = Arrays.copyOfRange(b, off, Math.min(b.length, off + ValueData.PART_BYTES));
                    out.add(encode(new ValueData(partHeader, List.of(new ValueData.Part(i, off, chunk)))));
                }
            }
        }
        return out;
    }

    /** True when these values may be written inline. */
    public static boolean fitsInline(List<ValueSlot> values) {
        if (values.size() >= MAX_INLINE_VALUES) {
            return false;
        }
        int total = 0;
        for (ValueSlot v : values) {
            if (!(v instanceof ValueSlot.Packed p)) {
                return false;
            }
            total += p.bytes().length;
        }
        return total < MAX_INLINE_BYTES;
    }

    /** Encodes exactly one datagram for {@code m}, values inline as given. */
    public static byte[] encode(Message m) {
        MsgWriter p = WRITER.get();
        p.reset();
        if (m instanceof Request q) {
            writeRequest(p, q);
        } else if (m instanceof Reply r) {
            p.packMapHeader(4 + extra(r.header()));
            key(p, "r");
            writeReplyBody(p, r);
            writeTail(p, r.header(), "r");
        } else if (m instanceof ErrorReply e) {
            p.packMapHeader(5 + extra(e.header()));
            key(p, "e");
            p.packArrayHeader(2);
            p.packInt(e.code());
            str(p, e.message());
            key(p, "r");
            p.packMapHeader(e.id() == null ? 0 : 1);
            if (e.id() != null) {
                id(p, "id", e.id());
            }
            writeTail(p, e.header(), "e");
        } else if (m instanceof ValueData d) {
            writeValueData(p, d);
        } else if (m instanceof LegacyUpdate u) {
            p.packMapHeader(4 + extra(u.header()));
            key(p, "u");
            p.packMapHeader(1 + count(u.token()) + (u.refreshed().length > 0 ? 1 : 0)
                    + (u.expired().length > 0 ? 1 : 0));
            id(p, "id", u.id());
            blob(p, "token", u.token());
            ids(p, "re", u.refreshed());
            ids(p, "exp", u.expired());
            writeYvn(p, u.header(), "r");
            tid(p, u.header());
        }
        return p.toByteArray();
    }

    private static void writeRequest(MsgWriter p, Request q) {
        if (q instanceof Request.Update u && u.values().isEmpty()) {
            writeNotification(p, u);
            return;
        }
        p.packMapHeader(5 + extra(q.header()));
        key(p, "a");
        if (q instanceof Request.Ping ping) {
            {
                p.packMapHeader(1);
                id(p, "id", ping.id());
            }
        } else if (q instanceof Request.Find f) {
            {
                p.packMapHeader(2 + (f.want() != null ? 1 : 0));
                id(p, "id", f.id());
                id(p, "target", f.target());
                want(p, f.want());
            }
        } else if (q instanceof Request.Get g) {
            {
                p.packMapHeader(1 + count(g.key(), g.query(), g.want()));
                id(p, "id", g.id());
                id(p, "h", g.key());
                if (g.query() != null) {
                    key(p, "q");
                    QueryCodec.write(p, g.query());
                }
                want(p, g.want());
            }
        } else if (q instanceof Request.Listen l) {
            {
                p.packMapHeader(2 + count(l.key(), l.token(), l.query()) + (l.version() >= 0 ? 1 : 0));
                id(p, "id", l.id());
                version(p, l.version());
                id(p, "h", l.key());
                blob(p, "token", l.token());
                key(p, "sid");
                p.packLong(l.sid());
                if (l.query() != null) {
                    key(p, "q");
                    QueryCodec.write(p, l.query());
                }
            }
        } else if (q instanceof Request.Put put) {
            {
                p.packMapHeader(2 + count(put.key(), put.token()) + (put.created() >= 0 ? 1 : 0));
                id(p, "id", put.id());
                id(p, "h", put.key());
                values(p, put.values());
                if (put.created() >= 0) {
                    key(p, "c");
                    p.packLong(put.created());
                }
                blob(p, "token", put.token());
            }
        } else if (q instanceof Request.Refresh r) {
            {
                p.packMapHeader(2 + count(r.key(), r.token()));
                id(p, "id", r.id());
                id(p, "h", r.key());
                key(p, "vid");
                p.packUint64(r.valueId());
                blob(p, "token", r.token());
            }
        } else if (q instanceof Request.Update u) {
            writeUpdateArgs(p, u);
        }
        key(p, "q");
        str(p, q.name());
        writeTail(p, q.header(), "q");
    }

    /** A refresh/expiry {@code update}: OpenDHT writes {@code a{id, sid, token, re|exp}, y, v[, n][, s], q, t}. */
    private static void writeNotification(MsgWriter p, Request.Update u) {
        p.packMapHeader(5 + extra(u.header()));
        key(p, "a");
        p.packMapHeader(2 + count(u.key(), u.token()) + (u.version() >= 0 ? 1 : 0) + (u.refreshed().length > 0 ? 1 : 0)
                + (u.expired().length > 0 ? 1 : 0));
        id(p, "id", u.id());
        version(p, u.version());
        id(p, "h", u.key());
        key(p, "sid");
        p.packLong(u.sid());
        blob(p, "token", u.token());
        ids(p, "re", u.refreshed());
        ids(p, "exp", u.expired());
        writeYvn(p, u.header(), "q");
        key(p, "q");
        str(p, u.name());
        tid(p, u.header());
    }

    private static void writeUpdateArgs(MsgWriter p, Request.Update u) {
        int n = 2 + count(u.key(), u.token()) + (u.version() >= 0 ? 1 : 0) + (u.values().isEmpty() ? 0 : 1) + (u.refreshed().length > 0 ? 1 : 0)
                + (u.expired().length > 0 ? 1 : 0) + (u.created() >= 0 ? 1 : 0);
        p.packMapHeader(n);
        id(p, "id", u.id());
        version(p, u.version());
        id(p, "h", u.key());
        key(p, "sid");
        p.packLong(u.sid());
        if (!u.values().isEmpty()) {
            values(p, u.values());
        }
        ids(p, "re", u.refreshed());
        ids(p, "exp", u.expired());
        if (u.created() >= 0) {
            key(p, "c");
            p.packLong(u.created());
        }
        blob(p, "token", u.token());
    }

    private static void writeReplyBody(MsgWriter p, Reply r) {
        int n = 1 + count(r.sa(), r.token(), r.fields()) + (r.vid() != 0 ? 1 : 0) + (r.nodes4().isEmpty() ? 0 : 1)
                + (r.nodes6().isEmpty() ? 0 : 1) + (r.values().isEmpty() ? 0 : 1);
        p.packMapHeader(n);
        id(p, "id", r.id());
        if (r.vid() != 0) {
            key(p, "vid");
            p.packUint64(r.vid());
        }
        blob(p, "sa", r.sa());
        nodes(p, "n4", r.nodes4(), 4);
        nodes(p, "n6", r.nodes6(), 16);
        blob(p, "token", r.token());
        if (!r.values().isEmpty()) {
            values(p, r.values());
        }
        if (r.fields() != null) {
            key(p, "fileds");
            QueryCodec.writeFields(p, r.fields());
        }
    }

    private static void writeValueData(MsgWriter p, ValueData d) {
        Header h = d.header();
        p.packMapHeader(3 + extra(h));
        if (h.networkId() != 0) {
            key(p, "n");
            p.packLong(h.networkId());
        }
        if (h.client()) {
            key(p, "s");
            p.packBoolean(true);
        }
        key(p, "y");
        str(p, "p");
        key(p, "t");
        p.packLong(h.tid());
        key(p, "p");
        p.packMapHeader(d.parts().size());
        for (ValueData.Part part : d.parts()) {
            p.packInt(part.index());
            p.packMapHeader(2);
            key(p, "o");
            p.packInt(part.offset());
            key(p, "d");
            p.packBinaryHeader(part.data().length);
            p.writePayload(part.data());
        }
    }

    /** Writes {@code t, y, v[, n][, s]}. */
    private static void writeTail(MsgWriter p, Header h, String y) {
        tid(p, h);
        writeYvn(p, h, y);
    }

    private static void tid(MsgWriter p, Header h) {
        key(p, "t");
        p.packLong(h.tid());
    }

    /** Writes {@code y, v[, n][, s]}. */
    private static void writeYvn(MsgWriter p, Header h, String y) {
        key(p, "y");
        str(p, y);
        key(p, "v");
        str(p, h.userAgent() == null ? Header.USER_AGENT : h.userAgent());
        if (h.networkId() != 0) {
            key(p, "n");
            p.packLong(h.networkId());
        }
        if (h.client()) {
            key(p, "s");
            p.packBoolean(true);
        }
    }

    private static void version(MsgWriter p, int version) {
        if (version >= 0) {
            key(p, "ve");
            p.packInt(version);
        }
    }

    private static int extra(Header h) {
        return (h.networkId() != 0 ? 1 : 0) + (h.client() ? 1 : 0);
    }

    private static int count(Object... fields) {
        int n = 0;
        for (Object o : fields) {
            if (o != null) {
                n++;
            }
        }
        return n;
    }

    private static void key(MsgWriter p, String k) {
        p.packString(k);
    }

    private static void str(MsgWriter p, String s) {
        p.packString(s);
    }

    private static void id(MsgWriter p, String k, InfoHash id) {
        if (id != null) {
            key(p, k);
            p.packBinaryHeader(InfoHash.LENGTH);
            p.writeId(id);
        }
    }

    private static void blob(MsgWriter p, String k, byte[] b) {
        if (b != null) {
            key(p, k);
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        }
    }

    private static void want(MsgWriter p, Want w) {
        if (w == null) {
            return;
        }
        key(p, "w");
        p.packArrayHeader((w.ipv4() ? 1 : 0) + (w.ipv6() ? 1 : 0));
        if (w.ipv4()) {
            p.packInt(Want.AF_INET);
        }
        if (w.ipv6()) {
            p.packInt(Want.AF_INET6);
        }
    }

    private static void ids(MsgWriter p, String k, long[] ids) {
        if (ids.length == 0) {
            return;
        }
        key(p, k);
        p.packArrayHeader(ids.length);
        for (long id : ids) {
            p.packUint64(id);
        }
    }

    private static void values(MsgWriter p, List<ValueSlot> values) {
        key(p, "values");
        p.packArrayHeader(values.size());
        for (ValueSlot v : values) {
            if (v instanceof ValueSlot.Packed packed) {
                p.writePayload(packed.bytes());
            } else if (v instanceof ValueSlot.Deferred d) {
                p.packInt(d.size());
            }
        }
    }

    /** Writes {@code k: bin(records)} when the list is not empty; records of id ‖ address ‖ port. */
    private static void nodes(MsgWriter p, String k, List<NodeInfo> nodes, int addrLen) {
        if (nodes.isEmpty()) {
            return;
        }
        key(p, k);
        p.packBinaryHeader((InfoHash.LENGTH + addrLen + 2) * nodes.size());
        for (NodeInfo n : nodes) {
            p.writeId(n.id());
            p.writePayload(n.address().getAddress().getAddress(), 0, addrLen);
            p.writePort(n.address().getPort());
        }
    }


}
