package net.landht.proxy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The owner key of a value as the proxy's JSON carries it: PEM text of the DER SubjectPublicKeyInfo, exactly as
 * OpenDHT 2.4 writes it (GnuTLS {@code gnutls_pubkey_export} PEM: {@code -----BEGIN PUBLIC KEY-----}, base64 in
 * 64-character lines, {@code -----END PUBLIC KEY-----}, newline, and a NUL that 2.4's {@code PublicKey::toString}
 * keeps; src/crypto.cpp, capture {@code proxy-vectors/client/signed-05-put-signed.txt}). The DER bytes decoded from
 * PEM are the ones the owner signed over, so they go into the value body unchanged. Stateless.
 */
final class OwnerPem {
    private static final String TYPE = "PUBLIC KEY";
    /** Longest PEM text read (an RSA-8192 key is about 1.5 KiB of PEM). */
    static final int MAX_PEM_CHARS = 8192;

    private OwnerPem() {
    }

    /**
     * The DER bytes of a {@code PUBLIC KEY} PEM block (trailing NULs and whitespace allowed).
     *
     * @throws IllegalArgumentException when it is not one readable PEM public key block
     */
    static byte[] toDer(String pem) {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("owner PEM longer than " + MAX_PEM_CHARS + " characters");
        }
        String text = pem.replace("\u0000", "");
        PemObject obj;
        try (PemReader reader = new PemReader(new StringReader(text))) {
            obj = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("owner is not PEM: " + e.getMessage());
        }
        if (obj == null || !TYPE.equals(obj.getType()) || obj.getContent().length == 0) {
            throw new IllegalArgumentException("owner is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        return obj.getContent();
    }

    /** The PEM text of {@code der} as OpenDHT 2.4 writes it, NUL included. */
    static String fromDer(byte[] der) {
        String b64 = new String(Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der), StandardCharsets.US_ASCII);
        return "-----BEGIN " + TYPE + "-----\n" + b64 + "\n-----END " + TYPE + "-----\n\u0000";
    }
}
