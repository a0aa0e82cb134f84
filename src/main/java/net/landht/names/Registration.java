package net.landht.names;

import java.util.Objects;

/**
 * One registered name, as stored and as served back to jamid.
 *
 * <p>{@code publicKey} and {@code signature} are the strings of the POST body, kept verbatim: jamid checks them again
 * on every lookup, so they must come back exactly as its owner sent them (base64 of a PEM key with a trailing NUL,
 * base64 of the RSA signature). jami-daemon src/jamidht/namedirectory.cpp {@code lookupName}, {@code verify}.
 *
 * @param name             the name, lower case, matching {@link NameRules#NAME}
 * @param addr             the owner's Jami ID: 40 lower-case hex digits, no {@code 0x}; SHA-1 of {@code publicKey}'s
 *                         DER SubjectPublicKeyInfo
 * @param owner            the Ethereum-style {@code owner} jamid sends (40 lower-case hex digits), or "" when the
 *                         request had none; meaningless without the official server's blockchain, kept for export
 * @param publicKey        base64 of the account's public key (PEM or DER), as sent
 * @param signature        base64 of SHA512withRSA (PKCS#1 v1.5) over the name's ASCII bytes, as sent
 * @param registeredMillis when it was stored, milliseconds since the epoch
 */
public record Registration(String name, String addr, String owner, String publicKey, String signature,
                           long registeredMillis) {
    public Registration {
        Objects.requireNonNull(name);
        Objects.requireNonNull(addr);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(publicKey);
        Objects.requireNonNull(signature);
    }
}
