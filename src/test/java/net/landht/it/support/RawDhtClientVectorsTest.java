package net.landht.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test harness's own msgpack client, checked against datagrams captured from real OpenDHT nodes. */
class RawDhtClientVectorsTest {

    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 4222);

    @Test
    void encodesOpenDhtRequestsByteForByte() throws IOException {
        int checked = 0;
        for (String file : List.of("ping.json", "find.json", "get.json")) {
            for (JsonNode e : entries(file)) {
                if (e.path("direction").asText().equals("request")
                        && e.path("implementation_of_sender").asText().startsWith("OpenDHT")) {
                    assertThat(Hex.encode(Msgpack.encode(toJava(e.get("decoded")))))
                            .as("%s: %s", file, e.path("description").asText()).isEqualTo(e.get("hex").asText());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    void parsesEveryCapturedPingFindAndGetReply() throws IOException {
        int checked = 0;
        for (String file : List.of("ping.json", "find.json", "get.json")) {
            for (JsonNode e : entries(file)) {
                if (!e.path("direction").asText().equals("reply")) {
                    continue;
                }
                byte[] datagram = Hex.decode(e.get("hex").asText());
                RawDhtClient.Reply r = RawDhtClient.Reply.parseIfAnswer(datagram, FROM, e.at("/decoded/t").asLong());
                assertThat(r).as("%s: %s", file, e.path("description").asText()).isNotNull();
                assertThat(r.id()).hasSize(40);
                JsonNode n4 = e.at("/decoded/r/n4/bin");
                assertThat(r.n4()).hasSize(n4.isMissingNode() ? 0 : n4.asText().length() / 2 / 26);
                JsonNode n6 = e.at("/decoded/r/n6/bin");
                assertThat(r.n6()).hasSize(n6.isMissingNode() ? 0 : n6.asText().length() / 2 / 38);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void readsNodeRecordsClosestFirstWithAddressAndPort() throws IOException {
        JsonNode reply = entries("find.json").stream()
                .filter(e -> e.at("/decoded/r/n6").isObject() && e.at("/decoded/r/n4").isObject()).findFirst()
                .orElseThrow();
        RawDhtClient.Reply r = RawDhtClient.Reply.parseIfAnswer(Hex.decode(reply.get("hex").asText()), FROM,
                reply.at("/decoded/t").asLong());
        String n4 = reply.at("/decoded/r/n4/bin").asText();
        assertThat(r.n4().get(0).id()).isEqualTo(n4.substring(0, 40));
        assertThat(r.n4().get(0).address().getPort()).isEqualTo(Integer.parseInt(n4.substring(48, 52), 16));
        assertThat(r.n6().get(0).address().getAddress().getAddress()).hasSize(16);
    }

    @Test
    void flagsAReplyWithATruncatedNodeList() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", new byte[20]);
        r.put("sa", new byte[] {127, 0, 0, 1});
        r.put("n4", new byte[25]);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("r", r);
        msg.put("t", 7);
        msg.put("y", "r");
        assertThatThrownBy(() -> RawDhtClient.Reply.parseIfAnswer(Msgpack.encode(msg), FROM, 7))
                .isInstanceOf(AssertionError.class).hasMessageContaining("n4 must be a bin of whole 26-byte records");
    }

    @Test
    void ignoresRequestsAndOtherTransactions() {
        Map<String, Object> ping = new LinkedHashMap<>();
        ping.put("a", Map.of("id", new byte[20]));
        ping.put("q", "ping");
        ping.put("t", 7);
        ping.put("y", "q");
        assertThat(RawDhtClient.Reply.parseIfAnswer(Msgpack.encode(ping), FROM, 7)).isNull();
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("r", Map.of("id", new byte[20], "sa", new byte[4]));
        pong.put("t", 8);
        pong.put("y", "r");
        assertThat(RawDhtClient.Reply.parseIfAnswer(Msgpack.encode(pong), FROM, 7)).isNull();
    }

    private static List<JsonNode> entries(String file) throws IOException {
        try (InputStream in = RawDhtClientVectorsTest.class.getResourceAsStream("/vectors/" + file)) {
            assertThat(in).as("vector file %s on the test classpath", file).isNotNull();
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).get("entries").forEach(out::add);
            return out;
        }
    }

    /** The vectors' JSON form back to msgpack-ready Java: {@code {"bin": hex}} is a bin. */
    private static Object toJava(JsonNode n) {
        if (n.isObject() && n.size() == 1 && n.has("bin")) {
            return Hex.decode(n.get("bin").asText());
        } else if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), toJava(f.getValue())));
            return m;
        } else if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(toJava(e)));
            return l;
        } else if (n.isIntegralNumber()) {
            return n.asLong();
        } else if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asText();
    }
}
