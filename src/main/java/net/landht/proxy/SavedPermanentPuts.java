package net.landht.proxy;

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

/**
 * The proxy's permanent puts as kept across restarts ({@code permanent-puts.json} in the state folder): a JSON array,
 * one object per put,
 * {@code [{"key"(40 hex),"value_id"(decimal string),"posted"(Unix ms),"source"(address literal),"body"(object)}]},
 * where {@code body} is the POST body (OpenDHT's value JSON, fact sheet {@code dht-proxy.md} §6) with its {@code id}
 * set to the id the put used, so that the put made again at start carries the same id. OpenDHT's proxy keeps its
 * permanent puts the same way (src/dht_proxy_server.cpp {@code PermanentPut}, saved with the push listeners).
 * Reading skips an entry that does not parse, never the whole file. Stateless.
 */
final class SavedPermanentPuts {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #read} found: the entries that parse, and how many did not. */
    record Read(List<PermanentPutExpiry.Kept> puts, int damaged) {
    }

    private SavedPermanentPuts() {
    }

    static byte[] write(List<PermanentPutExpiry.Kept> all) {
        ArrayNode a = JSON.createArrayNode();
        for (PermanentPutExpiry.Kept k : all) {
            JsonNode body;
            try {
                body = JSON.readTree(k.body());
            } catch (IOException e) {
                continue;  // the proxy stored it, so it parsed once; cannot happen
            }
            if (!(body instanceof ObjectNode o)) {
                continue;
            }
            o.put("id", Long.toUnsignedString(k.valueId()));
            a.addObject().put("key", k.key().toHex()).put("value_id", Long.toUnsignedString(k.valueId()))
                    .put("posted", k.postedMillis()).put("source", k.source().getHostAddress()).set("body", o);
        }
        try {
            return JSON.writeValueAsBytes(a);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of saved permanent puts", e);  // cannot happen with a tree
        }
    }

    /**
     * @throws IOException when the bytes are not a JSON array
     */
    static Read read(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isArray()) {
            throw new IOException("not a JSON array");
        }
        List<PermanentPutExpiry.Kept> out = new ArrayList<>();
        int damaged = 0;
        for (JsonNode o : root) {
            try {
                JsonNode body = o.get("body");
                if (body == null || !body.isObject() || !o.path("posted").isIntegralNumber()) {
                    throw new IllegalArgumentException("no body or posted time");
                }
                out.add(new PermanentPutExpiry.Kept(InfoHash.fromHex(o.path("key").asText()),
                        Long.parseUnsignedLong(o.path("value_id").asText()), JSON.writeValueAsBytes(body),
                        StateFile.address(o.path("source").asText()), o.path("posted").asLong()));
            } catch (IllegalArgumentException | IOException e) {
                damaged++;
            }
        }
        return new Read(out, damaged);
    }
}
