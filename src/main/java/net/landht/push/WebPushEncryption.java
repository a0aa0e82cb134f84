package net.landht.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Web Push message encryption, RFC 8291 with the {@code aes128gcm} content coding of RFC 8188, as OpenDHT 3.6.1+
 * uses it for UnifiedPush endpoints whose topic is {@code "<p256dh>|<auth>"} (src/dht_proxy_server.cpp
 * {@code sendPushNotification}; fact sheet {@code dht-proxy.md} §14). Output = header (salt 16 bytes, record size
 * 4 bytes big-endian, key id length 1 byte = 65, key id = the sender's uncompressed P-256 public key) followed by
 * one record: AES-128-GCM of the plaintext plus the 0x02 last-record delimiter (no padding). The record size is
 * {@code max(4096, ciphertext length)}, as upstream writes it. Every message gets a fresh salt and a fresh sender key
 * pair. Thread-safe (the random source is).
 */
public final class WebPushEncryption {
    /** The length of a receiver's or sender's uncompressed P-256 public key (RFC 8291 §3.1). */
    public static final int PUBLIC_KEY_BYTES = 65;
    /** The length of the receiver's authentication secret (RFC 8291 §3.2). */
    public static final int AUTH_BYTES = 16;
    private static final int SALT_BYTES = 16;
    private static final int TAG_BYTES = 16;
    private static final int MIN_RECORD_SIZE = 4096;
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(),
            P256.getN(), P256.getH());

    /** The receiver's keys: the {@code p256dh} public key (65 bytes, uncompressed) and the 16-byte auth secret. */
    public record ReceiverKeys(byte[] p256dh, byte[] auth) {
        public ReceiverKeys {
            if (p256dh.length != PUBLIC_KEY_BYTES || p256dh[0] != 4) {
                throw new IllegalArgumentException("p256dh is not a 65-byte uncompressed P-256 point");
            }
            if (auth.length != AUTH_BYTES) {
                throw new IllegalArgumentException("auth is not 16 bytes");
            }
            P256.getCurve().decodePoint(p256dh);  // throws IllegalArgumentException when not on the curve
        }

        /**
         * Reads a UnifiedPush topic {@code "<p256dh>|<auth>"}, each part in standard base64 or base64url, padded
         * or not (OpenDHT 3.6.1–4.0 accept the first, 4.1+ both).
         *
         * @return the keys, or null when {@code topic} has no {@code |} (a plain, unencrypted push)
         * @throws IllegalArgumentException when it has one but the parts are not valid keys
         */
        public static ReceiverKeys fromTopic(String topic) {
            int bar = topic.indexOf('|');
            if (bar < 0) {
                return null;
            }
            return new ReceiverKeys(decode(topic.substring(0, bar)), decode(topic.substring(bar + 1)));
        }

        private static byte[] decode(String s) {
            String url = s.strip().replace('+', '-').replace('/', '_');
            while (url.endsWith("=")) {
                url = url.substring(0, url.length() - 1);
            }
            return Base64.getUrlDecoder().decode(url);
        }
    }

    private final SecureRandom random;

    public WebPushEncryption(SecureRandom random) {
        this.random = random;
    }

    /** Encrypts {@code plaintext} for {@code to} with a fresh salt and sender key pair. */
    public byte[] encrypt(byte[] plaintext, ReceiverKeys to) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(DOMAIN, random));
        ECPrivateKeyParameters sender = (ECPrivateKeyParameters) gen.generateKeyPair().getPrivate();
        return encrypt(plaintext, to, salt, sender.getD().toByteArray());
    }

    /**
     * Encrypts with a given salt (16 bytes) and sender private key (a big-endian scalar): for tests against the
     * RFC 8291 Appendix A vector only; a real message must never reuse either.
     */
    static byte[] encrypt(byte[] plaintext, ReceiverKeys to, byte[] salt, byte[] senderPrivate) {
        ECPrivateKeyParameters priv = new ECPrivateKeyParameters(new BigInteger(1, senderPrivate), DOMAIN);
        byte[] senderPublic = DOMAIN.getG().multiply(priv.getD()).normalize().getEncoded(false);
        ECPoint receiver = P256.getCurve().decodePoint(to.p256dh());
        ECDHBasicAgreement ecdh = new ECDHBasicAgreement();
        ecdh.init(priv);
        byte[] shared = fixed32(ecdh.calculateAgreement(new ECPublicKeyParameters(receiver, DOMAIN)));
        // RFC 8291 §3.3-3.4: IKM from the auth secret and the ECDH secret, then RFC 8188 §2.2 keys from the salt
        byte[] prkKey = hmac(to.auth(), shared);
        byte[] ikm = hmac(prkKey, concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), to.p256dh(),
                senderPublic, new byte[] {1}));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat(ascii("Content-Encoding: aes128gcm\0"), new byte[] {1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat(ascii("Content-Encoding: nonce\0"), new byte[] {1})), 12);
        byte[] record = seal(cek, nonce, concat(plaintext, new byte[] {2}));
        int rs = Math.max(MIN_RECORD_SIZE, record.length);
        return ByteBuffer.allocate(SALT_BYTES + 5 + PUBLIC_KEY_BYTES + record.length).put(salt).putInt(rs)
                .put((byte) PUBLIC_KEY_BYTES).put(senderPublic).put(record).array();
    }

    private static byte[] seal(byte[] key, byte[] nonce, byte[] data) {
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce));
        byte[] out = new byte[gcm.getOutputSize(data.length)];
        int n = gcm.processBytes(data, 0, data.length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);  // cannot happen when encrypting
        }
        return out;
    }

    private static byte[] fixed32(BigInteger x) {
        byte[] b = x.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
