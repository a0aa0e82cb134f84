package net.landht.names;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /name/<name>}: limits, checks and stores a registration, and answers as jamid 13.7 expects
 * ({@link RegistrationRefusal} has the statuses). Checked in this order, cheapest first: the source's allowance, the
 * body's size, the name, reserved names, the body's fields, that SHA-1 of the key's DER is {@code addr} (which the
 * official server does not check, so there anyone can bind a name to another person's ID), that the signature
 * verifies over the lower-case name (RSA PKCS#1 v1.5 + SHA-512; OpenDHT src/crypto.cpp
 * {@code PublicKey::checkSignature}; jami-daemon src/jamidht/archive_account_manager.cpp {@code registerName}), and
 * last the database.
 *
 * <p>Thread-safe; blocks on the database's fsync when it stores.
 */
final class Registrar {
    /** Largest body read, bytes: jamid's is ~1.9 KiB with a 4096-bit key, ~3.4 KiB with an 8192-bit one. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** {@code Retry-After} for a rate-limited source: its allowance refills over a minute. */
    static final int RETRY_AFTER_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final NameStore store;
    private final Set<String> reserved;
    private final RegistrationLimiter limiter;
    private final NamesCounters counters;
    private final StoreFailures failures;
    private final Clock clock;

    Registrar(NameStore store, Set<String> reserved, RegistrationLimiter limiter, NamesCounters counters,
              StoreFailures failures, Clock clock) {
        this.store = store;
        this.reserved = Set.copyOf(reserved);
        this.limiter = limiter;
        this.counters = counters;
        this.failures = failures;
        this.clock = clock;
    }

    /**
     * @param rawName the name from the path, as received
     * @param body    the request body
     * @param source  the client's address, for the rate limit and the log
     */
    NameResponse register(String rawName, byte[] body, InetAddress source) {
        if (!limiter.tryAcquire(source)) {
            return refuse(RegistrationRefusal.RATE_LIMITED, "a name", source);
        }
        if (body.length > MAX_BODY_BYTES) {
            return refuse(RegistrationRefusal.BODY_TOO_LARGE, "a name", source);
        }
        Registration registration;
        try {
            registration = RegistrationCheck.verify(rawName, body, reserved, clock.millis());
        } catch (RegistrationRequest.Invalid e) {
            String name = NameRules.canonicalName(rawName);
            return refuse(e.reason, name == null ? "a name" : name, source);
        }
        String name = registration.name();
        StoreOutcome outcome;
        try {
            outcome = store.register(registration);
        } catch (NameStoreException e) {
            failures.report("register " + name, e);
            return refuse(RegistrationRefusal.STORE_FAILED, name, source);
        }
        if (outcome instanceof StoreOutcome.Stored) {
            counters.countRegistered();
            LOG.info("name registered: {} -> {} (from {})", name, registration.addr(), source.getHostAddress());
            return NameResponse.json(200, "success", true);
        }
        if (outcome instanceof StoreOutcome.AlreadyStored) {
            counters.countRegisteredAgain();
            LOG.debug("name {} registered again by its owner {}", name, registration.addr());
            return NameResponse.json(200, "success", true);
        }
        if (outcome instanceof StoreOutcome.AddrHasName h) {
            counters.countRefused(RegistrationRefusal.ADDR_HAS_NAME);
            LOG.debug("registration of {} refused: {} already has the name {}", name, registration.addr(),
                    h.existing().name());
            // The official server's body for this case (jami-nameservice index.js): the ID's name and the ID.
            return NameResponse.json(RegistrationRefusal.ADDR_HAS_NAME.status(), "success", false,
                    "name", h.existing().name(), "addr", "0x" + h.existing().addr());
        }
        return refuse(RegistrationRefusal.NAME_TAKEN, name, source);
    }

    /** @param name the checked name, or words for it while it is unchecked (it is logged) */
    private NameResponse refuse(RegistrationRefusal reason, String name, InetAddress source) {
        counters.countRefused(reason);
        LOG.debug("registration of {} from {} refused: {}", name, source.getHostAddress(), reason);
        int retryAfter = reason == RegistrationRefusal.RATE_LIMITED ? RETRY_AFTER_SECONDS : 0;
        return NameResponse.withRetryAfter(reason.status(), retryAfter, "success", false, "error", reason.error());
    }
}
