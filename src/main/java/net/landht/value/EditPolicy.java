package net.landht.value;

import java.net.InetAddress;
import java.util.Arrays;

import net.landht.id.InfoHash;

/**
 * Decides whether an incoming value may be stored (no value with its id under the key) or may replace the stored
 * value with its id (an edit). The caller handles an identical re-put ({@link Value#contentEquals}) as a refresh
 * before asking. Fact sheet §8.2; OpenDHT: src/securedht.cpp {@code secureType}, src/default_types.cpp,
 * include/opendht/securedht.h {@code CERTIFICATE_TYPE}, src/dht.cpp {@code onAnnounce}.
 *
 * <p>Store rules, by the incoming value's type: types 0, 1, 3, 4, 5 — a signed value must verify, an unsigned one
 * passes the size check (type 1 also refuses an empty service); type 2 — the port must be non-zero and the value is
 * rewritten with the sender's address; type 8 — a certificate whose key id, or SHA-1 of its long id, is the key;
 * other types — size check only, no signature check.
 *
 * <p>Edit rules, by the stored value's type: types 0, 1, 3, 4, 5 — a signed value is replaced only by a value
 * signed by the same owner with a valid signature and a higher seq, or the same seq with identical signed bytes; an
 * unsigned value is never replaced; type 8 — replaced by a certificate with the same key; other types — never.
 *
 * <p>Differences from OpenDHT, on purpose: the size bound applies to every value (OpenDHT skips it for signed
 * values and certificates, which the 64 KiB + 32 parse cap bounds anyway); an owner that is not a readable RSA key
 * is refused here, where OpenDHT already fails to parse the value; owners are compared by their DER bytes.
 *
 * <p>Stateless apart from its bound; thread-safe.
 */
public final class EditPolicy {
    private final int maxValueBytes;

    /** @param maxValueBytes largest accepted {@link Value#size()} (config {@code storage.max-value-bytes}) */
    public EditPolicy(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    /** The policy with OpenDHT's 64 KiB bound. */
    public static EditPolicy defaults() {
        return new EditPolicy(Value.MAX_VALUE_SIZE);
    }

    /**
     * May {@code v}, sent by {@code source}, be stored under {@code key} where no value has its id?
     *
     * @return {@link PolicyDecision.Accept} with the value to store (rewritten for type 2), or a refusal
     */
    public PolicyDecision store(InfoHash key, Value v, InetAddress source) {
        if (v.size() > maxValueBytes) {
            return refuse(Refusal.TOO_LARGE);
        }
        ValueType type = v.valueType();
        switch (type.rules()) {
            case SECURED, SECURED_DHT_MESSAGE -> {
                if (v.isSigned()) {
                    return v.signatureValid() ? accept(v) : refuse(badSignatureOrKey(v));
                }
                if (!ownerReadable(v)) {
                    return refuse(Refusal.BAD_OWNER_KEY);
                }
                if (type.rules() == ValueType.Rules.SECURED_DHT_MESSAGE
                        && TypeRules.isDhtMessageWithEmptyService(v.data())) {
                    return refuse(Refusal.EMPTY_SERVICE);
                }
                return accept(v);
            }
            case SERVICE_ANNOUNCEMENT -> {
                return announcement(v, source);
            }
            case CERTIFICATE -> {
                if (!ownerReadable(v)) {
                    return refuse(Refusal.BAD_OWNER_KEY);
                }
                byte[] spki = TypeRules.certificateKey(v.data());
                if (spki == null) {
                    return refuse(Refusal.BAD_CERTIFICATE);
                }
                byte[] k = key.toBytes();
                boolean atKeyId = Arrays.equals(Signatures.keyId(spki), k);
                boolean atLongId = Arrays.equals(Signatures.keyId(Signatures.longId(spki)), k);
                return atKeyId || atLongId ? accept(v) : refuse(Refusal.CERTIFICATE_KEY_MISMATCH);
            }
            default -> {
                return ownerReadable(v) ? accept(v) : refuse(Refusal.BAD_OWNER_KEY);
            }
        }
    }

    /**
     * May {@code incoming} replace {@code stored} (same id, different content) under {@code key}?
     *
     * @return {@link PolicyDecision.Accept} with the value to store, or a refusal
     */
    public PolicyDecision edit(InfoHash key, Value stored, Value incoming) {
        if (incoming.size() > maxValueBytes) {
            return refuse(Refusal.TOO_LARGE);
        }
        if (!ownerReadable(incoming)) {
            return refuse(Refusal.BAD_OWNER_KEY);
        }
        switch (stored.valueType().rules()) {
            case SECURED, SECURED_DHT_MESSAGE -> {
                if (!stored.isSigned()) {
                    return refuse(Refusal.UNSIGNED_EDIT);
                }
                if (!incoming.isSigned() || !Arrays.equals(Signatures.spkiDer(stored.owner()),
                        Signatures.spkiDer(incoming.owner()))) {
                    return refuse(Refusal.NOT_OWNER);
                }
                if (!incoming.signatureValid()) {
                    return refuse(Refusal.BAD_SIGNATURE);
                }
                if (incoming.seq() < stored.seq()
                        || (incoming.seq() == stored.seq() && !incoming.signedBodyEquals(stored))) {
                    return refuse(Refusal.SEQ_NOT_INCREASING);
                }
                return accept(incoming);
            }
            case CERTIFICATE -> {
                byte[] oldKey = TypeRules.certificateKey(stored.data());
                byte[] newKey = TypeRules.certificateKey(incoming.data());
                if (newKey == null) {
                    return refuse(Refusal.BAD_CERTIFICATE);
                }
                return oldKey != null && Arrays.equals(oldKey, newKey)
                        ? accept(incoming) : refuse(Refusal.CERTIFICATE_KEY_MISMATCH);
            }
            default -> {
                return refuse(Refusal.EDIT_FORBIDDEN);
            }
        }
    }

    private PolicyDecision announcement(Value v, InetAddress source) {
        int port = TypeRules.announcedPort(v.data());
        if (port == 0 || source == null) {
            return refuse(Refusal.BAD_SERVICE_ANNOUNCEMENT);
        }
        Value rewritten = ValuePacker.plain(v.id(), ValueType.SERVICE_ANNOUNCEMENT.id(),
                TypeRules.announcementData(source, port), null);
        return rewritten.size() > maxValueBytes ? refuse(Refusal.TOO_LARGE) : accept(rewritten);
    }

    /** A signed value that does not verify: because its key is unreadable, or because the signature is wrong. */
    private static Refusal badSignatureOrKey(Value v) {
        return Signatures.isReadableKey(v.owner()) ? Refusal.BAD_SIGNATURE : Refusal.BAD_OWNER_KEY;
    }

    private static boolean ownerReadable(Value v) {
        return !v.hasOwner() || Signatures.isReadableKey(v.owner());
    }

    private static PolicyDecision accept(Value v) {
        return new PolicyDecision.Accept(v);
    }

    private static PolicyDecision refuse(Refusal r) {
        return new PolicyDecision.Refuse(r);
    }
}
