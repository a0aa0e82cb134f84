package net.landht.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One captured OpenDHT datagram per message kind, from the vectors copied into {@code src/test/resources/vectors}
 * (packaged into the benchmarks jar under {@code /vectors}).
 */
final class BenchVectors {
    /** kind → file and entry index; all OpenDHT 4.3.0 output except where noted. */
    static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("ping", "ping.json#4"),
            Map.entry("pong", "ping.json#5"),
            Map.entry("find", "find.json#6"),
            Map.entry("find_reply", "find.json#7"),
            Map.entry("get", "get.json#31"),
            Map.entry("get_reply_values", "get.json#20"),
            Map.entry("get_reply_fileds", "get.json#6"),        // 2.4.12
            Map.entry("put", "put.json#0"),                     // 2.4.12 plain value, inline
            Map.entry("put_ack", "put.json#21"),
            Map.entry("listen", "listen.json#0"),               // 2.4.12
            Map.entry("listen_reply", "listen.json#3"),
            Map.entry("refresh", "refresh.json#6"),
            Map.entry("error", "errors.json#17"),
            Map.entry("update", "listen.json#13"),
            Map.entry("value_part", "put.json#5"));             // 2.4.12, 1305 bytes

    private BenchVectors() {
    }

    static byte[] datagram(String kind) {
        String ref = KINDS.get(kind);
        if (ref == null) {
            throw new IllegalArgumentException("unknown kind " + kind + "; known: " + KINDS.keySet());
        }
        String file = ref.substring(0, ref.indexOf('#'));
        int index = Integer.parseInt(ref.substring(ref.indexOf('#') + 1));
        try (InputStream in = BenchVectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /vectors/" + file);
            }
            JsonNode e = new ObjectMapper().readTree(in).get("entries").get(index);
            return HexFormat.of().parseHex(e.get("hex").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
