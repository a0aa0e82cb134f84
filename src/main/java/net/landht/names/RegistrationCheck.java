package net.landht.names;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;

import net.landht.value.Signatures;

/**
 * The checks a registration must pass before it is stored, whether it arrives by {@code POST /name/<name>}
 * ({@link Registrar}) or in an import ({@link NamesAdmin}): the name rule, reserved names, the body's fields, that
 * SHA-1 of the key's DER is {@code addr} (the official server does not check this), and that the signature verifies
 * over the lower-case name (RSA PKCS#1 v1.5 + SHA-512; OpenDHT src/crypto.cpp {@code PublicKey::checkSignature};
 * jami-daemon src/jamidht/archive_account_manager.cpp {@code registerName}). Stateless; thread-safe.
 */
final class RegistrationCheck {
    private RegistrationCheck() {
    }

    /**
     * @param rawName          the name as received (any case)
     * @param fields           a JSON object with {@code addr}, {@code owner}, {@code publickey}, {@code signature}
     *                         (other fields ignored)
     * @param reserved         lower-case names nobody may register
     * @param registeredMillis the registration's time, milliseconds since the epoch
     * @return the registration to store
     * @throws RegistrationRequest.Invalid with the refusal's reason
     */
    static Registration verify(String rawName, byte[] fields, Set<String> reserved, long registeredMillis)
            throws RegistrationRequest.Invalid {
        String name = NameRules.canonicalName(rawName);
        if (name == null) {
            throw new RegistrationRequest.Invalid(RegistrationRefusal.INVALID_NAME);
        }
        if (reserved.contains(name)) {
            throw new RegistrationRequest.Invalid(RegistrationRefusal.RESERVED_NAME);
        }
        RegistrationRequest request = RegistrationRequest.parse(fields);
        String keyId = HexFormat.of().formatHex(Signatures.keyId(Signatures.spkiDer(request.publicKeyBytes())));
        if (!keyId.equals(request.addr())) {
            throw new RegistrationRequest.Invalid(RegistrationRefusal.KEY_NOT_ADDR);
        }
        if (!Signatures.verify(request.publicKeyBytes(), name.getBytes(StandardCharsets.US_ASCII),
                request.signatureBytes())) {
            throw new RegistrationRequest.Invalid(RegistrationRefusal.SIGNATURE_INVALID);
        }
        return new Registration(name, request.addr(), request.owner(), request.publicKey(), request.signature(),
                registeredMillis);
    }
}
