package net.landht.names;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.net.PerMinuteLimiter;

/**
 * The checks of {@code POST /name/<name>} before any database, cheapest first: the source's allowance
 * ({@code names.per-source-posts-per-minute}), the body's size, then {@link RegistrationCheck} (name rule, reserved
 * names, fields, key hashes to {@code addr}, signature). The local registry ({@link Registrar}) stores what passes;
 * a secondary ({@link NameForwarder}) forwards it to its primary. Refusals are counted and answered as jamid 13.7
 * expects ({@link RegistrationRefusal}). Thread-safe; CPU-bound (an RSA verification), so not for an event loop.
 */
final class RegistrationGate {
    /** Largest body read, bytes: jamid's is ~1.9 KiB with a 4096-bit key, ~3.4 KiB with an 8192-bit one. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** {@code Retry-After} for a rate-limited source: its allowance refills over a minute. */
    static final int RETRY_AFTER_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationGate.class);

    /**
     * What the checks made of a request: exactly one of the two is non-null.
     *
     * @param registration the checked registration, timed now
     * @param refusal      the answer to send instead
     */
    record Admission(Registration registration, NameResponse refusal) {
    }

    private final Set<String> reserved;
    private final PerMinuteLimiter limiter;
    private final NamesCounters counters;
    private final Clock clock;

    RegistrationGate(Set<String> reserved, PerMinuteLimiter limiter, NamesCounters counters, Clock clock) {
        this.reserved = Set.copyOf(reserved);
        this.limiter = limiter;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * @param rawName the name from the path, as received
     * @param body    the request body
     * @param source  the client's address, for the rate limit and the log
     */
    Admission admit(String rawName, byte[] body, InetAddress source) {
        if (!limiter.tryAcquire(source)) {
            return new Admission(null, refuse(RegistrationRefusal.RATE_LIMITED, "a name", source));
        }
        if (body.length > MAX_BODY_BYTES) {
            return new Admission(null, refuse(RegistrationRefusal.BODY_TOO_LARGE, "a name", source));
        }
        try {
            return new Admission(RegistrationCheck.verify(rawName, body, reserved, clock.millis()), null);
        } catch (RegistrationRequest.Invalid e) {
            String name = NameRules.canonicalName(rawName);
            return new Admission(null, refuse(e.reason, name == null ? "a name" : name, source));
        }
    }

    /**
     * Counts a refusal and builds its answer: {@code {"success":false,"error":...}} with the reason's status, and
     * {@code Retry-After} when rate-limited.
     *
     * @param name the checked name, or words for it while it is unchecked (it is logged)
     */
    NameResponse refuse(RegistrationRefusal reason, String name, InetAddress source) {
        counters.countRefused(reason);
        LOG.debug("registration of {} from {} refused: {}", name, source.getHostAddress(), reason);
        int retryAfter = reason == RegistrationRefusal.RATE_LIMITED ? RETRY_AFTER_SECONDS : 0;
        return NameResponse.withRetryAfter(reason.status(), retryAfter, "success", false, "error", reason.error());
    }
}
