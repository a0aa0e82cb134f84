package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import com.fasterxml.jackson.databind.JsonNode;

import net.landht.id.InfoHash;
import net.landht.wire.Vectors;

class DiscoveryCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final InfoHash ID = InfoHash.fromHex("3676372358c17706cb496cc29e6e1dde13efe06a");

    private static List<Vectors.Entry> packets() {
        return Vectors.load("peer_discovery.json").stream()
                .filter(e -> e.direction().equals("multicast") || e.direction().equals("unicast")).toList();
    }

    @Test
    void queryPacketIsTheMsgpackStringQ() {
        assertThat(HEX.formatHex(DiscoveryCodec.query())).isEqualTo("a171");
    }

    @Test
    void everyCapturedQueryDecodesAsAQuery() {
        List<Vectors.Entry> queries = packets().stream().filter(e -> e.decoded().isTextual()).toList();
        assertThat(queries).isNotEmpty();
        for (Vectors.Entry e : queries) {
            assertThat(DiscoveryCodec.decode(e.bytes())).as(e.toString()).isInstanceOf(DiscoveryMessage.Query.class);
        }
    }

    @Test
    void everyCapturedPublishDecodesToItsIdPortAndNetwork() {
        List<Vectors.Entry> publishes = packets().stream().filter(e -> e.decoded().isObject()).toList();
        assertThat(publishes).hasSizeGreaterThanOrEqualTo(4);
        for (Vectors.Entry e : publishes) {
            JsonNode dht = e.decoded().get("dht");
            DiscoveryMessage m = DiscoveryCodec.decode(e.bytes());
            assertThat(m).as(e.toString()).isInstanceOf(DiscoveryMessage.Publish.class);
            DiscoveryMessage.Publish p = (DiscoveryMessage.Publish) m;
            assertThat(p.dht()).containsExactly(new DhtAnnouncement(InfoHash.fromHex(dht.get(0).get("bin").asText()),
                    dht.get(1).asInt(), dht.get(2).asLong()));
            assertThat(p.badDhtPayloads()).isZero();
            assertThat(p.otherServices()).isZero();
        }
    }

    @Test
    void ourPublishPacketIsByteIdenticalToOpenDhtsForTheSameIdPortAndNetwork() {
        for (Vectors.Entry e : packets().stream().filter(x -> x.decoded().isObject()).toList()) {
            JsonNode dht = e.decoded().get("dht");
            byte[] ours = DiscoveryCodec.publish(new DhtAnnouncement(
                    InfoHash.fromHex(dht.get(0).get("bin").asText()), dht.get(1).asInt(), dht.get(2).asLong()));
            assertThat(HEX.formatHex(ours)).as(e.toString()).isEqualTo(HEX.formatHex(e.bytes()));
        }
    }

    @Test
    void publishUsesTheSmallestIntegerFormsAsMsgpackC() {
        String prefix = "81a3646874" + "93c414" + ID.toHex();
        assertThat(hex(new DhtAnnouncement(ID, 4222, 0))).isEqualTo(prefix + "cd107e" + "00");
        assertThat(hex(new DhtAnnouncement(ID, 100, 42))).isEqualTo(prefix + "64" + "2a");
        assertThat(hex(new DhtAnnouncement(ID, 200, 200))).isEqualTo(prefix + "ccc8" + "ccc8");
        assertThat(hex(new DhtAnnouncement(ID, 65535, 70000))).isEqualTo(prefix + "cdffff" + "ce00011170");
        assertThat(hex(new DhtAnnouncement(ID, 4222, 0xFFFF_FFFFL))).isEqualTo(prefix + "cd107e" + "ceffffffff");
    }

    @Test
    void publishRoundTrips() {
        DhtAnnouncement a = new DhtAnnouncement(ID, 45201, 42);
        assertThat(DiscoveryCodec.decode(DiscoveryCodec.publish(a)))
                .isEqualTo(new DiscoveryMessage.Publish(List.of(a), 0, 0));
    }

    @Test
    void jamisServiceInTheSamePacketIsIgnored() throws IOException {
        for (boolean jamiFirst : new boolean[] {false, true}) {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packMapHeader(2);
                if (jamiFirst) {
                    packJami(p);
                }
                p.packString("dht");
                packDht(p, ID.toBytes(), 4222, 0);
                if (!jamiFirst) {
                    packJami(p);
                }
                assertThat(DiscoveryCodec.decode(p.toByteArray())).isEqualTo(
                        new DiscoveryMessage.Publish(List.of(new DhtAnnouncement(ID, 4222, 0)), 0, 1));
            }
        }
    }

    @Test
    void extraPayloadElementsAndNonStringKeysAreSkippedAsOpenDhtDoes() throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packInt(7);
            p.packArrayHeader(2).packString("a").packMapHeader(1).packString("k").packNil();
            p.packString("dht");
            p.packArrayHeader(5).packBinaryHeader(20).writePayload(ID.toBytes());
            p.packInt(4222).packInt(0).packString("future").packBoolean(true);
            assertThat(DiscoveryCodec.decode(p.toByteArray())).isEqualTo(
                    new DiscoveryMessage.Publish(List.of(new DhtAnnouncement(ID, 4222, 0)), 0, 0));
        }
    }

    @Test
    void integersInWiderFormsAreAccepted() {
        // port 4222 as uint64, network 0 as int32: msgpack-c converts any width that fits
        String hex = "81a3646874" + "93c414" + ID.toHex() + "cf000000000000107e" + "d200000000";
        assertThat(DiscoveryCodec.decode(HEX.parseHex(hex)))
                .isEqualTo(new DiscoveryMessage.Publish(List.of(new DhtAnnouncement(ID, 4222, 0)), 0, 0));
    }

    @Test
    void trailingBytesAfterTheFirstObjectAreIgnored() {
        assertThat(DiscoveryCodec.decode(HEX.parseHex("a171c0ff"))).isInstanceOf(DiscoveryMessage.Query.class);
    }

    @Test
    void aStringOtherThanQIsNotAQuery() {
        assertThat(DiscoveryCodec.decode(HEX.parseHex("a178"))).isInstanceOf(DiscoveryMessage.OtherString.class);
        assertThat(DiscoveryCodec.decode(HEX.parseHex("a271 71".replace(" ", ""))))
                .isInstanceOf(DiscoveryMessage.OtherString.class);
    }

    @Test
    void badDhtPayloadsAreCountedAndTheRestOfThePacketIsStillRead() throws IOException {
        String id = ID.toHex();
        List<String> badPayloads = List.of(
                "c0", // nil
                "92c414" + id + "cd107e", // two elements
                "93c413" + id.substring(2) + "cd107e00", // 19-byte id
                "93b4" + HEX.formatHex("abcdefghijklmnopqrst".getBytes()) + "cd107e00", // id as str
                "93c414" + id + "ff00", // negative port
                "93c414" + id + "ce0001117000", // port 70000
                "93c414" + id + "cd107ecf0000000100000000", // network 2^32
                "93c414" + id + "cd107ecb3ff0000000000000"); // network as float
        for (String bad : badPayloads) {
            String hex = "82a3646874" + bad + "a3646874" + "93c414" + id + "cd107e00";
            assertThat(DiscoveryCodec.decode(HEX.parseHex(hex))).as(bad).isEqualTo(
                    new DiscoveryMessage.Publish(List.of(new DhtAnnouncement(ID, 4222, 0)), 1, 0));
        }
    }

    @Test
    void malformedDatagramsAreValuesNotExceptions() {
        List<String> malformed = List.of(
                "", // empty
                "c1", // reserved byte
                "a2", // truncated str
                "c40171", // bin "q": OpenDHT wants a str
                "2a", // integer
                "91a171", // array ["q"]
                "c0", // nil
                "81a3646874", // map without its value
                "8f", // map of 15 entries, none there
                "df7fffffff", // map claiming 2^31-1 entries
                "81a3646874dd7fffffff", // array claiming 2^31-1 elements
                "81db7fffffff", // key str claiming 2 GiB
                "81a3646874" + "93c6ffffffff", // bin claiming 4 GiB
                "81a46a616d69c6ffffffff", // unknown service whose value claims 4 GiB
                "81a3646874" + "93c414" + ID.toHex().substring(0, 10)); // id cut short
        for (String hex : malformed) {
            assertThat(DiscoveryCodec.decode(HEX.parseHex(hex))).as(hex)
                    .isInstanceOf(DiscoveryMessage.Malformed.class);
        }
    }

    @Test
    void everyTruncationOfACapturedPublishIsMalformed() {
        byte[] full = packets().stream().filter(x -> x.decoded().isObject()).findFirst().orElseThrow().bytes();
        for (int len = 0; len < full.length; len++) {
            assertThat(DiscoveryCodec.decode(full, 0, len)).as("first %d bytes", len)
                    .isInstanceOf(DiscoveryMessage.Malformed.class);
        }
    }

    private static String hex(DhtAnnouncement a) {
        return HEX.formatHex(DiscoveryCodec.publish(a));
    }

    private static void packDht(MessageBufferPacker p, byte[] id, int port, long net) throws IOException {
        p.packArrayHeader(3).packBinaryHeader(id.length).writePayload(id);
        p.packInt(port).packLong(net);
    }

    private static void packJami(MessageBufferPacker p) throws IOException {
        byte[] account = InfoHash.sha1Of("account".getBytes()).toBytes();
        p.packString("jami");
        p.packArrayHeader(2).packBinaryHeader(20).writePayload(account);
        p.packString("Alice");
    }
}
