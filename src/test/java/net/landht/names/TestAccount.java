package net.landht.names;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tests only: a Jami-like account made with the JDK's own RSA (not Bouncy Castle, which the code under test uses),
 * writing registration bodies as jamid 13.7 does: {@code publickey} = base64 of the PEM key with a trailing NUL,
 * {@code signature} = base64 of SHA512withRSA over the lower-case name, {@code addr} = SHA-1 of the DER key.
 */
public final class TestAccount {
    final KeyPair keys;
    public final String id;
    public final String publicKey;

    private TestAccount(KeyPair keys) {
        this.keys = keys;
        byte[] der = keys.getPublic().getEncoded();
        this.id = HexFormat.of().formatHex(sha1(der));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n\0";
        this.publicKey = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** A fresh account with a 2048-bit key (Jami uses 4096; 2048 keeps tests quick and is what the harness used). */
    public static TestAccount create() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            return new TestAccount(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** base64 of this account's signature over {@code text}'s ASCII bytes. */
    public String sign(String text) {
        try {
            Signature s = Signature.getInstance("SHA512withRSA");
            s.initSign(keys.getPrivate());
            s.update(text.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body jamid 13.7 posts to register {@code name} (already lower case), field order and all. */
    public byte[] body(String name) {
        return body(id, sign(name), publicKey);
    }

    /** A body with the given fields and a fixed owner, in jamid's field order. */
    public static byte[] body(String addr, String signature, String publicKey) {
        return ("{\"addr\":\"" + addr + "\",\"owner\":\"9b52ed53513224ef39c6c70b7d86a7b8a617abe5\",\"signature\":\""
                + signature + "\",\"publickey\":\"" + publicKey + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
