package net.landht.value;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueFactory;
import org.msgpack.value.ValueType;

/**
 * Packed values found in the captured vectors: inline ones cut out of the datagrams byte for byte, and fragmented
 * ones reassembled from their {@code p} parts (concatenated by offset).
 */
public final class VectorValues {
    /**
     * One packed value from a capture.
     *
     * @param file        vector file name
     * @param description the entry that carried it (or the parts' header)
     * @param packed      the exact packed bytes
     */
    public record Sample(String file, String description, byte[] packed) {
        @Override
        public String toString() {
            return file + ": " + description;
        }
    }

    private VectorValues() {
    }

    /** Every packed value in the named vector files. */
    public static List<Sample> load(String... files) {
        List<Sample> out = new ArrayList<>();
        for (String f : files) {
            out.addAll(loadOne(f));
        }
        return out;
    }

    private static List<Sample> loadOne(String file) {
        try (InputStream in = VectorValues.class.getResourceAsStream("/vectors/" + file)) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Sample> out = new ArrayList<>();
            Map<String, TreeMap<Integer, byte[]>> parts = new LinkedHashMap<>();
            for (JsonNode e : root.get("entries")) {
                if (!e.has("hex")) {
                    continue;
                }
                byte[] dgram = HexFormat.of().parseHex(e.get("hex").asText());
                String from = e.path("from").path("addr").asText();
                String desc = e.path("description").asText();
                readDatagram(dgram, from, file, desc, out, parts);
            }
            for (Map.Entry<String, TreeMap<Integer, byte[]>> p : parts.entrySet()) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (Map.Entry<Integer, byte[]> piece : p.getValue().entrySet()) {
                    if (piece.getKey() != b.size()) {
                        break; // a gap: this capture lacks a part
                    }
                    b.writeBytes(piece.getValue());
                }
                out.add(new Sample(file, "parts " + p.getKey(), b.toByteArray()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readDatagram(byte[] d, String from, String file, String desc, List<Sample> out,
                                     Map<String, TreeMap<Integer, byte[]>> parts) throws IOException {
        Map<org.msgpack.value.Value, org.msgpack.value.Value> msg = MessagePack.newDefaultUnpacker(d).unpackValue().asMapValue().map();
        org.msgpack.value.Value t = msg.get(ValueFactory.newString("t"));
        org.msgpack.value.Value p = msg.get(ValueFactory.newString("p"));
        if (p != null && p.isMapValue()) {
            for (Map.Entry<org.msgpack.value.Value, org.msgpack.value.Value> part : p.asMapValue().map().entrySet()) {
                Map<org.msgpack.value.Value, org.msgpack.value.Value> f = part.getValue().asMapValue().map();
                int offset = f.get(ValueFactory.newString("o")).asIntegerValue().asInt();
                byte[] data = f.get(ValueFactory.newString("d")).asBinaryValue().asByteArray();
                parts.computeIfAbsent(from + " t=" + t + " #" + part.getKey(), x -> new TreeMap<>()).put(offset, data);
            }
            return;
        }
        // Inline values: cut their exact bytes out of the datagram.
        MessageUnpacker u = MessagePack.newDefaultUnpacker(d);
        int n = u.unpackMapHeader();
        for (int i = 0; i < n; i++) {
            String k = u.unpackString();
            if (!(k.equals("a") || k.equals("r") || k.equals("u"))
                    || u.getNextFormat().getValueType() != ValueType.MAP) {
                u.skipValue();
                continue;
            }
            int m = u.unpackMapHeader();
            for (int j = 0; j < m; j++) {
                String k2 = u.unpackString();
                if (!k2.equals("values") || u.getNextFormat().getValueType() != ValueType.ARRAY) {
                    u.skipValue();
                    continue;
                }
                int c = u.unpackArrayHeader();
                for (int x = 0; x < c; x++) {
                    int start = (int) u.getTotalReadBytes();
                    boolean map = u.getNextFormat().getValueType() == ValueType.MAP;
                    u.skipValue();
                    if (map) {
                        out.add(new Sample(file, desc, Arrays.copyOfRange(d, start, (int) u.getTotalReadBytes())));
                    }
                }
            }
        }
    }
}
