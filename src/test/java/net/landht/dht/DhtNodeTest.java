package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.wire.DecodeError;
import net.landht.wire.ErrorReply;
import net.landht.wire.Header;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.testing.ManualScheduler;
import net.landht.wire.WireEncoder;

class DhtNodeTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final CapturingSender out = new CapturingSender();
    private final InfoHash self = InfoHash.fromHex("8000000000000000000000000000000000000000");
    private final DhtService dht = new DhtService(NodeConfig.defaults(), self, out, clock, clock,
            new SplittableRandom(7), List::of);
    private final InetSocketAddress peerA = new InetSocketAddress("127.0.0.1", 40001);
    private final InetSocketAddress peerB = new InetSocketAddress("127.0.0.1", 40002);
    private final InfoHash idA = InfoHash.fromHex("8100000000000000000000000000000000000000");
    private final InfoHash idB = InfoHash.fromHex("0100000000000000000000000000000000000000");

    private void receive(InetSocketAddress from, net.landht.wire.Message m) {
        dht.onDatagram(WireEncoder.encode(m), from);
    }

    private static Header h(long tid) {
        return new Header(tid, 0, false, "RNG1");
    }

    @Test
    void pingIsAnsweredWithOurIdAndTheRequesterAddress() {
        receive(peerA, new Request.Ping(h(77), idA));
        Reply pong = out.take(Reply.class).get(0);
        assertThat(pong.header().tid()).isEqualTo(77);
        assertThat(pong.id()).isEqualTo(self);
        assertThat(pong.sa()).containsExactly(127, 0, 0, 1);
    }

    @Test
    void aRequesterIsHandedOutOnlyAfterItAnsweredOurPing() {
        receive(peerA, new Request.Ping(h(1), idA));
        List<Request.Ping> pingBack = out.take(Request.Ping.class);
        assertThat(pingBack).hasSize(1);
        out.take(Reply.class);

        receive(peerB, new Request.Find(h(2), idB, idA, null));
        Reply before = out.take(Reply.class).get(0);
        assertThat(before.token()).hasSize(32);
        assertThat(before.nodes4()).extracting(NodeInfo::id).doesNotContain(idA);

        receive(peerA, Reply.simple(h(pingBack.get(0).header().tid()), idA, new byte[] {127, 0, 0, 1}));
        receive(peerB, new Request.Find(h(3), idB, idA, null));
        Reply after = out.take(Reply.class).get(0);
        assertThat(after.nodes4()).extracting(NodeInfo::id).startsWith(idA);
        assertThat(after.token()).hasSize(32);
    }

    @Test
    void aRequestFromAnotherNetworkIsDroppedSilently() {
        receive(peerA, new Request.Ping(new Header(5, 42, false, "RNG1"), idA));
        assertThat(out.sent).isEmpty();
        assertThat(dht.counters().drops(DhtCounters.Drop.WRONG_NETWORK)).isEqualTo(1);
    }

    @Test
    void aClientFlagSenderIsServedButNeverInserted() {
        receive(peerA, new Request.Ping(new Header(5, 0, true, "o2"), idA));
        assertThat(out.take(Reply.class)).hasSize(1);
        assertThat(out.take(Request.Ping.class)).as("only the verification ping (limits.verify-sources-before-values),"
                + " no ping-back").hasSize(1);
        assertThat(dht.node().table4().find(idA)).isNull();
    }

    @Test
    void getWithoutKeyGets203() {
        receive(peerA, new Request.Get(h(9), idA, null, null, null));
        ErrorReply e = out.take(ErrorReply.class).get(0);
        assertThat(e.code()).isEqualTo(203);
        assertThat(e.id()).isEqualTo(self);
        assertThat(e.header().tid()).isEqualTo(9);
    }

    @Test
    void putWithWrongTokenGets401() {
        receive(peerA, new Request.Put(h(10), idA, idB, List.of(), new byte[32], -1));
        assertThat(out.take(ErrorReply.class)).extracting(ErrorReply::code).containsExactly(401);
    }

    @Test
    void listenWithoutTokenGets401() {
        receive(peerA, new Request.Listen(h(11), idA, idB, null, 3, null, 1));
        assertThat(out.take(ErrorReply.class)).extracting(ErrorReply::code).containsExactly(401);
    }

    @Test
    void garbageIsCountedAndDropped() {
        dht.onDatagram(new byte[] {(byte) 0x93, 1, 2, 3}, peerA);
        dht.onDatagram(new byte[] {(byte) 0x85, (byte) 0xa1}, peerA);
        assertThat(out.sent).isEmpty();
        assertThat(dht.counters().decodeErrors(DecodeError.NOT_A_MAP)).isEqualTo(1);
        assertThat(dht.counters().decodeErrors()).isEqualTo(2);
    }

    @Test
    void martianSourcesAreDropped() {
        receive(new InetSocketAddress("0.1.2.3", 4222), new Request.Ping(h(1), idA));
        receive(new InetSocketAddress("127.0.0.1", 0), new Request.Ping(h(1), idA));
        assertThat(out.sent).isEmpty();
        assertThat(dht.counters().drops(DhtCounters.Drop.MARTIAN)).isEqualTo(2);
    }

    @Test
    void ourOwnIdIsDropped() {
        receive(peerA, new Request.Ping(h(1), self));
        assertThat(out.sent).isEmpty();
    }
}
