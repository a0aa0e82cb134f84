package net.landht.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Plain msgpack ⇄ Java objects for the test client, written directly on msgpack-core so that the interop tests do not
 * depend on landht's own codec. Encoding: {@code Map} (insertion order kept), {@code List}, {@code String} → str,
 * {@link RawDhtClient.RawValue} → its bytes as they are,
 * {@code byte[]} → bin, {@code Integer}/{@code Long} → int, {@code Boolean}, {@code null}. Decoding: map → {@code
 * Map<String,Object>} (non-string keys become their text), array → {@code List}, str → {@code String}, bin → {@code
 * byte[]}, int → {@code Long} (or {@code BigInteger} above 2^63-1), bool, float → {@code Double}, nil → null.
 */
public final class Msgpack {

    private Msgpack() {
    }

    public static byte[] encode(Object o) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            pack(p, o);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(MessageBufferPacker p, Object o) throws IOException {
        if (o == null) {
            p.packNil();
        } else if (o instanceof String s) {
            p.packString(s);
        } else if (o instanceof byte[] b) {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        } else if (o instanceof RawDhtClient.RawValue raw) {
            p.writePayload(raw.packed());
        } else if (o instanceof Integer || o instanceof Long) {
            p.packLong(((Number) o).longValue());
        } else if (o instanceof Boolean b) {
            p.packBoolean(b);
        } else if (o instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (Object e : l) {
                pack(p, e);
            }
        } else if (o instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pack(p, e.getKey());
                pack(p, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot pack " + o.getClass());
        }
    }

    /** Decodes exactly one msgpack object; trailing bytes or a truncated object are an error. */
    public static Object decode(byte[] data) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(data)) {
            Value v = u.unpackValue();
            if (u.hasNext()) {
                throw new IllegalArgumentException("trailing bytes after the msgpack object");
            }
            return toJava(v);
        } catch (IOException e) {
            throw new IllegalArgumentException("not msgpack: " + e.getMessage(), e);
        }
    }

    static Object toJava(Value v) {
        switch (v.getValueType()) {
            case NIL:
                return null;
            case BOOLEAN:
                return v.asBooleanValue().getBoolean();
            case INTEGER:
                return v.asIntegerValue().isInLongRange() ? (Object) v.asIntegerValue().toLong()
                        : (Object) v.asIntegerValue().toBigInteger();
            case FLOAT:
                return v.asFloatValue().toDouble();
            case STRING:
                return v.asStringValue().asString();
            case BINARY:
                return v.asBinaryValue().asByteArray();
            case ARRAY: {
                List<Object> l = new ArrayList<>();
                for (Value e : v.asArrayValue()) {
                    l.add(toJava(e));
                }
                return l;
            }
            case MAP: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<Value, Value> e : v.asMapValue().entrySet()) {
                    Object k = toJava(e.getKey());
                    m.put(k instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                            : String.valueOf(k), toJava(e.getValue()));
                }
                return m;
            }
            default:
                return v.toString(); // extension types: OpenDHT never sends them
        }
    }

    /** JSON-like text of a decoded object, bins as {@code <hex>}, for failure messages. */
    public static String describe(Object o) {
        if (o instanceof byte[] b) {
            return "<" + Hex.encode(b) + ">";
        } else if (o instanceof String s) {
            return '"' + s + '"';
        } else if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(e -> parts.add(describe(e)));
            return "[" + String.join(",", parts) + "]";
        } else if (o instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, e) -> parts.add(k + ":" + describe(e)));
            return "{" + String.join(",", parts) + "}";
        }
        return String.valueOf(o instanceof BigInteger ? o + "(u64)" : o);
    }
}
