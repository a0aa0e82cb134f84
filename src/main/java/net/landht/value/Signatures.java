package net.landht.value;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/**
 * Owner keys and value signatures, with the Bouncy Castle lightweight API (no JCE provider is registered).
 *
 * <p>A signature is RSA PKCS#1 v1.5 with SHA-512 over the packed {@code body} map; the owner key is a DER
 * SubjectPublicKeyInfo, and PEM ({@code -----BEGIN PUBLIC KEY-----}) is accepted too because OpenDHT tries PEM
 * first. Key id = SHA-1 of the DER SPKI, long id = SHA-256. OpenDHT: src/crypto.cpp {@code PublicKey::unpack},
 * {@code checkSignature}, {@code getId}, {@code getLongId}. Bad input of any kind gives false or null, never an
 * exception. Stateless and thread-safe.
 */
public final class Signatures {
    /**
     * Largest RSA modulus accepted, in bits: a bound on the work one hostile key can cause (a verification costs
     * ≈ 1.5 ms at 8192 bits, ≈ 10 ms at 16384). Jami and OpenDHT make 4096-bit keys.
     */
    public static final int MAX_MODULUS_BITS = 8_192;
    /** Largest RSA public exponent accepted, in bits (real keys use 65537): a bound on verification work. */
    public static final int MAX_EXPONENT_BITS = 64;

    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private Signatures() {
    }

    /**
     * Whether {@code signature} is a valid signature of {@code buf[off, off+len)} by {@code owner}. False for an
     * unreadable or non-RSA key, an oversized key, or a wrong signature.
     */
    public static boolean verify(byte[] owner, byte[] buf, int off, int len, byte[] signature) {
        if (signature == null || signature.length == 0 || buf == null) {
            return false;
        }
        RSAKeyParameters key = rsaKey(owner);
        if (key == null) {
            return false;
        }
        try {
            RSADigestSigner verifier = new RSADigestSigner(new SHA512Digest());
            verifier.init(false, key);
            verifier.update(buf, off, len);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            // Bouncy Castle reports malformed signature blocks with runtime exceptions: that is simply "invalid".
            return false;
        }
    }

    /** Whether {@code signature} signs all of {@code data} by {@code owner}. */
    public static boolean verify(byte[] owner, byte[] data, byte[] signature) {
        return data != null && verify(owner, data, 0, data.length, signature);
    }

    /** True when {@code owner} is a readable RSA public key (DER SPKI or PEM) within the size bounds. */
    public static boolean isReadableKey(byte[] owner) {
        return rsaKey(owner) != null;
    }

    /**
     * The DER SubjectPublicKeyInfo of an owner key as received: the PEM body decoded when it is PEM, else the bytes
     * themselves (a copy). Null for null input or undecodable PEM. Does not check that the key is valid.
     */
    public static byte[] spkiDer(byte[] owner) {
        if (owner == null) {
            return null;
        }
        String text = new String(owner, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf(PEM_BEGIN);
        if (begin < 0) {
            return owner.clone();
        }
        int from = begin + PEM_BEGIN.length();
        int end = text.indexOf(PEM_END, from);
        if (end < 0) {
            return null;
        }
        try {
            return java.util.Base64.getMimeDecoder().decode(text.substring(from, end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Key id: SHA-1 of the DER SPKI (20 bytes). */
    public static byte[] keyId(byte[] spkiDer) {
        return digest("SHA-1", spkiDer);
    }

    /** Long key id: SHA-256 of the DER SPKI (32 bytes). OpenDHT: {@code PublicKey::getLongId}. */
    public static byte[] longId(byte[] spkiDer) {
        return digest("SHA-256", spkiDer);
    }

    /**
     * The RSA key of an owner (DER SPKI or PEM), or null when unreadable, not RSA, or too large.
     *
     * <p>Built directly from the SPKI's modulus and exponent, without Bouncy Castle's key validation
     * ({@code PublicKeyFactory} runs a Miller-Rabin test on every modulus it has not seen: one full-size modular
     * exponentiation, 150 ms for a fresh 4096-bit modulus and 2-3 s for a 16384-bit one, so one hostile put per
     * second would stall the event loop). A weak key only hurts its owner: verifying with it is as cheap as with a
     * good one, and GnuTLS (OpenDHT) does not test moduli either.
     */
    static RSAKeyParameters rsaKey(byte[] owner) {
        byte[] der = spkiDer(owner);
        if (der == null || der.length == 0) {
            return null;
        }
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!PKCSObjectIdentifiers.rsaEncryption.equals(spki.getAlgorithm().getAlgorithm())) {
                return null;
            }
            RSAPublicKey key = RSAPublicKey.getInstance(spki.parsePublicKey());
            java.math.BigInteger n = key.getModulus();
            java.math.BigInteger e = key.getPublicExponent();
            if (n.signum() <= 0 || e.signum() <= 0 || !n.testBit(0) || n.bitLength() > MAX_MODULUS_BITS
                    || e.bitLength() > MAX_EXPONENT_BITS) {
                return null;
            }
            return new RSAKeyParameters(false, n, e, true); // true: skip the costly validation, see above
        } catch (IOException | RuntimeException e) {
            // Malformed ASN.1 surfaces as IOException or IllegalArgumentException/ClassCastException: not a key.
            return null;
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a mandatory JDK algorithm", e);
        }
    }
}
