package net.landht.push;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.landht.id.InfoHash;
import net.landht.proxy.StateFile;

/**
 * The push subscriptions as kept across restarts: a JSON array, one object per subscription with the fields of
 * OpenDHT's persisted push listeners (src/dht_proxy_server.cpp {@code PushListener} msgpack: token, client id,
 * session id, topic, time) plus the key, platform and client address:
 * {@code [{"client_id","key","platform","refreshed"(Unix ms),"session_id","source","token","topic"}]}. Reading skips
 * an entry that does not parse (counted by the caller through the shorter list), never the whole file. Stateless.
 */
final class SavedSubscriptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One saved subscription. */
    record Saved(InfoHash key, InetAddress source, PushRequest request, long refreshedMillis) {
    }

    private SavedSubscriptions() {
    }

    static byte[] write(List<Saved> all) {
        ArrayNode a = JSON.createArrayNode();
        for (Saved s : all) {
            ObjectNode o = a.addObject();
            PushRequest r = s.request();
            o.put("client_id", r.clientId()).put("key", s.key().toHex()).put("platform", r.platform().label())
                    .put("refreshed", s.refreshedMillis()).put("session_id", r.sessionId())
                    .put("source", s.source().getHostAddress()).put("token", r.token()).put("topic", r.topic());
        }
        try {
            return JSON.writeValueAsBytes(a);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of saved subscriptions", e);  // cannot happen with a tree
        }
    }

    /**
     * @throws IOException when the bytes are not a JSON array
     */
    static List<Saved> read(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isArray()) {
            throw new IOException("not a JSON array");
        }
        List<Saved> out = new ArrayList<>();
        for (JsonNode o : root) {
            try {
                String token = o.path("token").asText();
                if (token.isEmpty()) {
                    continue;
                }
                PushRequest r = new PushRequest(token, o.path("client_id").asText(), o.path("session_id").asText(),
                        Platform.of(o.path("platform").asText()), o.path("topic").asText(), false);
                out.add(new Saved(InfoHash.fromHex(o.path("key").asText()),
                        StateFile.address(o.path("source").asText()), r, o.path("refreshed").asLong()));
            } catch (IllegalArgumentException | UnknownHostException e) {
                // a damaged entry: skipped
            }
        }
        return out;
    }
}
