package net.landht.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import net.landht.net.BoundedLruMap;

/**
 * The addresses (IP and port) that answered one of our requests recently: the only sources landht sends more than
 * {@link #MAX_AMPLIFICATION} times a request's bytes to. A source that only sends us requests (ping, find, get…) may
 * be someone else's spoofed address, so it is not verified until a reply or an error to one of <em>our</em> requests
 * comes from it (matched by transaction id in {@link DhtNode#request}). Verification lasts {@link #VERIFIED_FOR}
 * after the last such answer; a verified source that keeps talking to us is pinged again after
 * {@link #REVERIFY_AFTER}, so an active peer never lapses. Both tables are LRU-bounded and count their evictions.
 *
 * <p>OpenDHT has no such rule (it answers anyone in full, fact sheet §21); its "good node" rule (a reply to one of
 * our requests within 120 min, include/opendht/node.h {@code NODE_GOOD_TIME}) is the model, with a shorter time.
 *
 * <p>Event loop only, except the counters, which any thread may read.
 */
public final class VerifiedSources {
    /** Every datagram a request from an unverified source makes us send, together, is at most this × its bytes. */
    public static final int MAX_AMPLIFICATION = 5;
    /** How long an answer to one of our requests keeps its address verified. landht's choice. */
    static final Duration VERIFIED_FOR = Duration.ofMinutes(30);
    /** A verified source that sends us a request this long after its last answer is pinged again. */
    static final Duration REVERIFY_AFTER = Duration.ofMinutes(10);
    /**
     * Shortest time between two verification pings to one address. Shorter than OpenDHT's first retransmission
     * (1.0–1.25 s, fact sheet §12), so a retransmitted request can trigger a new ping if the first one was lost.
     */
    static final Duration PING_INTERVAL = Duration.ofMillis(500);
    /** Verified addresses remembered (LRU; evictions counted). */
    static final int MAX_VERIFIED = 16_384;
    /** Addresses whose last verification ping is remembered (LRU; evictions counted). */
    static final int MAX_PINGED = 4_096;

    /** What was not sent, or sent smaller, to a source that never answered us. */
    public enum Withheld {
        /** A get reply carrying values (or a {@code fileds} selection) too large for the request: not answered. */
        VALUE_REPLY,
        /** A listen: not registered and not answered until the source is verified (its retransmission is). */
        LISTEN,
        /** An {@code update} (or legacy push) to a listener whose address lapsed: not sent. */
        UPDATE,
        /** Any other reply that could not be made small enough (never expected: kept for completeness). */
        OTHER
    }

    private final BoundedLruMap<InetSocketAddress, Instant> answeredAt;
    private final BoundedLruMap<InetSocketAddress, Instant> pingedAt;
    private final Map<Withheld, LongAdder> withheld = new EnumMap<>(Withheld.class);
    private final LongAdder trimmed = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private volatile int size;

    public VerifiedSources() {
        this(MAX_VERIFIED, MAX_PINGED);
    }

    /** Tables of the given bounds (tests use small ones). */
    VerifiedSources(int maxVerified, int maxPinged) {
        this.answeredAt = new BoundedLruMap<>(maxVerified);
        this.pingedAt = new BoundedLruMap<>(maxPinged);
        for (Withheld w : Withheld.values()) {
            withheld.put(w, new LongAdder());
        }
    }

    /** {@code from} answered one of our requests at {@code now}: verified for {@link #VERIFIED_FOR}. */
    void onAnswer(InetSocketAddress from, Instant now) {
        answeredAt.put(from, now);
        pingedAt.remove(from);
        size = answeredAt.size();
    }

    /** True when {@code from} answered one of our requests within {@link #VERIFIED_FOR}. */
    boolean isVerified(InetSocketAddress from, Instant now) {
        Instant at = answeredAt.get(from);
        if (at == null) {
            return false;
        }
        if (!at.plus(VERIFIED_FOR).isAfter(now)) {
            answeredAt.remove(from);
            size = answeredAt.size();
            return false;
        }
        return true;
    }

    /**
     * Whether to ping {@code from} now, given a request from it: when it is not verified, or verified for longer than
     * {@link #REVERIFY_AFTER}, and was not pinged within {@link #PING_INTERVAL}.
     */
    boolean wantsPing(InetSocketAddress from, Instant now) {
        Instant answered = answeredAt.get(from);
        if (answered != null && answered.plus(REVERIFY_AFTER).isAfter(now)) {
            return false;
        }
        Instant last = pingedAt.get(from);
        return last == null || !last.plus(PING_INTERVAL).isAfter(now);
    }

    /** A verification ping went to {@code from} at {@code now}: remembered and counted. */
    void pinged(InetSocketAddress from, Instant now) {
        pingedAt.put(from, now);
        pings.increment();
    }

    void countWithheld(Withheld what) {
        withheld.get(what).increment();
    }

    void trimmed() {
        trimmed.increment();
    }

    /** Verified addresses now (bounded by {@link #MAX_VERIFIED}); readable from any thread. */
    public int size() {
        return size;
    }

    /** Verified addresses forgotten because the table was full. */
    public long evictions() {
        return answeredAt.evictions();
    }

    /** Pings sent to verify (or re-verify) a source. */
    public long pingsSent() {
        return pings.sum();
    }

    /** Requests from unverified sources left unanswered (or pushes not sent), by what was withheld. */
    public long withheld(Withheld what) {
        return withheld.get(what).sum();
    }

    /** Replies to unverified sources sent with fewer nodes to stay within {@link #MAX_AMPLIFICATION}. */
    public long trimmedReplies() {
        return trimmed.sum();
    }
}
