package net.landht.it.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Packed OpenDHT values made with the test client's own msgpack (not landht's codec), in the key order OpenDHT packs
 * them (fact sheet §8.1): {@code {id, dat:{body:{[seq, owner,] type, data[, utype]}[, sig]}}}.
 */
public final class RawValues {

    private RawValues() {
    }

    /** An unsigned value; {@code userType} may be null. */
    public static byte[] plain(long id, int type, byte[] data, String userType) {
        return value(id, body(null, 0, type, data, userType), null);
    }

    /**
     * The body of a signed value ({@code {seq, owner, type, data[, utype]}}): the bytes its signature covers.
     *
     * @param owner the owner's public key, DER SubjectPublicKeyInfo
     */
    public static byte[] signedBody(int seq, byte[] owner, int type, byte[] data, String userType) {
        return body(owner, seq, type, data, userType);
    }

    /** A signed value from its body bytes and signature. */
    public static byte[] signed(long id, byte[] body, byte[] signature) {
        return value(id, body, signature);
    }

    private static byte[] body(byte[] owner, int seq, int type, byte[] data, String userType) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (owner != null) {
            body.put("seq", seq);
            body.put("owner", owner);
        }
        body.put("type", type);
        body.put("data", data);
        if (userType != null) {
            body.put("utype", userType);
        }
        return Msgpack.encode(body);
    }

    private static byte[] value(long id, byte[] body, byte[] signature) {
        Map<String, Object> dat = new LinkedHashMap<>();
        dat.put("body", new RawDhtClient.RawValue(body));
        if (signature != null) {
            dat.put("sig", signature);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("dat", dat);
        return Msgpack.encode(value);
    }
}
