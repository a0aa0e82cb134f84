package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import net.landht.id.InfoHash;

class DiscoveryHandlerTest {
    private static final InfoHash SELF = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");
    private static final InfoHash PEER = InfoHash.fromHex("3676372358c17706cb496cc29e6e1dde13efe06a");
    private static final InetSocketAddress FROM = new InetSocketAddress("192.168.1.20", 8888);

    private record Fed(InfoHash id, InetSocketAddress at) {
    }

    private final DiscoveryCounters counters = new DiscoveryCounters();
    private final List<InetSocketAddress> answered = new ArrayList<>();
    private final List<Fed> fed = new ArrayList<>();
    private long nanos;
    private final DiscoveryHandler handler = new DiscoveryHandler(SELF, 0, counters, answered::add,
            (id, at) -> fed.add(new Fed(id, at)), new RateLimit(20, 40, () -> nanos),
            new RateLimit(20, 40, () -> nanos));

    private void receive(byte[] data, InetSocketAddress from) {
        handler.onDatagram(data, data.length, from);
    }

    @Test
    void anAnnouncedPeerIsFedAtThePacketSourceWithTheAnnouncedPort() {
        receive(DiscoveryCodec.publish(new DhtAnnouncement(PEER, 4222, 0)), FROM);
        assertThat(fed).containsExactly(new Fed(PEER, new InetSocketAddress("192.168.1.20", 4222)));
        assertThat(counters.announcementsReceived()).isEqualTo(1);
        assertThat(counters.peersFed()).isEqualTo(1);
        assertThat(answered).isEmpty();
    }

    @Test
    void anIpv6AnnouncementKeepsItsLinkLocalScope() throws Exception {
        InetSocketAddress from = new InetSocketAddress(java.net.Inet6Address.getByAddress(null,
                HexFormat.of().parseHex("fe800000000000000000000000000001"), 3), 8888);
        receive(DiscoveryCodec.publish(new DhtAnnouncement(PEER, 4222, 0)), from);
        assertThat(fed).containsExactly(new Fed(PEER, new InetSocketAddress(from.getAddress(), 4222)));
        assertThat(((java.net.Inet6Address) fed.get(0).at().getAddress()).getScopeId()).isEqualTo(3);
    }

    @Test
    void aQueryIsAnsweredToItsSender() {
        receive(DiscoveryCodec.query(), FROM);
        assertThat(answered).containsExactly(FROM);
        assertThat(counters.queriesReceived()).isEqualTo(1);
        assertThat(fed).isEmpty();
    }

    @Test
    void ourOwnAnnouncementIsIgnored() {
        receive(DiscoveryCodec.publish(new DhtAnnouncement(SELF, 4222, 0)), FROM);
        assertThat(fed).isEmpty();
        assertThat(counters.drops(DiscoveryCounters.Drop.OWN_ID)).isEqualTo(1);
    }

    @Test
    void anotherNetworkIdIsIgnored() {
        receive(DiscoveryCodec.publish(new DhtAnnouncement(PEER, 4222, 42)), FROM);
        assertThat(fed).isEmpty();
        assertThat(counters.drops(DiscoveryCounters.Drop.OTHER_NETWORK)).isEqualTo(1);
    }

    @Test
    void portZeroIsNoPeer() {
        receive(DiscoveryCodec.publish(new DhtAnnouncement(PEER, 0, 0)), FROM);
        assertThat(fed).isEmpty();
        assertThat(counters.drops(DiscoveryCounters.Drop.MARTIAN)).isEqualTo(1);
    }

    @Test
    void malformedDatagramsAreCountedAndDropped() {
        receive(HexFormat.of().parseHex("c1"), FROM);
        receive(HexFormat.of().parseHex("81a3646874c0"), FROM);
        receive(HexFormat.of().parseHex("a178"), FROM);
        receive(new byte[0], FROM);
        assertThat(fed).isEmpty();
        assertThat(answered).isEmpty();
        assertThat(counters.drops(DiscoveryCounters.Drop.MALFORMED)).isEqualTo(2);
        assertThat(counters.drops(DiscoveryCounters.Drop.BAD_DHT_PAYLOAD)).isEqualTo(1);
        assertThat(counters.drops(DiscoveryCounters.Drop.OTHER_STRING)).isEqualTo(1);
        assertThat(counters.datagramsReceived()).isEqualTo(4);
    }

    @Test
    void aJamiPacketFeedsItsDhtNodeAndCountsTheOtherService() throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2).packString("jami").packArrayHeader(2).packBinaryHeader(20)
                    .writePayload(new byte[20]).packString("Bob");
            p.packString("dht").packArrayHeader(3).packBinaryHeader(20).writePayload(PEER.toBytes())
                    .packInt(4222).packInt(0);
            receive(p.toByteArray(), FROM);
        }
        assertThat(fed).containsExactly(new Fed(PEER, new InetSocketAddress("192.168.1.20", 4222)));
        assertThat(counters.otherServices()).isEqualTo(1);
    }

    @Test
    void answersToAQueryFloodAreRateLimited() {
        for (int i = 0; i < 100; i++) {
            receive(DiscoveryCodec.query(), FROM);
        }
        assertThat(answered).hasSize(40);
        assertThat(counters.drops(DiscoveryCounters.Drop.RATE_LIMITED)).isEqualTo(60);
        nanos += 1_000_000_000L;
        receive(DiscoveryCodec.query(), FROM);
        assertThat(answered).hasSize(41);
    }

    @Test
    void peersFromAnAnnouncementFloodAreRateLimited() {
        for (int i = 0; i < 100; i++) {
            receive(DiscoveryCodec.publish(new DhtAnnouncement(InfoHash.sha1Of(new byte[] {(byte) i}), 4222, 0)),
                    FROM);
        }
        assertThat(fed).hasSize(40);
        assertThat(counters.drops(DiscoveryCounters.Drop.RATE_LIMITED)).isEqualTo(60);
    }
}
