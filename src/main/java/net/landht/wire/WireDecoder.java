package net.landht.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.msgpack.value.ValueType;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.value.Field;
import net.landht.value.Query;

/**
 * Decodes one OpenDHT datagram into a {@link Message}. Classification follows OpenDHT's parser
 * (src/parsed_message.h): by presence of {@code e}, then {@code r}, then {@code p}, then {@code u}; otherwise a
 * request named by {@code q}. Stateless and thread-safe.
 *
 * <p>Never throws: anything malformed gives a {@link DecodeResult.Failure} with a {@link DecodeError}.
 */
public final class WireDecoder {
    /** Largest packed value accepted: MAX_VALUE_SIZE + 32. OpenDHT: src/parsed_message.h. */
    public static final int MAX_PACKED_VALUE = 64 * 1024 + 32;
    /** Largest token kept; clients ignore longer ones. OpenDHT: src/search.h. */
    public static final int MAX_TOKEN = 64;
    /** Most values one message may carry. */
    public static final int MAX_VALUES = 1024;
    /** Most ids in {@code re}/{@code exp}. */
    public static final int MAX_IDS = 4096;
    private static final int NODE4_LEN = 26;
    private static final int NODE6_LEN = 38;

    private WireDecoder() {
    }

    /** Decodes {@code buf[offset, offset+length)}. */
    public static DecodeResult decode(byte[] buf, int offset, int length) {
        try {
            return new DecodeResult.Ok(parse(new MsgReader(buf, offset, length)));
        } catch (WireFormatException e) {
            return new DecodeResult.Failure(e.error(), e.getMessage());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return new DecodeResult.Failure(DecodeError.MALFORMED_MSGPACK, String.valueOf(e.getMessage()));
        }
    }

