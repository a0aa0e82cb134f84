package net.landht.value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import net.landht.id.InfoHash;

/**
 * A DHT value as it travels on the wire (fact sheet §8.1): the exact packed bytes it arrived as, plus where each
 * field lies inside them. Nothing is copied at parse time except blobs sent as arrays of integers; accessors that
 * return arrays return copies, so instances are immutable. Two lazily filled caches (key id, signature check) are
 * idempotent, so a value may be read from any thread.
 *
 * <pre>
 * value = {"id": uint64, "dat": dat, ["p": uint32], ["pt": str]}
 * dat   = {"body": body, ["sig": bin]} | bin (cypher)
 * body  = {["seq": uint16, "owner": key, ["to": bin20]], "type": uint16, "data": bin, ["utype": str]}
 * </pre>
 *
 * OpenDHT: include/opendht/value.h, src/value.cpp.
 */
public final class Value {
    /** Largest packed value accepted: OpenDHT skips larger ones. OpenDHT: src/parsed_message.h (64 KiB + 32). */
    public static final int MAX_PACKED_BYTES = 64 * 1024 + 32;
    /** Largest {@link #size()} the default store policy accepts. OpenDHT: include/opendht/value.h, MAX_VALUE_SIZE. */
    public static final int MAX_VALUE_SIZE = 64 * 1024;

    /** The id no value may have. OpenDHT: include/opendht/value.h, {@code Value::INVALID_ID}. */
    public static final long INVALID_ID = 0;

    private static final byte SIG_UNKNOWN = 0;
    private static final byte SIG_VALID = 1;
    private static final byte SIG_INVALID = 2;

    private final byte[] packed;
    private final byte[] aux;
    private final long id;
    private final long priority;
    private final int type;
    private final int seq;
    private final int bodyOff;
    private final int bodyLen;
    private final int dataOff;
    private final int dataLen;
    private final int ownerOff;
    private final int ownerLen;
    private final int toOff;
    private final int sigOff;
    private final int sigLen;
    private final int utypeOff;
    private final int utypeLen;
    private final int cypherOff;
    private final int cypherLen;
    private final int ptOff;
    private final int ptLen;
    private final byte auxMask;
    private byte signatureState;
    private InfoHash keyId;

    Value(byte[] packed, ValueParser.Layout l) {
        this.packed = packed;
        this.aux = l.aux;
        this.id = l.id;
        this.priority = l.priority;
        this.type = l.type;
        this.seq = l.seq;
        this.bodyOff = l.bodyOff;
        this.bodyLen = l.bodyLen;
        this.dataOff = l.dataOff;
        this.dataLen = l.dataLen;
        this.ownerOff = l.ownerOff;
        this.ownerLen = l.ownerLen;
        this.toOff = l.toOff;
        this.sigOff = l.sigOff;
        this.sigLen = l.sigLen;
        this.utypeOff = l.utypeOff;
        this.utypeLen = l.utypeLen;
        this.cypherOff = l.cypherOff;
        this.cypherLen = l.cypherLen;
        this.ptOff = l.ptOff;
        this.ptLen = l.ptLen;
        this.auxMask = (byte) l.auxMask;
    }

    /**
     * Parses one packed value. Never throws: malformed, oversized or fuzzed input gives a {@link ParseResult.Error}.
     * The bytes are kept (not copied): the caller must not modify them afterwards. Trailing bytes after the value
     * map are dropped.
     */
    public static ParseResult parse(byte[] packed) {
        return ValueParser.parse(packed);
    }

    /**
     * The value id (uint64; compare with {@link Long#compareUnsigned}). 0 is {@link #INVALID_ID}: it parses, and the
     * put handler answers it with 203 "Put with invalid id"; storage refuses it.
     */
    public long id() {
        return id;
    }

    /** The value type id (uint16); 0 for an encrypted value. */
    public int type() {
        return type;
    }

    /** The registered type for {@link #type()}. */
    public ValueType valueType() {
        return ValueType.of(type);
    }

    /** The sequence number (uint16); 0 when the value has no owner. */
    public int seq() {
        return seq;
    }

    /** The priority {@code p} (uint32), 0 when absent. */
    public long priority() {
        return priority;
    }

    /** True when {@code dat} is a cypher (bin) rather than a body. */
    public boolean isEncrypted() {
        return cypherOff >= 0;
    }

    /** True when the body names an owner key. */
    public boolean hasOwner() {
        return ownerOff >= 0;
    }

    /** True when the value has an owner and a non-empty signature (OpenDHT: {@code Value::isSigned}). */
    public boolean isSigned() {
        return ownerOff >= 0 && sigLen > 0;
    }

    /** A copy of {@code data} (empty for an encrypted value). */
    public byte[] data() {
        return dataOff < 0 ? new byte[0] : slice(ValueParser.Layout.AUX_DATA, dataOff, dataLen);
    }

    /** Length of {@code data} in bytes. */
    public int dataLength() {
        return dataOff < 0 ? 0 : dataLen;
    }

    /** A copy of the owner key bytes as received (DER SubjectPublicKeyInfo, or PEM), or null without an owner. */
    public byte[] owner() {
        return ownerOff < 0 ? null : slice(ValueParser.Layout.AUX_OWNER, ownerOff, ownerLen);
    }

    /** A copy of the 20-byte recipient key id {@code to}, or null. */
    public byte[] recipient() {
        return toOff < 0 ? null : Arrays.copyOfRange(packed, toOff, toOff + InfoHash.LENGTH);
    }

    /** A copy of the signature, or null without an owner. */
    public byte[] signature() {
        return ownerOff < 0 ? null : slice(ValueParser.Layout.AUX_SIG, sigOff, sigLen);
    }

