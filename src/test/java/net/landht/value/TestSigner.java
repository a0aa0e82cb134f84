package net.landht.value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

import net.landht.id.InfoHash;

/** Makes signed values for tests: an RSA identity (Bouncy Castle) that signs value bodies as OpenDHT does. */
public final class TestSigner {
    /** Two shared 2048-bit identities, generated once per test JVM. */
    public static final TestSigner ALICE = generate(2048);
    public static final TestSigner BOB = generate(2048);

    private final AsymmetricCipherKeyPair pair;
    private final byte[] spki;

    private TestSigner(AsymmetricCipherKeyPair pair) {
        this.pair = pair;
        try {
            this.spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new identity with a {@code bits}-bit RSA key. */
    public static TestSigner generate(int bits) {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), bits, 80));
        return new TestSigner(g.generateKeyPair());
    }

    /** The public key, DER SubjectPublicKeyInfo (a copy). */
    public byte[] spki() {
        return spki.clone();
    }

    /** The key id: SHA-1 of the SPKI. */
    public InfoHash keyId() {
        return InfoHash.sha1Of(spki);
    }

    /** RSA PKCS#1 v1.5 / SHA-512 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        RSADigestSigner s = new RSADigestSigner(new SHA512Digest());
        s.init(true, pair.getPrivate());
        s.update(data, 0, data.length);
        try {
            return s.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed value of {@code type} with {@code data}. */
    public Value value(long id, int seq, int type, byte[] data) {
        return value(id, seq, type, data, null, null);
    }

    /** A signed value with every body field. */
    public Value value(long id, int seq, int type, byte[] data, byte[] recipient, String userType) {
        byte[] body = ValuePacker.signedBody(seq, spki, recipient, type, data, userType);
        return ValuePacker.signed(id, body, sign(body));
    }

    /** A value claiming this owner but carrying someone else's signature bytes. */
    public Value forged(long id, int seq, int type, byte[] data, TestSigner actualSigner) {
        byte[] body = ValuePacker.signedBody(seq, spki, null, type, data, null);
        return ValuePacker.signed(id, body, actualSigner.sign(body));
    }
}
