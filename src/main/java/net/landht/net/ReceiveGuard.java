package net.landht.net;

import java.net.InetAddress;
import java.util.List;

/**
 * Who is served, checked on the receive path around decoding: the allow-list ({@code limits.allow}: when not empty,
 * only sources in it), sources ignored after a run of invalid datagrams ({@link InvalidSources}), and the request
 * rate limits ({@code limits.global-requests-per-second}, {@code limits.per-source-requests-per-second}), and a
 * tighter per-source limit on puts, the costliest request ({@link #PUT_SHARE}); sources in {@code limits.exempt} skip
 * all but the allow-list. Knows addresses, not DHT messages: the caller says what is a request or a put.
 *
 * <p>Not thread-safe: event loop only; counters may be read from any thread.
 */
public final class ReceiveGuard {
    /** Per-source rate-limit buckets kept at most (≈ 100 bytes each). */
    public static final int MAX_RATE_SOURCES = 16_384;
    /**
     * Puts a source may make per second are this fraction of its request limit (1/16: 64/s by default), after a
     * burst of four seconds' worth (256). A put parses a value, may verify an RSA signature (up to ~1.5 ms) and
     * notifies listeners; a phone announces a handful of values. landht's bound, OpenDHT has none.
     */
    public static final int PUT_SHARE = 16;
    /** Sources whose put bucket is remembered. */
    public static final int MAX_PUT_SOURCES = 4096;

    /** What to do with a datagram. */
    public enum Verdict {
        /** Serve it. */
        PASS,
        /** Not in the allow-list. */
        NOT_ALLOWED,
        /** The source is ignored after too many invalid datagrams. */
        IGNORED,
        /** The source is over its request rate. */
        SOURCE_RATE_LIMITED,
        /** The node is over its global request rate. */
        GLOBAL_RATE_LIMITED
    }

    private final List<Cidr> allow;
    private final List<Cidr> exempt;
    private final RateLimiter requests;
    private final RateLimiter puts;
    private final InvalidSources invalid;

    /**
     * @param allow                       when not empty, only these sources are served
     * @param exempt                      sources never rate limited nor ignored
     * @param globalRequestsPerSecond     0 = unlimited
     * @param perSourceRequestsPerSecond  0 = unlimited
     * @param nowNanos                    the current time of the clock later passed in
     */
    public ReceiveGuard(List<Cidr> allow, List<Cidr> exempt, int globalRequestsPerSecond,
                        int perSourceRequestsPerSecond, long nowNanos) {
        this.allow = List.copyOf(allow);
        this.exempt = List.copyOf(exempt);
        this.requests = new RateLimiter(globalRequestsPerSecond, globalRequestsPerSecond, perSourceRequestsPerSecond,
                perSourceRequestsPerSecond, MAX_RATE_SOURCES, nowNanos);
        int putsPerSecond = perSourceRequestsPerSecond == 0 ? 0 : Math.max(1, perSourceRequestsPerSecond / PUT_SHARE);
        this.puts = new RateLimiter(0, 0, 4L * putsPerSecond, putsPerSecond, MAX_PUT_SOURCES, nowNanos);
        this.invalid = new InvalidSources();
    }

    /** No filter, no limit: for tests and tools. */
    public static ReceiveGuard open() {
        return new ReceiveGuard(List.of(), List.of(), 0, 0, 0);
    }

    /** Before decoding: is {@code source} served at all? */
    public Verdict admitSource(InetAddress source, long nowNanos) {
        if (!allow.isEmpty() && !Cidr.anyContains(allow, source)) {
            return Verdict.NOT_ALLOWED;
        }
        if (invalid.size() > 0 && invalid.isIgnored(source, nowNanos)) {
            return Verdict.IGNORED;
        }
        return Verdict.PASS;
    }

    /**
     * A datagram from {@code source} did not decode.
     *
     * @return true when the source is now ignored (the caller logs it once)
     */
    public boolean onInvalid(InetAddress source, long nowNanos) {
        return !isExempt(source) && invalid.onInvalid(source, nowNanos);
    }

    /** A request (or a value part that starts a new message) from {@code source}: within the rate limits? */
    public Verdict admitRequest(InetAddress source, long nowNanos) {
        if (requests.isUnlimited() || isExempt(source)) {
            return Verdict.PASS;
        }
        return switch (requests.acquire(source, 1, nowNanos)) {
            case ALLOWED -> Verdict.PASS;
            case SOURCE_LIMITED -> Verdict.SOURCE_RATE_LIMITED;
            case GLOBAL_LIMITED -> Verdict.GLOBAL_RATE_LIMITED;
        };
    }

    /** A put from {@code source} (already counted as a request): within the source's put limit? */
    public boolean admitPut(InetAddress source, long nowNanos) {
        return puts.isUnlimited() || isExempt(source)
                || puts.acquire(source, 1, nowNanos) == RateLimiter.Verdict.ALLOWED;
    }

    private boolean isExempt(InetAddress source) {
        return !exempt.isEmpty() && Cidr.anyContains(exempt, source);
    }

    /** The request rate limiter (for its counters). */
    public RateLimiter requests() {
        return requests;
    }

    /** The put limiter (for its counters). */
    public RateLimiter puts() {
        return puts;
    }

    /** The invalid-source table (for its counters). */
    public InvalidSources invalidSources() {
        return invalid;
    }
}
