package net.landht.proxy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.landht.id.InfoHash;
import net.landht.value.Signatures;
import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Reads the body of a proxy put ({@code POST /key/{hash}}) into a {@link Value} (OpenDHT src/value.cpp
 * {@code Value(const Json::Value&)}, src/dht_proxy_server.cpp {@code put}; fact sheet {@code dht-proxy.md} §5–§6).
 * Stricter than OpenDHT, which answers 500 or stores zeros: a field of the wrong type or out of range, bad base64
 * (not canonical: padded to a multiple of 4), a bad PEM owner or a bad {@code to} is a {@link Bad} naming the field.
 * A signed value's body is packed with the owner's DER bytes in OpenDHT's key order, so the signature made by the
 * client still verifies on the UDP side. Thread-safe.
 */
final class ValueJsonReader {
    /** Deepest JSON nesting read: a put body is an object holding at most the {@code permanent} object. */
    static final int MAX_DEPTH = 8;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());
    private static final BigInteger UINT64_END = BigInteger.ONE.shiftLeft(64);
    /** A msgpack uint64 (9 bytes) in place of the positive fixint 0 (1 byte): what a server-assigned id adds. */
    private static final int ID_GROWTH_BYTES = 8;

    private ValueJsonReader() {
    }

    /**
     * A put request read from JSON: the value, whether {@code permanent} was present (OpenDHT: isMember), and when
     * {@code permanent} is an object its {@code key} (push token) and {@code client_id} as texts ("" when absent or
     * not texts; they only tell permanent puts apart, {@code push} reads and checks the push request itself).
     */
    record Put(Value value, boolean permanent, String pushToken, String clientId) {
    }

    /** The body cannot be used; {@code body} is the JSON error answer, {@code tooLarge} selects 413 over 400. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final String body;
        final boolean tooLarge;

        Bad(String body, boolean tooLarge) {
            super(body, null, false, false);
            this.body = body;
            this.tooLarge = tooLarge;
        }

        static Bad field(String name, String why) {
            return new Bad(net.landht.http.JsonText.error("Bad field '" + name + "': " + why), false);
        }
    }

    /**
     * Reads a put body.
     *
     * @throws Bad for an empty body ({@code {"err":"Missing parameters"}}), text that is not JSON
     *             ({@code {"err:":"Incorrect JSON"}}, OpenDHT's odd key), JSON nested deeper than {@link #MAX_DEPTH},
     *             JSON that is not an object, a bad field, or a value too large for the DHT
     */
    static Put read(byte[] body) throws Bad {
        if (body.length == 0) {
            throw new Bad("{\"err\":\"Missing parameters\"}", false);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            boolean depth = e.getMessage() != null && e.getMessage().contains("depth");
            throw new Bad(depth ? "{\"err\":\"JSON nested too deep\"}" : "{\"err\":\"JSON number or text too long\"}",
                    false);
        } catch (IOException e) {
            throw new Bad("{\"err:\":\"Incorrect JSON\"}", false);
        }
        if (root == null || root.isMissingNode()) {
            throw new Bad("{\"err:\":\"Incorrect JSON\"}", false);
        }
        if (!root.isObject()) {
            throw new Bad("{\"err\":\"The body must be a JSON object\"}", false);
        }
        long id = id(root.get("id"));
        long prio = unsigned(root, "prio", 0xFFFF_FFFFL);
        String pt = text(root, "pt");
        Value v;
        try {
            byte[] cypher = base64(root, "cypher");
            if (cypher != null) {
                v = ValuePacker.pack(id, null, null, cypher, prio, pt);
            } else {
                v = ValuePacker.pack(id, body(root), base64(root, "sig"), null, prio, pt);
            }
        } catch (IllegalArgumentException e) {
            throw new Bad("{\"err\":\"Value too large for the DHT\"}", true);
        }
        // id 0 packs in one byte; the id the DHT client then gives it takes up to ID_GROWTH_BYTES more
        int growth = id == Value.INVALID_ID ? ID_GROWTH_BYTES : 0;
        if (v.packedLength() + growth > Value.MAX_PACKED_BYTES || v.size() > Value.MAX_VALUE_SIZE) {
            throw new Bad("{\"err\":\"Value too large for the DHT\"}", true);
        }
        JsonNode permanent = root.get("permanent");
        boolean push = permanent != null && permanent.isObject();
        return new Put(v, permanent != null, push ? textOrEmpty(permanent.get("key")) : "",
                push ? textOrEmpty(permanent.get("client_id")) : "");
    }

    private static String textOrEmpty(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : "";
    }

    private static byte[] body(JsonNode root) throws Bad {
        byte[] data = base64(root, "data");
        int type = (int) unsigned(root, "type", 0xFFFF);
        String utype = text(root, "utype");
        String owner = text(root, "owner");
        if (owner == null) {  // an unsigned body: type, data, utype (OpenDHT packs "to" only with an owner)
            return ValuePacker.signedBody(0, null, null, type, data == null ? new byte[0] : data, utype);
        }
        byte[] der;
        try {
            der = OwnerPem.toDer(owner);
        } catch (IllegalArgumentException e) {
            throw Bad.field("owner", e.getMessage());
        }
        if (!Signatures.isReadableKey(der)) {  // the store would refuse it, and the put would answer 502
            throw Bad.field("owner", "not an RSA public key landht can read");
        }
        int seq = (int) unsigned(root, "seq", 0xFFFF);
        byte[] to = recipient(root);
        return ValuePacker.signedBody(seq, der, to, type, data == null ? new byte[0] : data, utype);
    }

    private static long id(JsonNode n) throws Bad {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isTextual()) {
            try {
                return Long.parseUnsignedLong(n.asText());
            } catch (NumberFormatException e) {
                throw Bad.field("id", "not a decimal unsigned 64-bit number");
            }
        }
        if (n.isIntegralNumber()) {
            BigInteger b = n.bigIntegerValue();
            if (b.signum() >= 0 && b.compareTo(UINT64_END) < 0) {
                return b.longValue();
            }
        }
        throw Bad.field("id", "not a decimal unsigned 64-bit number");
    }

    private static long unsigned(JsonNode root, String name, long max) throws Bad {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > max) {
            throw Bad.field(name, "not an integer in 0.." + max);
        }
        return n.asLong();
    }

    private static String text(JsonNode root, String name) throws Bad {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Bad.field(name, "not a string");
        }
        return n.asText();
    }

    private static byte[] base64(JsonNode root, String name) throws Bad {
        String s = text(root, name);
        if (s == null) {
            return null;
        }
        if (s.length() % 4 != 0) {
            throw Bad.field(name, "not base64 (length not a multiple of 4)");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw Bad.field(name, "not base64");
        }
    }

    private static byte[] recipient(JsonNode root) throws Bad {
        String s = text(root, "to");
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.length() != InfoHash.LENGTH * 2) {
            throw Bad.field("to", "not 40 hex digits");
        }
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw Bad.field("to", "not 40 hex digits");
        }
    }
}
