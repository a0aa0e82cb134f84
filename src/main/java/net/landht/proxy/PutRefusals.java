package net.landht.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.http.JsonText;
import net.landht.value.Refusal;

/**
 * The answer to a proxy put that landht's own store refused while no node holds the value
 * ({@link net.landht.dht.DhtClient.PutResult#refusal()}), instead of OpenDHT's 502 {@code {"err":"Put failed"}}
 * (src/dht_proxy_server.cpp {@code put}), so that a phone learns that re-posting the same value cannot help:
 * <ul>
 * <li>403 when the store holds a value with this id that the posted one may not replace: another owner's signed
 *     value ({@link Refusal#NOT_OWNER}), an unsigned stored value ({@link Refusal#UNSIGNED_EDIT}), a type without
 *     edits ({@link Refusal#EDIT_FORBIDDEN}), or a seq that does not increase ({@link Refusal#SEQ_NOT_INCREASING});
 * <li>413 for a value too large for the DHT ({@link Refusal#TOO_LARGE});
 * <li>503 when landht's store is full ({@link Refusal#KEY_FULL}, {@link Refusal#STORAGE_FULL}): landht's bound, not
 *     the value's fault;
 * <li>400 for a malformed or forged value: a bad signature or owner key, data that does not fit its type, a
 *     certificate for another key, an id of 0, a value already expired.
 * </ul>
 * The body is {@code {"err":"<why, in words>","reason":"<Refusal name>"}}. Stateless.
 */
final class PutRefusals {
    private PutRefusals() {
    }

    /** The HTTP status for {@code r}. */
    static HttpResponseStatus status(Refusal r) {
        return switch (r) {
            case NOT_OWNER, UNSIGNED_EDIT, EDIT_FORBIDDEN, SEQ_NOT_INCREASING -> HttpResponseStatus.FORBIDDEN;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case KEY_FULL, STORAGE_FULL -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case INVALID_ID, BAD_OWNER_KEY, BAD_SIGNATURE, EMPTY_SERVICE, BAD_SERVICE_ANNOUNCEMENT, BAD_CERTIFICATE,
                 CERTIFICATE_KEY_MISMATCH, EXPIRED -> HttpResponseStatus.BAD_REQUEST;
        };
    }

    /** The JSON body for {@code r} (no trailing newline, like OpenDHT's error bodies). */
    static String body(Refusal r) {
        String why = switch (r) {
            case NOT_OWNER -> "Another owner's signed value has this id";
            case UNSIGNED_EDIT -> "An unsigned value with this id is stored and cannot be replaced";
            case EDIT_FORBIDDEN -> "Values of this type cannot be replaced";
            case SEQ_NOT_INCREASING -> "The stored value with this id has the same or a higher seq";
            case TOO_LARGE -> "Value too large for the DHT";
            case KEY_FULL -> "This key holds too many values";
            case STORAGE_FULL -> "Storage full";
            case INVALID_ID -> "Value id 0";
            case BAD_OWNER_KEY -> "The owner is not a readable RSA public key";
            case BAD_SIGNATURE -> "The signature does not verify";
            case EMPTY_SERVICE, BAD_SERVICE_ANNOUNCEMENT, BAD_CERTIFICATE -> "The data does not fit the value's type";
            case CERTIFICATE_KEY_MISMATCH -> "The certificate's key is not this hash";
            case EXPIRED -> "The value is already expired";
        };
        return "{\"err\":" + JsonText.quote(why) + ",\"reason\":" + JsonText.quote(r.name()) + "}";
    }
}
