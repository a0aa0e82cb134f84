package net.landht.net;

import java.net.InetSocketAddress;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * Write tokens handed out in find/get/listen replies and required by put, listen and refresh:
 * SHA-256(secret ‖ requester IP ‖ requester port), 32 bytes. The secret is replaced every 15–45 minutes (uniformly
 * random) and the previous one stays valid, so a token lives 15–90 minutes. Rotation happens lazily when a token is
 * made or checked: no timer. OpenDHT: src/dht.cpp {@code makeToken}, {@code tokenMatch}, {@code rotateSecrets};
 * fact sheet §7.
 *
 * <p>Not thread-safe: used on the event loop only.
 */
public final class WriteTokens {
    /** Token length in bytes. */
    public static final int LENGTH = 32;
    private static final Duration MIN_ROTATION = Duration.ofMinutes(15);
    private static final Duration MAX_ROTATION = Duration.ofMinutes(45);

    private final InstantSource clock;
    private final RandomGenerator random;
    private final MessageDigest sha256;
    /** Where {@link #check} computes the expected tokens: no allocation per checked request. */
    private final byte[] scratch = new byte[LENGTH];
    private long secret;
    private long previousSecret;
    private Instant nextRotation;

    public WriteTokens(InstantSource clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
        this.secret = random.nextLong();
        this.previousSecret = random.nextLong();
        scheduleRotation(clock.instant());
    }

    /** The current token for a requester at {@code address}. */
    public byte[] make(InetSocketAddress address) {
        rotateIfDue();
        return compute(secret, address);
    }

    /** True when {@code token} is the current or the previous token for {@code address}. */
    public boolean check(byte[] token, InetSocketAddress address) {
        if (token == null || token.length != LENGTH) {
            return false;
        }
        rotateIfDue();
        compute(secret, address, scratch);
        if (MessageDigest.isEqual(token, scratch)) {
            return true;
        }
        compute(previousSecret, address, scratch);
        return MessageDigest.isEqual(token, scratch);
    }

    private void rotateIfDue() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRotation)) {
            previousSecret = secret;
            secret = random.nextLong();
            scheduleRotation(now);
        }
    }

    private void scheduleRotation(Instant now) {
        long span = MAX_ROTATION.toMillis() - MIN_ROTATION.toMillis();
        nextRotation = now.plusMillis(MIN_ROTATION.toMillis() + random.nextLong(span + 1));
    }

    private byte[] compute(long s, InetSocketAddress address) {
        byte[] token = new byte[LENGTH];
        compute(s, address, token);
        return token;
    }

    /** Writes the token for secret {@code s} into {@code out} (its first {@link #LENGTH} bytes). */
    private void compute(long s, InetSocketAddress address, byte[] out) {
        sha256.reset();
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha256.update((byte) (s >>> shift));
        }
        sha256.update(address.getAddress().getAddress());
        int port = address.getPort();
        sha256.update((byte) (port >>> 8));
        sha256.update((byte) port);
        try {
            sha256.digest(out, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest is 32 bytes", e);
        }
    }
}
