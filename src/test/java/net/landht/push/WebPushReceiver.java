package net.landht.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Tests only: the phone's side of RFC 8291 / RFC 8188 {@code aes128gcm}, written from the RFCs with Bouncy Castle's
 * HKDF (not the sender's HMAC steps), to read what landht sent. One receiver = one P-256 key pair and auth secret.
 */
public final class WebPushReceiver {
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(),
            P256.getN(), P256.getH());

    private final BigInteger privateKey;
    private final byte[] publicKey;
    private final byte[] auth;

    public WebPushReceiver(byte[] privateKey, byte[] auth) {
        this.privateKey = new BigInteger(1, privateKey);
        this.publicKey = DOMAIN.getG().multiply(this.privateKey).normalize().getEncoded(false);
        this.auth = auth.clone();
    }

    /** A fresh receiver. */
    public static WebPushReceiver random() {
        SecureRandom r = new SecureRandom();
        byte[] d = new byte[32];
        r.nextBytes(d);
        d[0] &= 0x7f;
        byte[] auth = new byte[16];
        r.nextBytes(auth);
        return new WebPushReceiver(d, auth);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] auth() {
        return auth.clone();
    }

    /** The header fields of a message. */
    public record Header(byte[] salt, int recordSize, byte[] keyId) {
    }

    public static Header header(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message);
        byte[] salt = new byte[16];
        b.get(salt);
        int rs = b.getInt();
        byte[] keyId = new byte[b.get() & 0xff];
        b.get(keyId);
        return new Header(salt, rs, keyId);
    }

    /** Decrypts a one-record message; throws when it does not authenticate or lacks the last-record delimiter. */
    public byte[] decrypt(byte[] message) {
        Header h = header(message);
        int start = 16 + 4 + 1 + h.keyId().length;
        ECPrivateKeyParameters priv = new ECPrivateKeyParameters(privateKey, DOMAIN);
        ECDHBasicAgreement ecdh = new ECDHBasicAgreement();
        ecdh.init(priv);
        BigInteger z = ecdh.calculateAgreement(new ECPublicKeyParameters(P256.getCurve().decodePoint(h.keyId()),
                DOMAIN));
        byte[] shared = new byte[32];
        byte[] zb = z.toByteArray();
        int n = Math.min(32, zb.length);
        System.arraycopy(zb, zb.length - n, shared, 32 - n, n);
        byte[] info = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                .put(publicKey).put(h.keyId()).array();
        byte[] ikm = hkdf(shared, auth, info, 32);
        byte[] cek = hkdf(ikm, h.salt(), "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(ikm, h.salt(), "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(cek), 128, nonce));
        byte[] out = new byte[gcm.getOutputSize(message.length - start)];
        int len = gcm.processBytes(message, start, message.length - start, out, 0);
        try {
            len += gcm.doFinal(out, len);
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("the message does not authenticate", e);
        }
        int end = len - 1;
        while (end >= 0 && out[end] == 0) {
            end--;
        }
        if (end < 0 || out[end] != 2) {
            throw new IllegalArgumentException("no last-record delimiter");
        }
        return Arrays.copyOf(out, end);
    }

    private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }
}
