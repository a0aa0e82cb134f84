package net.landht.names;

/**
 * Why a {@code POST /name/<name>} was refused, with the HTTP status and error text it is answered with.
 *
 * <p>The statuses follow what jamid 13.7 makes of them (jami-daemon src/jamidht/namedirectory.cpp
 * {@code registerName}; shared/protocol/name-server.md §2.3): 400 and 401 are shown as "network error", 403, 409 and
 * any other 4xx as "name already taken". So a taken or reserved name is never 400, and a rate-limited request gets
 * 503 ("network error", try again) rather than 429, which jamid would show as "taken". Error texts match the official
 * server's where it has one (jami-nameservice index.js).
 */
public enum RegistrationRefusal {
    /** Too many POSTs from this source: {@code names.per-source-posts-per-minute}. */
    RATE_LIMITED(503, "too many registrations from this address, try again in a minute"),
    /** The body is larger than {@link Registrar#MAX_BODY_BYTES}. */
    BODY_TOO_LARGE(413, "request body too large"),
    /** The name breaks {@link NameRules#NAME}. */
    INVALID_NAME(400, "invalid name"),
    /** The name is in {@code names.reserved}. */
    RESERVED_NAME(409, "name reserved"),
    /** The body is not a JSON object with string fields. */
    BAD_BODY(400, "invalid request body"),
    /** {@code addr} is missing or not 40 hex digits. */
    BAD_ADDR(400, "invalid addr"),
    /** {@code owner} is present but not 40 hex digits. */
    BAD_OWNER(400, "invalid owner"),
    /** {@code publickey} is missing, not base64, or not a readable RSA key. */
    BAD_PUBLIC_KEY(400, "publickey not found or invalid"),
    /** {@code signature} is missing or not base64. */
    BAD_SIGNATURE_FIELD(400, "signature not found or invalid"),
    /** SHA-1 of the key's DER is not {@code addr}: someone tries to name another person's ID. */
    KEY_NOT_ADDR(401, "publickey does not match addr"),
    /** The signature does not verify over the name with the key. */
    SIGNATURE_INVALID(401, "signature verification failed"),
    /** The name belongs to another ID. */
    NAME_TAKEN(409, "name already registered"),
    /** The ID already has another name. */
    ADDR_HAS_NAME(403, "addr already has a name"),
    /** The database could not be written. */
    STORE_FAILED(500, "server error");

    private final int status;
    private final String error;

    RegistrationRefusal(int status, String error) {
        this.status = status;
        this.error = error;
    }

    /** The HTTP status answered. */
    public int status() {
        return status;
    }

    /** The {@code error} text of the JSON body. */
    public String error() {
        return error;
    }
}