    /** Decodes a whole array. */
    public static DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    private static Message parse(MsgReader r) throws WireFormatException {
        if (!r.hasNext()) {
            throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "empty datagram");
        }
        if (r.nextType() != ValueType.MAP) {
            throw new WireFormatException(DecodeError.NOT_A_MAP, "top-level " + r.nextType());
        }
        Top top = new Top();
        int n = r.readMapHeader();
        for (int i = 0; i < n; i++) {
            String key = r.readKey();
            switch (key) {
                case "y" -> top.y = r.readString(16);
                case "q" -> top.q = r.readString(32);
                case "t" -> top.tid = readTid(r);
                case "v" -> top.ua = r.readString(64);
                case "n" -> top.network = r.readUnsigned(0xFFFF_FFFFL, DecodeError.WRONG_TYPE);
                case "s" -> top.client = r.readBoolean();
                case "a", "r", "u" -> {
                    if (r.nextType() != ValueType.MAP) {
                        throw new WireFormatException(DecodeError.WRONG_TYPE, "'" + key + "' is not a map");
                    }
                    Args a = readArgs(r);
                    switch (key) {
                        case "a" -> top.a = a;
                        case "r" -> top.r = a;
                        default -> top.u = a;
                    }
                }
                case "e" -> readError(r, top);
                case "p" -> top.parts = readParts(r);
                default -> r.skip();
            }
        }
        if (r.hasNext()) {
            throw new WireFormatException(DecodeError.MALFORMED_MSGPACK, "trailing bytes");
        }
        return build(top);
    }

    private static long readTid(MsgReader r) throws WireFormatException {
        ValueType t = r.nextType();
        if (t == ValueType.INTEGER) {
            return r.readUnsigned(0xFFFF_FFFFL, DecodeError.BAD_TRANSACTION_ID);
        }
        if (t == ValueType.BINARY || t == ValueType.STRING) {
            byte[] b = r.readBlob(4);
            if (b.length != 4) {
                throw new WireFormatException(DecodeError.BAD_TRANSACTION_ID, "tid of " + b.length + " bytes");
            }
            return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        }
        throw new WireFormatException(DecodeError.BAD_TRANSACTION_ID, "tid of type " + t);
    }

    private static void readError(MsgReader r, Top top) throws WireFormatException {
        if (r.nextType() != ValueType.ARRAY) {
            throw new WireFormatException(DecodeError.BAD_ERROR, "'e' is not an array");
        }
        int n = r.readArrayHeader();
        top.isError = true;
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                top.errorCode = (int) r.readUnsigned(0xFFFF, DecodeError.BAD_ERROR);
            } else if (i == 1) {
                top.errorMessage = r.readString(1024);
            } else {
                r.skip();
            }
        }
        if (n < 1) {
            throw new WireFormatException(DecodeError.BAD_ERROR, "empty 'e'");
        }
    }

    private static List<ValueData.Part> readParts(MsgReader r) throws WireFormatException {
        int n = r.readMapHeader();
        List<ValueData.Part> parts = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            long index = r.readUnsigned(MAX_VALUES, DecodeError.WRONG_TYPE);
            int m = r.readMapHeader();
            long offset = -1;
            byte[] data = null;
            for (int j = 0; j < m; j++) {
                switch (r.readKey()) {
                    case "o" -> offset = r.readUnsigned(MAX_PACKED_VALUE, DecodeError.TOO_LARGE);
                    case "d" -> data = r.readBlob(MAX_PACKED_VALUE);
                    default -> r.skip();
                }
            }
            if (offset < 0 || data == null) {
                throw new WireFormatException(DecodeError.WRONG_TYPE, "part without 'o' or 'd'");
            }
            parts.add(new ValueData.Part((int) index, (int) offset, data));
        }
        return parts;
    }

    private static Args readArgs(MsgReader r) throws WireFormatException {
        Args a = new Args();
        int n = r.readMapHeader();
        for (int i = 0; i < n; i++) {
            String key = r.readKey();
            switch (key) {
                case "id" -> a.id = readId(r);
                case "h" -> a.h = readId(r);
                case "target" -> a.target = readId(r);
                case "token" -> a.token = r.readBlob(MAX_PACKED_VALUE);
                case "sa" -> a.sa = readSa(r);
                case "n4" -> a.n4 = readNodes(r, NODE4_LEN);
                case "n6" -> a.n6 = readNodes(r, NODE6_LEN);
                case "w" -> a.want = readWant(r);
                case "q" -> a.query = QueryCodec.read(r);
                case "values" -> a.values = readValues(r);
                case "fileds" -> a.fields = QueryCodec.readFields(r);
                case "vid" -> a.vid = r.readUint64();
                case "sid" -> a.sid = readTid(r);
                case "ve" -> a.version = (int) r.readUnsigned(0xFFFF, DecodeError.WRONG_TYPE);
                case "c" -> a.created = r.readLong();
                case "re" -> a.refreshed = readIds(r);
                case "exp" -> a.expired = readIds(r);
                default -> r.skip();
            }
        }
        if (a.token != null && a.token.length > MAX_TOKEN) {
            a.token = null; // as OpenDHT: an over-long token is ignored, so the request fails authentication
        }
        return a;
    }

    private static InfoHash readId(MsgReader r) throws WireFormatException {
        return r.readId(DecodeError.BAD_ID);
    }

    private static byte[] readSa(MsgReader r) throws WireFormatException {
        if (r.nextType() != ValueType.BINARY) {
            throw new WireFormatException(DecodeError.BAD_NODE_LIST, "'sa' is not a bin");
        }
        byte[] sa = r.readBlob(16);
        if (sa.length != 4 && sa.length != 16) {
            return null; // an unusable reported address is ignored
        }
        return sa;
    }

    private static List<NodeInfo> readNodes(MsgReader r, int recordLength) throws WireFormatException {
        byte[] b = r.readBlob(64 * 1024);
        if (b.length % recordLength != 0) {
            throw new WireFormatException(DecodeError.BAD_NODE_LIST,
                    "node list of " + b.length + " bytes, records of " + recordLength);
        }
        int addrLen = recordLength - InfoHash.LENGTH - 2;
        List<NodeInfo> nodes = new ArrayList<>(b.length / recordLength);
        for (int off = 0; off < b.length; off += recordLength) {
            InfoHash id = InfoHash.of(b, off);
            byte[] ip = new byte[addrLen];
            System.arraycopy(b, off + InfoHash.LENGTH, ip, 0, addrLen);
            int port = ((b[off + recordLength - 2] & 0xFF) << 8) | (b[off + recordLength - 1] & 0xFF);
            try {
                nodes.add(new NodeInfo(id, new InetSocketAddress(InetAddress.getByAddress(ip), port)));
            } catch (UnknownHostException e) {
                throw new WireFormatException(DecodeError.BAD_NODE_LIST, "bad address");
            }
        }
        return nodes;
    }

    private static Want readWant(MsgReader r) throws WireFormatException {
        int n = r.readArrayHeader();
        Want w = new Want(false, false);
        for (int i = 0; i < n; i++) {
            if (r.nextType() == ValueType.INTEGER) {
                w = w.with(r.readLong());
            } else {
                r.skip(); // elements that do not parse are ignored, as OpenDHT does
            }
        }
        return w;
    }

    private static List<ValueSlot> readValues(MsgReader r) throws WireFormatException {
        int n = r.readArrayHeader();
        if (n > MAX_VALUES) {
            throw new WireFormatException(DecodeError.TOO_LARGE, n + " values");
        }
        List<ValueSlot> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ValueType t = r.nextType();
            if (t == ValueType.INTEGER) {
                long size = r.readLong();
                if (size <= 0 || size > MAX_PACKED_VALUE) {
                    throw new WireFormatException(DecodeError.TOO_LARGE, "announced value of " + size + " bytes");
                }
                values.add(new ValueSlot.Deferred((int) size));
            } else if (t == ValueType.MAP) {
                values.add(new ValueSlot.Packed(r.readRaw(MAX_PACKED_VALUE)));
            } else {
                r.skip(); // a value that does not parse is skipped, not an error
            }
        }
        return values;
    }

    private static long[] readIds(MsgReader r) throws WireFormatException {
        int n = r.readArrayHeader();
        if (n > MAX_IDS) {
            throw new WireFormatException(DecodeError.TOO_LARGE, n + " ids");
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.readUint64();
        }
        return ids;
    }

    private static Message build(Top t) throws WireFormatException {
        Header h = new Header(t.tid < 0 ? -1 : t.tid, t.network, t.client, t.ua);
        if (t.isError) {
            requireTid(t);
            InfoHash id = t.r == null ? null : t.r.id;
            return new ErrorReply(h, t.errorCode, t.errorMessage == null ? "" : t.errorMessage, id);
        }
        if (t.r != null) {
            requireTid(t);
            Args a = t.r;
            requireSender(a);
            return new Reply(h, a.id, a.sa, nonNull(a.n4), nonNull(a.n6), a.token, nonNull(a.values), a.fields,
                    a.vid);
        }
        if (t.parts != null) {
            requireTid(t);
            return new ValueData(h, t.parts);
        }
        if (t.u != null) {
            requireTid(t);
            requireSender(t.u);
            return new LegacyUpdate(h, t.u.id, t.u.token, ids(t.u.refreshed), ids(t.u.expired));
        }
        if (t.y != null && !t.y.equals("q")) {
            throw new WireFormatException(DecodeError.UNKNOWN_QUERY, "y=" + t.y);
        }
        if (t.q == null) {
            throw new WireFormatException(DecodeError.UNKNOWN_QUERY, "no query name");
        }
        requireTid(t);
        Args a = t.a;
        if (a == null) {
            throw new WireFormatException(DecodeError.MISSING_ID, "request without 'a'");
        }
        requireSender(a);
        return switch (t.q) {
            case "ping" -> new Request.Ping(h, a.id);
            case "find" -> {
                if (a.target == null) {
                    throw new WireFormatException(DecodeError.BAD_ID, "find without target");
                }
                yield new Request.Find(h, a.id, a.target, a.want);
            }
            case "get" -> new Request.Get(h, a.id, a.h, a.query, a.want);
            case "listen" -> new Request.Listen(h, a.id, a.h, a.token, a.sid < 0 ? 0 : a.sid, a.query, a.version);
            case "put" -> new Request.Put(h, a.id, a.h, nonNull(a.values), a.token, a.created < 0 ? -1 : a.created);
            case "refresh" -> new Request.Refresh(h, a.id, a.h, a.vid, a.token);
            case "update" -> new Request.Update(h, a.id, a.h, a.sid < 0 ? 0 : a.sid, nonNull(a.values),
                    ids(a.refreshed), ids(a.expired), a.token, a.version, a.created < 0 ? -1 : a.created);
            default -> throw new WireFormatException(DecodeError.UNKNOWN_QUERY, "query '" + t.q + "'");
        };
    }

    private static void requireTid(Top t) throws WireFormatException {
        if (t.tid < 0) {
            throw new WireFormatException(DecodeError.BAD_TRANSACTION_ID, "no 't'");
        }
    }

    private static void requireSender(Args a) throws WireFormatException {
        if (a.id == null || a.id.isZero()) {
            throw new WireFormatException(DecodeError.MISSING_ID, "no sender id");
        }
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static long[] ids(long[] a) {
        return a == null ? new long[0] : a;
    }

    /** Top-level keys as read, before classification. */
    private static final class Top {
        String y;
        String q;
        long tid = -1;
        String ua;
        long network;
        boolean client;
        Args a;
        Args r;
        Args u;
        boolean isError;
        int errorCode;
        String errorMessage;
        List<ValueData.Part> parts;
    }

    /** Every field that {@code a}, {@code r} or {@code u} may hold. */
    static final class Args {
        InfoHash id;
        InfoHash h;
        InfoHash target;
        byte[] token;
        byte[] sa;
        List<NodeInfo> n4;
        List<NodeInfo> n6;
        Want want;
        Query query;
        List<ValueSlot> values;
        FieldsReply fields;
        long vid;
        long sid = -1;
        int version = -1;
        long created = -1;
        long[] refreshed;
        long[] expired;
    }

    /** Field list entries of a {@code q} or {@code fileds}, by wire number; unknown numbers are refused. */
    static Field field(long n) throws WireFormatException {
        Field f = Field.ofWire(n);
        if (f == null) {
            throw new WireFormatException(DecodeError.BAD_QUERY, "unknown field " + n);
        }
        return f;
    }
}
