package net.landht.names;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An answer of the name server: an HTTP status and a JSON body (always {@code Content-Type: application/json}, as
 * the official server sends on every route). The HTTP adapter writes {@code body} as it is and, when
 * {@code retryAfterSeconds > 0}, a {@code Retry-After} header.
 *
 * @param status            HTTP status code
 * @param body              UTF-8 JSON; not copied, do not modify
 * @param retryAfterSeconds seconds for {@code Retry-After}, 0 for none
 */
public record NameResponse(int status, byte[] body, int retryAfterSeconds) {
    /** The content type of every body. */
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A response whose body is a JSON object of the given fields in that order.
     *
     * @param fields name, value, name, value...; values are strings or booleans
     */
    static NameResponse json(int status, Object... fields) {
        return withRetryAfter(status, 0, fields);
    }

    /** As {@link #json}, with a {@code Retry-After} of {@code retryAfterSeconds}. */
    static NameResponse withRetryAfter(int status, int retryAfterSeconds, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        try {
            return new NameResponse(status, JSON.writeValueAsBytes(map), retryAfterSeconds);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and booleans always serialize", e);
        }
    }

    /** The body as text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return status + " " + bodyText();
    }
}
