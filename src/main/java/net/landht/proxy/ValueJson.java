package net.landht.proxy;

import java.util.Base64;
import java.util.HexFormat;

import net.landht.http.JsonText;
import net.landht.value.Signatures;
import net.landht.value.Value;

/**
 * A value as one line of the proxy's JSON (fact sheet {@code dht-proxy.md} §5; OpenDHT src/value.cpp
 * {@code Value::toJson}): compact, keys in alphabetical order as jsoncpp writes them; {@code id} as a decimal
 * string of the unsigned 64-bit id; {@code data}, {@code sig}, {@code cypher} in standard base64; {@code owner} as
 * PEM text ({@link OwnerPem}); {@code to} as 40 hex digits; {@code prio} only when not 0; {@code pt} (OpenDHT 4.x)
 * only when not empty; {@code "expired":true} on listen lines of expired values. An encrypted value shows only
 * {@code cypher}, {@code id} and {@code prio}. The reading side is {@link ValueJsonReader}.
 */
final class ValueJson {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private ValueJson() {
    }

    /** The JSON object of {@code v} under id {@code id} (the id a put assigned may differ from {@code v.id()}). */
    static String write(Value v, long id, boolean expired) {
        StringBuilder b = new StringBuilder(128 + v.packedLength() * 4 / 3);
        b.append('{');
        if (v.isEncrypted()) {
            field(b, "cypher").append('"').append(B64.encodeToString(v.cypher())).append('"');
        } else {
            field(b, "data").append('"').append(B64.encodeToString(v.data())).append('"');
        }
        if (expired) {
            field(b, "expired").append("true");
        }
        field(b, "id").append('"').append(Long.toUnsignedString(id)).append('"');
        boolean owned = !v.isEncrypted() && v.hasOwner();
        if (owned) {
            byte[] der = Signatures.spkiDer(v.owner());
            JsonText.appendQuoted(field(b, "owner"), OwnerPem.fromDer(der != null ? der : v.owner()));
        }
        if (v.priority() != 0) {
            field(b, "prio").append(v.priority());
        }
        if (!v.pushType().isEmpty()) {
            JsonText.appendQuoted(field(b, "pt"), v.pushType());
        }
        if (owned) {
            field(b, "seq").append(v.seq());
            if (v.isSigned()) {
                field(b, "sig").append('"').append(B64.encodeToString(v.signature())).append('"');
            }
            byte[] to = v.recipient();
            if (to != null) {
                field(b, "to").append('"').append(HexFormat.of().formatHex(to)).append('"');
            }
        }
        if (!v.isEncrypted()) {
            field(b, "type").append(v.type());
            if (!v.userType().isEmpty()) {
                JsonText.appendQuoted(field(b, "utype"), v.userType());
            }
        }
        return b.append('}').toString();
    }

    /** {@link #write} followed by the newline that ends each line of a stream or a put's answer. */
    static String line(Value v, long id, boolean expired) {
        return write(v, id, expired) + "\n";
    }

    private static StringBuilder field(StringBuilder b, String key) {
        if (b.length() > 1) {
            b.append(',');
        }
        return b.append('"').append(key).append("\":");
    }
}
