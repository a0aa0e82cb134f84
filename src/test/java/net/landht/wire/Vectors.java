package net.landht.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Loads the captured OpenDHT datagrams copied from shared/protocol/vectors into src/test/resources/vectors. */
public final class Vectors {
    /** The files whose entries are DHT datagrams in the common entry format. */
    public static final List<String> DHT_FILES = List.of("ping.json", "find.json", "get.json", "put.json",
            "put_signed.json", "listen.json", "refresh.json", "errors.json", "value_parts.json", "network_id.json");

    private Vectors() {
    }

    /**
     * One captured datagram.
     *
     * @param file        the vector file
     * @param index       entry index in the file
     * @param direction   request, reply, error-reply, value-part, notification, confirmation, none …
     * @param description the capture's description
     * @param sender      implementation that sent it
     * @param bytes       the datagram
     * @param decoded     the capture's JSON decoding
     */
    public record Entry(String file, int index, String direction, String description, String sender, byte[] bytes,
                        JsonNode decoded) {
        @Override
        public String toString() {
            return file + "#" + index + " " + direction + ": " + description;
        }
    }

    public static List<Entry> load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource vectors/" + file);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Entry> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : root.get("entries")) {
                String hex = e.path("hex").asText("");
                if (!hex.isEmpty()) {
                    out.add(new Entry(file, i, e.path("direction").asText(), e.path("description").asText(),
                            e.path("implementation_of_sender").asText(), HexFormat.of().parseHex(hex),
                            e.get("decoded")));
                }
                i++;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Entry> allDht() {
        List<Entry> all = new ArrayList<>();
        for (String f : DHT_FILES) {
            all.addAll(load(f));
        }
        return all;
    }
}
