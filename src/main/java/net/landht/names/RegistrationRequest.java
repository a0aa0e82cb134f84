package net.landht.names;

import java.io.IOException;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON body of {@code POST /name/<name>}, read and checked field by field; jamid 13.7 sends
 * {@code {"addr","owner","signature","publickey"}} (jami-daemon src/jamidht/namedirectory.cpp {@code registerName};
 * shared/protocol/name-server.md §2.3). Unknown fields are ignored; a field given twice makes the body invalid.
 *
 * @param addr           the Jami ID, 40 lower-case hex digits ({@code 0x} and {@code ring:} prefixes removed)
 * @param owner          {@code owner} as 40 lower-case hex digits, or "" when absent or empty
 * @param publicKey      {@code publickey} as sent (base64 of a PEM or DER key)
 * @param publicKeyBytes its base64-decoded bytes: a readable RSA key within {@code value.Signatures}' bounds
 * @param signature      {@code signature} as sent (base64)
 * @param signatureBytes its decoded bytes
 */
record RegistrationRequest(String addr, String owner, String publicKey, byte[] publicKeyBytes, String signature,
                           byte[] signatureBytes) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A body that cannot be registered, and why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final RegistrationRefusal reason;

        Invalid(RegistrationRefusal reason) {
            super(reason.error(), null, false, false);
            this.reason = reason;
        }
    }

    /**
     * Reads a body.
     *
     * @throws Invalid with {@link RegistrationRefusal#BAD_BODY}, {@code BAD_ADDR}, {@code BAD_OWNER},
     *                 {@code BAD_PUBLIC_KEY} or {@code BAD_SIGNATURE_FIELD}
     */
    static RegistrationRequest parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new Invalid(RegistrationRefusal.BAD_BODY);
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(RegistrationRefusal.BAD_BODY);
        }
        String addr = NameRules.canonicalId(text(root, "addr"));
        if (addr == null) {
            throw new Invalid(RegistrationRefusal.BAD_ADDR);
        }
        String ownerText = text(root, "owner");
        String owner = ownerText == null || ownerText.isEmpty() ? "" : NameRules.canonicalId(ownerText);
        if (owner == null) {
            throw new Invalid(RegistrationRefusal.BAD_OWNER);
        }
        String publicKey = text(root, "publickey");
        byte[] keyBytes = base64(publicKey);
        if (keyBytes == null || !net.landht.value.Signatures.isReadableKey(keyBytes)) {
            throw new Invalid(RegistrationRefusal.BAD_PUBLIC_KEY);
        }
        String signature = text(root, "signature");
        byte[] signatureBytes = base64(signature);
        if (signatureBytes == null) {
            throw new Invalid(RegistrationRefusal.BAD_SIGNATURE_FIELD);
        }
        return new RegistrationRequest(addr, owner, publicKey, keyBytes, signature, signatureBytes);
    }

    /** The field's text; null when absent or JSON null. */
    private static String text(JsonNode root, String field) throws Invalid {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new Invalid(RegistrationRefusal.BAD_BODY);
        }
        return n.textValue();
    }

    /** Decoded standard base64 (jamid's alphabet, src/base64.h), or null when empty or not base64. */
    private static byte[] base64(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            byte[] b = Base64.getDecoder().decode(text);
            return b.length == 0 ? null : b;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