    /** A copy of the cypher of an encrypted value, or null. */
    public byte[] cypher() {
        return cypherOff < 0 ? null : Arrays.copyOfRange(packed, cypherOff, cypherOff + cypherLen);
    }

    /** The user type {@code utype} bytes (a copy; empty when absent). */
    public byte[] userTypeBytes() {
        return utypeOff < 0 ? new byte[0] : Arrays.copyOfRange(packed, utypeOff, utypeOff + utypeLen);
    }

    /** The user type as text (UTF-8), empty when absent. */
    public String userType() {
        return utypeOff < 0 ? "" : new String(packed, utypeOff, utypeLen, StandardCharsets.UTF_8);
    }

    /** The push type {@code pt} as text, empty when absent. */
    public String pushType() {
        return ptOff < 0 ? "" : new String(packed, ptOff, ptLen, StandardCharsets.UTF_8);
    }

    /**
     * A copy of the exact bytes of the {@code body} map as received: what the owner signed. Null for an encrypted
     * value. OpenDHT: include/opendht/value.h, {@code getToSign}.
     */
    public byte[] signedBody() {
        return bodyOff < 0 ? null : Arrays.copyOfRange(packed, bodyOff, bodyOff + bodyLen);
    }

    /** A copy of the packed value, byte-identical to what was parsed. */
    public byte[] packed() {
        return packed.clone();
    }

    /** A read-only view of the packed value, without copying. */
    public ByteBuffer packedView() {
        return ByteBuffer.wrap(packed).asReadOnlyBuffer();
    }

    /** Length of the packed value in bytes. */
    public int packedLength() {
        return packed.length;
    }

    /**
     * The size OpenDHT counts against limits: data + cypher + signature + user type + push type bytes; the owner key
     * is not counted. OpenDHT: src/value.cpp, {@code Value::size}.
     */
    public int size() {
        return dataLength() + (cypherOff < 0 ? 0 : cypherLen) + (ownerOff < 0 ? 0 : sigLen)
                + (utypeOff < 0 ? 0 : utypeLen) + (ptOff < 0 ? 0 : ptLen);
    }

    /**
     * The owner's key id, SHA-1 of its DER SubjectPublicKeyInfo (OpenDHT: {@code PublicKey::getId}), or null without
     * an owner or when the owner is not a readable key encoding. Computed once.
     */
    public InfoHash keyId() {
        InfoHash k = keyId;
        if (k == null && ownerOff >= 0) {
            byte[] der = Signatures.spkiDer(owner());
            if (der != null) {
                k = InfoHash.sha1Of(der);
                keyId = k;
            }
        }
        return k;
    }

    /**
     * Whether the signature verifies (RSA PKCS#1 v1.5, SHA-512, over {@link #signedBody()}). False for unsigned
     * values. Computed once; safe to call ahead of time on another thread.
     */
    public boolean signatureValid() {
        byte s = signatureState;
        if (s == SIG_UNKNOWN) {
            s = isSigned() && Signatures.verify(owner(), packed, bodyOff, bodyLen, signature())
                    ? SIG_VALID : SIG_INVALID;
            signatureState = s;
        }
        return s == SIG_VALID;
    }

    /**
     * OpenDHT's content equality ({@code Value::contentEquals}): same cypher for encrypted values, else same owner
     * bytes, type, data, user type and signature. Priority and push type are ignored.
     */
    public boolean contentEquals(Value o) {
        if (isEncrypted() || o.isEncrypted()) {
            return isEncrypted() && o.isEncrypted() && Arrays.equals(packed, cypherOff, cypherOff + cypherLen,
                    o.packed, o.cypherOff, o.cypherOff + o.cypherLen);
        }
        return type == o.type && Arrays.equals(owner(), o.owner()) && Arrays.equals(data(), o.data())
                && Arrays.equals(userTypeBytes(), o.userTypeBytes()) && Arrays.equals(signature(), o.signature());
    }

    /**
     * This value's entry for one field of a {@code fileds} reply (fact sheet §6): {@code Long} for Id, ValueType and
     * SeqNum, {@code String} for UserType, {@code byte[]} for OwnerPk (the owner's DER key, or 20 zero bytes without
     * an owner). OpenDHT: include/opendht/value.h, {@code msgpack_pack_fields}.
     */
    public Object fieldValue(Field field) {
        return switch (field) {
            case ID -> id;
            case VALUE_TYPE -> (long) type;
            case SEQ_NUM -> (long) seq;
            case USER_TYPE -> userType();
            case OWNER_PK -> {
                byte[] der = ownerOff < 0 ? null : Signatures.spkiDer(owner());
                yield der != null ? der : new byte[InfoHash.LENGTH];
            }
        };
    }

    /** True when both values have a body and the body bytes are identical. */
    public boolean signedBodyEquals(Value o) {
        return bodyOff >= 0 && o.bodyOff >= 0
                && Arrays.equals(packed, bodyOff, bodyOff + bodyLen, o.packed, o.bodyOff, o.bodyOff + o.bodyLen);
    }

    private byte[] slice(int auxBit, int off, int len) {
        byte[] src = (auxMask & auxBit) != 0 ? aux : packed;
        return Arrays.copyOfRange(src, off, off + len);
    }

    /** Equal when the packed bytes are identical. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Value v && id == v.id && Arrays.equals(packed, v.packed));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(packed);
    }

    @Override
    public String toString() {
        return "Value[id=" + Long.toHexString(id) + ", type=" + type
                + (isEncrypted() ? ", encrypted" : hasOwner() ? ", seq=" + seq + ", signed" : "")
                + ", size=" + size() + "]";
    }
}
