package net.landht.push;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A push request as a client sends it in a SUBSCRIBE body or a permanent put's {@code permanent} object (fact sheet
 * {@code dht-proxy.md} §6–§7; OpenDHT src/dht_proxy_server.cpp {@code subscribe}, {@code put}). Missing string
 * fields are empty, as jsoncpp's {@code asString()} gives them.
 *
 * @param token     {@code key}: the device's push token, or for UnifiedPush the endpoint URL
 * @param clientId  {@code client_id} (Jami: the account id), sent back as {@code to}
 * @param sessionId {@code session_id}, sent back as {@code s}
 * @param platform  {@code platform}
 * @param topic     {@code topic}: the iOS bundle id, or for UnifiedPush {@code "<p256dh>|<auth>"}
 * @param refresh   {@code refresh} is true (a SUBSCRIBE that only extends the subscription)
 */
public record PushRequest(String token, String clientId, String sessionId, Platform platform, String topic,
                          boolean refresh) {
    /** Longest push token or UnifiedPush URL accepted, characters (FCM tokens are ~160, URLs a few hundred). */
    public static final int MAX_TOKEN_CHARS = 2048;
    private static final int MAX_FIELD_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build()).build());

    /** A body that cannot be used; {@code body} is the JSON error answer (400). */
    public static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        public final String body;

        Bad(String body) {
            super(body, null, false, false);
            this.body = body;
        }
    }

    /** {@code {"err:":"Incorrect JSON"}}, OpenDHT's odd key (src/dht_proxy_server.cpp RESP_MSG_JSON_INCORRECT). */
    static final String INCORRECT_JSON = "{\"err:\":\"Incorrect JSON\"}";
    /** {@code {"err":"No token"}} (RESP_MSG_NO_TOKEN). */
    static final String NO_TOKEN = "{\"err\":\"No token\"}";

    /**
     * Reads a SUBSCRIBE or UNSUBSCRIBE body.
     *
     * @throws Bad when the body is not a JSON object ({@link #INCORRECT_JSON}), has no token ({@link #NO_TOKEN}),
     *             or a field too long
     */
    public static PushRequest read(byte[] body) throws Bad {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new Bad(INCORRECT_JSON);
        }
        if (root == null || !root.isObject()) {
            throw new Bad(INCORRECT_JSON);
        }
        return of(root);
    }

    /**
     * The push request of a permanent put body, or null when {@code permanent} is absent, {@code true}, or an
     * object without a token.
     */
    public static PushRequest ofPut(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode p = root == null ? null : root.get("permanent");
            return p != null && p.isObject() ? of(p) : null;
        } catch (IOException | Bad e) {
            return null;
        }
    }

    private static PushRequest of(JsonNode o) throws Bad {
        String token = text(o, "key", MAX_TOKEN_CHARS);
        if (token.isEmpty()) {
            throw new Bad(NO_TOKEN);
        }
        JsonNode refresh = o.get("refresh");
        return new PushRequest(token, text(o, "client_id", MAX_FIELD_CHARS), text(o, "session_id", MAX_FIELD_CHARS),
                Platform.of(text(o, "platform", MAX_FIELD_CHARS)), text(o, "topic", MAX_FIELD_CHARS),
                refresh != null && refresh.asBoolean(false));
    }

    private static String text(JsonNode o, String name, int max) throws Bad {
        JsonNode n = o.get(name);
        if (n == null || n.isNull() || n.isContainerNode()) {
            return "";
        }
        String s = n.asText();
        if (s.length() > max) {
            throw new Bad("{\"err\":\"Field '" + name + "' longer than " + max + " characters\"}");
        }
        return s;
    }
}
