package net.landht.names;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /name/<name>}: limits, checks and stores a registration, and answers as jamid 13.7 expects
 * ({@link RegistrationRefusal} has the statuses). Checked in this order, cheapest first: {@link RegistrationGate}
 * (the source's allowance, the body's size, the name, reserved names, the body's fields, that SHA-1 of the key's DER
 * is {@code addr}, which the official server does not check, so there anyone can bind a name to another person's
 * ID, and that the signature verifies over the lower-case name: RSA PKCS#1 v1.5 + SHA-512; OpenDHT src/crypto.cpp
 * {@code PublicKey::checkSignature}; jami-daemon src/jamidht/archive_account_manager.cpp {@code registerName}), and
 * last the database.
 *
 * <p>Thread-safe; blocks on the database's fsync when it stores.
 */
final class Registrar {
    /** Largest body read, bytes ({@link RegistrationGate#MAX_BODY_BYTES}). */
    static final int MAX_BODY_BYTES = RegistrationGate.MAX_BODY_BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final NameStore store;
    private final RegistrationGate gate;
    private final NamesCounters counters;
    private final StoreFailures failures;

    Registrar(NameStore store, RegistrationGate gate, NamesCounters counters, StoreFailures failures) {
        this.store = store;
        this.gate = gate;
        this.counters = counters;
        this.failures = failures;
    }

    /**
     * @param rawName the name from the path, as received
     * @param body    the request body
     * @param source  the client's address, for the rate limit and the log
     */
    NameResponse register(String rawName, byte[] body, InetAddress source) {
        RegistrationGate.Admission admission = gate.admit(rawName, body, source);
        if (admission.refusal() != null) {
            return admission.refusal();
        }
        Registration registration = admission.registration();
        String name = registration.name();
        StoreOutcome outcome;
        try {
            outcome = store.register(registration);
        } catch (NameStoreException e) {
            failures.report("register " + name, e);
            return gate.refuse(RegistrationRefusal.STORE_FAILED, name, source);
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
        return gate.refuse(RegistrationRefusal.NAME_TAKEN, name, source);
    }
}
