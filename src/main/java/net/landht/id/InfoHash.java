package net.landht.id;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 160-bit OpenDHT identifier: node id, key (InfoHash) or search target.
 *
 * <p>Distance is XOR, compared byte by byte from the first byte
 * (OpenDHT: include/opendht/infohash.h, {@code xorCmp}). Instances are immutable; the backing array is
 * copied in and never handed out.
 */
public final class InfoHash implements Comparable<InfoHash> {
    /** Length of an id in bytes. OpenDHT: include/opendht/infohash.h, HASH_LEN. */
    public static final int LENGTH = 20;
    /** Number of bits in an id. */
    public static final int BITS = LENGTH * 8;
    /** The all-zero id, which OpenDHT treats as "no id". */
    public static final InfoHash ZERO = new InfoHash(new byte[LENGTH]);

    private final byte[] bytes;
    private final int hash;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Wraps a copy of exactly 20 bytes.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 20 bytes long
     */
    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an InfoHash is 20 bytes, got " + bytes.length);
        }
        return new InfoHash(bytes.clone());
    }

    /** Reads 20 bytes at {@code offset} of {@code buf}; the caller checks the bounds. */
    public static InfoHash of(byte[] buf, int offset) {
        return new InfoHash(Arrays.copyOfRange(buf, offset, offset + LENGTH));
    }

    /**
     * Parses 40 hex digits.
     *
     * @throws IllegalArgumentException if {@code hex} is not 40 hex digits
     */
    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an InfoHash is 40 hex digits, got " + hex.length() + " characters");
        }
        return new InfoHash(HexFormat.of().parseHex(hex));
    }

    /** SHA-1 of the UTF-8 bytes of {@code text}: what dhtnode does with a key that is not 40 hex digits. */
    public static InfoHash sha1Of(byte[] data) {
        try {
            return new InfoHash(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a mandatory JDK algorithm", e);
        }
    }

    /** A uniformly random id drawn from {@code random}. */
    public static InfoHash random(RandomGenerator random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new InfoHash(b);
    }

    /**
     * A random id that shares the first {@code prefixBits} bits with {@code prefix}: used to pick a search target inside
     * a bucket's range.
     */
    public static InfoHash randomWithPrefix(InfoHash prefix, int prefixBits, RandomGenerator random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        int full = prefixBits / 8;
        System.arraycopy(prefix.bytes, 0, b, 0, Math.min(full, LENGTH));
        int rem = prefixBits % 8;
        if (rem != 0 && full < LENGTH) {
            int mask = 0xFF << (8 - rem);
            b[full] = (byte) ((prefix.bytes[full] & mask) | (b[full] & ~mask));
        }
        return new InfoHash(b);
    }

    /** A copy of the 20 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Copies the 20 bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /** The byte at {@code index} (0..19), unsigned. */
    public int byteAt(int index) {
        return bytes[index] & 0xFF;
    }

    /** Bit {@code index} (0 = most significant bit of the first byte). */
    public boolean bit(int index) {
        return ((bytes[index >>> 3] >>> (7 - (index & 7))) & 1) != 0;
    }

    /** True for the all-zero id. */
    public boolean isZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Number of leading bits that this id shares with {@code other} (160 when equal). */
    public int commonPrefixBits(InfoHash other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xFF;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /**
     * Compares the XOR distances of {@code a} and {@code b} to this id: negative when {@code a} is closer, zero when
     * equal, positive when {@code b} is closer.
     */
    public int xorCompare(InfoHash a, InfoHash b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xFF;
            int db = (b.bytes[i] ^ bytes[i]) & 0xFF;
            if (da != db) {
                return da - db;
            }
        }
        return 0;
    }

    /** Unsigned lexicographic order, the order of bucket ranges. */
    @Override
    public int compareTo(InfoHash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof InfoHash h && hash == h.hash && Arrays.equals(bytes, h.bytes));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** 40 lower-case hex digits. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
