package net.landht.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A hostile put can carry a fresh owner key every time: reading and verifying with a key never seen before must cost
 * no more than a plain RSA verification (Bouncy Castle's own key validation runs a Miller-Rabin test per new
 * modulus, 150 ms at 4096 bits and seconds at 16384, which let one datagram per second stall the node).
 */
class SignaturesCostTest {
    private static final BigInteger SMALL_PRIMES;

    static {
        BigInteger p = BigInteger.ONE;
        for (int q = 3; q < 1000; q += 2) {
            if (BigInteger.valueOf(q).isProbablePrime(30)) {
                p = p.multiply(BigInteger.valueOf(q));
            }
        }
        SMALL_PRIMES = p;
    }

    /** An SPKI whose modulus has no small factor (what passes the cheap checks and reaches the costly one). */
    private static byte[] freshKey(int bits, Random r) throws Exception {
        BigInteger n;
        do {
            n = new BigInteger(bits, r).setBit(bits - 1).setBit(0);
        } while (!n.gcd(SMALL_PRIMES).equals(BigInteger.ONE));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)))
                .getEncoded();
    }

    @Test
    void freshLargeKeysAreCheapToReadAndToVerifyWith() throws Exception {
        Random r = new Random(5);
        byte[][] keys = new byte[10][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = freshKey(Signatures.MAX_MODULUS_BITS, r);
        }
        Signatures.verify(freshKey(4096, r), new byte[10], new byte[512]); // warm up
        long start = System.nanoTime();
        for (byte[] k : keys) {
            assertThat(Signatures.isReadableKey(k)).isTrue();
            assertThat(Signatures.verify(k, new byte[100], new byte[Signatures.MAX_MODULUS_BITS / 8])).isFalse();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("10 fresh %d-bit keys read and used", Signatures.MAX_MODULUS_BITS).isLessThan(1500);
    }

    @Test
    void keysOverTheBoundsAreRefused() throws Exception {
        Random r = new Random(6);
        assertThat(Signatures.isReadableKey(freshKey(Signatures.MAX_MODULUS_BITS + 8, r))).isFalse();
        BigInteger n = new BigInteger(2048, r).setBit(2047).setBit(0);
        byte[] hugeExponent = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n,
                BigInteger.ONE.shiftLeft(Signatures.MAX_EXPONENT_BITS).add(BigInteger.ONE))).getEncoded();
        assertThat(Signatures.isReadableKey(hugeExponent)).isFalse();
        byte[] evenModulus = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n.clearBit(0),
                BigInteger.valueOf(65537))).getEncoded();
        assertThat(Signatures.isReadableKey(evenModulus)).isFalse();
    }
}
