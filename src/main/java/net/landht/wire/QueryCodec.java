package net.landht.wire;

import java.util.ArrayList;
import java.util.List;

import org.msgpack.value.ValueType;

import net.landht.value.Field;
import net.landht.value.Query;

/**
 * msgpack form of a get/listen query {@code q = {s: [field…], w: [{f: field, v: x}…]}} and of a {@code fileds}
 * reply {@code {f: [field…], v: [flat values]}}. Fact sheet §6; OpenDHT: src/value.cpp {@code Query::msgpack_unpack},
 * include/opendht/value.h {@code msgpack_pack_fields}.
 */
final class QueryCodec {
    private static final int MAX_CONDITIONS = 64;

    private QueryCodec() {
    }

    static Query read(MsgReader r) throws WireFormatException {
        if (r.nextType() != ValueType.MAP) {
            throw new WireFormatException(DecodeError.BAD_QUERY, "'q' is not a map");
        }
        int n = r.readMapHeader();
        List<Field> select = null;
        List<Query.Where> where = null;
        for (int i = 0; i < n; i++) {
            switch (r.readKey()) {
                case "s" -> select = readFieldList(r);
                case "w" -> where = readWhere(r);
                default -> r.skip();
            }
        }
        if (select == null || where == null) {
            throw new WireFormatException(DecodeError.BAD_QUERY, "'q' needs both 's' and 'w'");
        }
        return new Query(select, where);
    }

    private static List<Field> readFieldList(MsgReader r) throws WireFormatException {
        int n = r.readArrayHeader();
        if (n > MAX_CONDITIONS) {
            throw new WireFormatException(DecodeError.TOO_LARGE, n + " fields");
        }
        List<Field> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Field f = WireDecoder.field(r.readLong());
            if (!fields.contains(f)) {
                fields.add(f);
            }
        }
        return fields;
    }

    private static List<Query.Where> readWhere(MsgReader r) throws WireFormatException {
        int n = r.readArrayHeader();
        if (n > MAX_CONDITIONS) {
            throw new WireFormatException(DecodeError.TOO_LARGE, n + " conditions");
        }
        List<Query.Where> where = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int m = r.readMapHeader();
            Field field = null;
            long number = 0;
            byte[] bytes = null;
            boolean hasValue = false;
            for (int j = 0; j < m; j++) {
                switch (r.readKey()) {
                    case "f" -> field = WireDecoder.field(r.readLong());
                    case "v" -> {
                        hasValue = true;
                        if (r.nextType() == ValueType.INTEGER) {
                            number = r.readUint64();
                        } else {
                            bytes = r.readBlob(1024);
                        }
                    }
                    default -> r.skip();
                }
            }
            if (field == null || !hasValue) {
                throw new WireFormatException(DecodeError.BAD_QUERY, "condition without 'f' or 'v'");
            }
            where.add(new Query.Where(field, number, bytes));
        }
        return where;
    }

    static FieldsReply readFields(MsgReader r) throws WireFormatException {
        int n = r.readMapHeader();
        List<Field> fields = List.of();
        List<Object> values = List.of();
        for (int i = 0; i < n; i++) {
            switch (r.readKey()) {
                case "f" -> fields = readFieldList(r);
                case "v" -> {
                    int m = r.readArrayHeader();
                    List<Object> v = new ArrayList<>(m);
                    for (int j = 0; j < m; j++) {
                        ValueType t = r.nextType();
                        if (t == ValueType.INTEGER) {
                            v.add(r.readUint64());
                        } else if (t == ValueType.STRING) {
                            v.add(r.readString(WireDecoder.MAX_PACKED_VALUE));
                        } else {
                            v.add(r.readBlob(WireDecoder.MAX_PACKED_VALUE));
                        }
                    }
                    values = v;
                }
                default -> r.skip();
            }
        }
        return new FieldsReply(fields, values);
    }

    static void write(MsgWriter p, Query q) {
        p.packMapHeader(2);
        p.packString("s");
        p.packArrayHeader(q.select().size());
        for (Field f : q.select()) {
            p.packInt(f.wire());
        }
        p.packString("w");
        p.packArrayHeader(q.where().size());
        for (Query.Where w : q.where()) {
            p.packMapHeader(2);
            p.packString("f");
            p.packInt(w.field().wire());
            p.packString("v");
            if (w.bytes() != null) {
                p.packBinaryHeader(w.bytes().length);
                p.writePayload(w.bytes());
            } else {
                p.packUint64(w.number());
            }
        }
    }

    static void writeFields(MsgWriter p, FieldsReply f) {
        p.packMapHeader(2);
        p.packString("f");
        p.packArrayHeader(f.fields().size());
        for (Field field : f.fields()) {
            p.packInt(field.wire());
        }
        p.packString("v");
        p.packArrayHeader(f.values().size());
        for (Object o : f.values()) {
            if (o instanceof Long l) {
                p.packUint64(l);
            } else if (o instanceof Integer i) {
                p.packInt(i);
            } else if (o instanceof String s) {
                p.packString(s);
            } else if (o instanceof byte[] b) {
                p.packBinaryHeader(b.length);
                p.writePayload(b);
            } else {
                p.packNil();
            }
        }
    }
}
