package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;
import net.landht.net.DatagramSender;
import net.landht.net.InvalidSources;
import net.landht.net.ReceiveGuard;
import net.landht.net.WriteTokens;
import net.landht.storage.Storage;
import net.landht.testing.ManualScheduler;
import net.landht.value.ValuePacker;
import net.landht.wire.ErrorReply;
import net.landht.wire.Header;
import net.landht.wire.Message;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.Want;
import net.landht.wire.WireEncoder;

/** The receive path's protections, through a whole node: rate limits, filters, bounds, amplification, errors. */
class DhtNodeProtectionTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final CapturingSender out = new CapturingSender();
    private final InfoHash self = InfoHash.fromHex("8000000000000000000000000000000000000000");
    private final InetSocketAddress lanA = addr("192.168.1.10", 4222);
    private final InetSocketAddress lanB = addr("192.168.1.11", 4222);
    private final InfoHash idA = InfoHash.fromHex("8100000000000000000000000000000000000000");
    private final InfoHash idB = InfoHash.fromHex("0100000000000000000000000000000000000000");
    private DhtService dht = service(NodeConfig.defaults());

    private DhtService service(NodeConfig config) {
        return new DhtService(config, self, out, clock, clock, new SplittableRandom(7), List::of);
    }

    private static NodeConfig withLimits(NodeConfig.Limits limits) {
        NodeConfig d = NodeConfig.defaults();
        return new NodeConfig(d.dht(), d.storage(), d.persistence(), d.discovery(), d.ops(), limits, d.logging());
    }

    static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(net.landht.config.InetLiterals.parse(ip), port);
    }

    static Header h(long tid) {
        return new Header(tid, 0, false, "RNG1");
    }

    private void receive(InetSocketAddress from, Message m) {
        dht.onDatagram(WireEncoder.encode(m), from);
    }

    private int pongsAfterPings(InetSocketAddress from, InfoHash id, int count) {
        for (int i = 0; i < count; i++) {
            receive(from, new Request.Ping(h(1000 + i), id));
        }
        return out.take(Reply.class).size();
    }

    /** {@code id} at {@code at} pings us and answers our ping-back: a good node. */
    private void makeGood(DhtService node, InfoHash id, InetSocketAddress at) {
        node.onDatagram(WireEncoder.encode(new Request.Ping(h(1), id)), at);
        CapturingSender.Sent pingBack = out.sent.stream()
                .filter(s -> s.to().equals(at) && s.message() instanceof Request.Ping).findFirst().orElseThrow();
        node.onDatagram(WireEncoder.encode(Reply.simple(h(pingBack.message().header().tid()), id,
                at.getAddress().getAddress())), at);
        out.sent.clear();
    }

    /** An id in bucket number {@code j} counted from ours: ours with bit {@code j} (from the end) flipped. */
    private InfoHash nearSelf(int j) {
        return withBitFlipped(self, j);
    }

    /** {@code id} with bit {@code j} (from the end) flipped: an id in bucket number {@code j} counted from it. */
    static InfoHash withBitFlipped(InfoHash id, int j) {
        BigInteger v = new BigInteger(1, id.toBytes()).flipBit(j);
        byte[] b = v.toByteArray();
        byte[] out = new byte[20];
        System.arraycopy(b, Math.max(0, b.length - 20), out, Math.max(0, 20 - b.length), Math.min(20, b.length));
        return InfoHash.of(out);
    }

    // ---- rate limits -------------------------------------------------------------------------------------------

    @Test
    void aFloodFromOneSourceIsCutAtItsRateWhileAnotherSourceIsServed() {
        assertThat(pongsAfterPings(lanA, idA, 3000)).isEqualTo(1024);
        assertThat(dht.counters().drops(DhtCounters.Drop.RATE_LIMITED)).isEqualTo(3000 - 1024);

        assertThat(pongsAfterPings(lanB, idB, 10)).isEqualTo(10);

        clock.advance(Duration.ofSeconds(1));
        assertThat(pongsAfterPings(lanA, idA, 3000)).isEqualTo(1024);
    }

    @Test
    void theGlobalLimitHoldsForManySourcesTogether() {
        dht = service(withLimits(new NodeConfig.Limits(100, 1024, List.of(), List.of(), true)));
        int answered = 0;
        for (int i = 1; i <= 20; i++) {
            answered += pongsAfterPings(addr("10.0.0." + i, 4222), nearSelf(i), 10);
        }
        assertThat(answered).isEqualTo(100);
        assertThat(dht.counters().drops(DhtCounters.Drop.RATE_LIMITED_GLOBAL)).isEqualTo(100);
    }

    @Test
    void exemptSourcesAreNotRateLimited() {
        dht = service(withLimits(new NodeConfig.Limits(8192, 10, List.of("192.168.1.0/24"), List.of(), true)));
        assertThat(pongsAfterPings(lanA, idA, 500)).isEqualTo(500);
        assertThat(pongsAfterPings(addr("10.0.0.1", 4222), idB, 500)).isEqualTo(10);
    }

    @Test
    void theNoRateLimitSettingLiftsBothLimits() {
        dht = service(withLimits(new NodeConfig.Limits(0, 0, List.of(), List.of(), true)));
        assertThat(pongsAfterPings(lanA, idA, 20_000)).isEqualTo(20_000);
    }

    @Test
    void repliesAreNotRateLimitedAndRepliesWithUnknownTidsAreNeverAnswered() {
        dht = service(withLimits(new NodeConfig.Limits(8192, 5, List.of(), List.of(), true)));
        pongsAfterPings(lanA, idA, 10);
        out.sent.clear();
        for (int i = 0; i < 50; i++) {
            receive(lanA, Reply.simple(h(777_000 + i), idA, new byte[] {127, 0, 0, 1}));
            receive(lanA, new ErrorReply(h(888_000 + i), 401, "x", idA));
        }
        assertThat(out.sent).isEmpty();
        assertThat(dht.counters().drops(DhtCounters.Drop.UNSOLICITED_REPLY)).isEqualTo(100);
        assertThat(dht.counters().drops(DhtCounters.Drop.RATE_LIMITED)).isEqualTo(5);
    }

    // ---- source filtering --------------------------------------------------------------------------------------

    @Test
    void withAnAllowListOnlyItsSourcesAreServed() {
        dht = service(withLimits(new NodeConfig.Limits(8192, 1024, List.of(), List.of("192.168.1.0/24"), true)));
        receive(addr("10.0.0.1", 4222), new Request.Ping(h(1), idB));
        assertThat(out.sent).isEmpty();
        assertThat(dht.counters().drops(DhtCounters.Drop.FILTERED)).isEqualTo(1);
        assertThat(pongsAfterPings(lanA, idA, 1)).isEqualTo(1);
    }

    @Test
    void aSourceThatKeepsSendingGarbageIsIgnoredForAMinuteOthersAreNot() {
        InetSocketAddress noisy = addr("192.168.1.66", 5000);
        for (int i = 0; i <= InvalidSources.THRESHOLD; i++) {
            dht.onDatagram(new byte[] {(byte) 0xc1, (byte) i}, noisy);
        }
        assertThat(pongsAfterPings(addr("192.168.1.66", 5001), idA, 1)).as("same IP, other port").isZero();
        assertThat(dht.counters().drops(DhtCounters.Drop.IGNORED)).isEqualTo(1);
        assertThat(pongsAfterPings(lanB, idB, 1)).isEqualTo(1);

        clock.advance(InvalidSources.IGNORE_FOR.plusSeconds(1));
        assertThat(pongsAfterPings(noisy, idA, 1)).isEqualTo(1);
    }

    @Test
    void unknownQueryNamesDoNotCountAsGarbage() {
        byte[] foo = WireEncoder.encode(new Request.Ping(h(5), idA));
        String hex = java.util.HexFormat.of().formatHex(foo).replace("a470696e67", "a3666f6f"); // "ping" -> "foo"
        byte[] unknown = java.util.HexFormat.of().parseHex(hex);
        for (int i = 0; i < 200; i++) {
            dht.onDatagram(unknown, lanA);
        }
        assertThat(dht.counters().decodeErrors(net.landht.wire.DecodeError.UNKNOWN_QUERY)).isEqualTo(200);
        assertThat(pongsAfterPings(lanA, idA, 1)).isEqualTo(1);
    }

    // ---- admission ---------------------------------------------------------------------------------------------

    @Test
    void aNodeLearnedFromAReplyIsNotHandedOutUntilItAnswersUs() {
        makeGood(dht, idA, lanA);
        InfoHash idC = nearSelf(3);
        InetSocketAddress lanC = addr("192.168.1.12", 4222);
        dht.node().pingAddress(lanA, null, null);
        long tid = out.take(Request.Ping.class).get(0).header().tid();
        receive(lanA, new Reply(h(tid), idA, null, List.of(new NodeInfo(idC, lanC)), List.of(), null, List.of(),
                null, 0));
        assertThat(dht.node().table4().find(idC)).isNotNull();

        receive(lanB, new Request.Find(h(2), idB, idC, null));
        assertThat(out.take(Reply.class).get(0).nodes4()).extracting(NodeInfo::id).contains(idA).doesNotContain(idC);
    }

    @Test
    void aKnownIdSeenAtANewAddressIsReverifiedAtItsOldOneBeforeItMoves() {
        makeGood(dht, idA, lanA);
        InetSocketAddress elsewhere = addr("192.168.1.99", 4222);

        receive(elsewhere, new Request.Ping(h(3), idA));

        assertThat(out.take(Reply.class)).as("the request is still answered").hasSize(1);
        assertThat(out.sent).extracting(CapturingSender.Sent::to).as("a ping to the old address, and one to verify "
                + "the new one (limits.verify-sources-before-values)").containsExactlyInAnyOrder(lanA, elsewhere);
        out.sent.clear();
        assertThat(dht.node().table4().find(idA).address()).isEqualTo(lanA);
        receive(lanB, new Request.Find(h(4), idB, idA, null));
        assertThat(out.take(Reply.class).get(0).nodes4()).contains(new NodeInfo(idA, lanA))
                .doesNotContain(new NodeInfo(idA, elsewhere));
    }

    // ---- bounds ------------------------------------------------------------------------------------------------

    @Test
    void ourPendingRequestsAreBoundedAndRefusalsCounted() {
        for (int i = 0; i < DhtNode.MAX_PENDING_REQUESTS + 3; i++) {
            dht.node().pingAddress(addr("10.1." + (i / 250) + "." + (1 + i % 250), 4222), null, null);
        }
        assertThat(dht.node().pendingRequests()).isEqualTo(DhtNode.MAX_PENDING_REQUESTS);
        assertThat(dht.counters().overflows(DhtCounters.Overflow.PENDING_REQUESTS)).isEqualTo(3);
    }

    @Test
    void thePingBackMemoryIsBoundedAndEvictionsCounted() {
        SplittableRandom random = new SplittableRandom(3);
        DhtNode node = new DhtNode(self, 0, out, clock, clock, random, ReceiveGuard.open(), 16, false);
        WriteTokens tokens = new WriteTokens(clock, random);
        StorageService storage = new StorageService(node, new Storage(NodeConfig.defaults().storage(), clock,
                new ListenerPush(node, tokens)), clock);
        QueryResponder responder = new QueryResponder(node, tokens, storage);
        storage.setResponder(responder);
        node.setResponder(responder);

        int pingsBack = 0;
        for (int j = 0; j < 40; j++) {
            InetSocketAddress at = addr("127.0.0.1", 20_000 + j);
            node.onDatagram(WireEncoder.encode(new Request.Ping(h(j), nearSelf(j))), at);
            for (Request.Ping p : out.take(Request.Ping.class)) { // answered, so the table keeps splitting
                pingsBack++;
                node.onDatagram(WireEncoder.encode(Reply.simple(h(p.header().tid()), nearSelf(j), new byte[4])), at);
            }
        }
        assertThat(pingsBack).isEqualTo(40);
        assertThat(node.pingBackMemorySize()).isEqualTo(16);
        assertThat(node.counters().overflows(DhtCounters.Overflow.PING_BACK_MEMORY)).isEqualTo(24);
    }

    // ---- amplification (with limits.verify-sources-before-values off; on: SourceVerificationTest) --------------

    /** The defaults with {@code limits.verify-sources-before-values} off. */
    static NodeConfig withoutVerification() {
        NodeConfig.Limits l = NodeConfig.defaults().limits();
        return withLimits(new NodeConfig.Limits(l.globalRequestsPerSecond(), l.perSourceRequestsPerSecond(),
                l.exempt(), l.allow(), false));
    }

    @Test
    void anUnverifiedRequesterGetsAtMostSixteenNodesPerFamilyAVerifiedOneMoreNodes() {
        dht = service(withoutVerification());
        for (int j = 0; j < 30; j++) {
            makeGood(dht, nearSelf(j), addr("127.0.0.1", 30_000 + j));
        }
        Request.Find find = new Request.Find(h(9), idB, self, new Want(true, false));
        byte[] request = WireEncoder.encode(find);
        dht.onDatagram(request, lanB);
        CapturingSender.Sent reply = out.sent.stream().filter(s -> s.message() instanceof Reply).findFirst()
                .orElseThrow();
        assertThat(((Reply) reply.message()).nodes4()).hasSize(QueryResponder.UNVERIFIED_NODES);
        assertThat((double) reply.bytes().length / request.length).as("amplification factor").isLessThan(7.0);
        out.sent.clear();

        InetSocketAddress verified = addr("127.0.0.1", 30_001);
        receive(verified, new Request.Find(h(10), nearSelf(1), self, new Want(true, false)));
        assertThat(out.take(Reply.class).get(0).nodes4()).hasSize(QueryResponder.VERIFIED_NODES4);
    }

    @Test
    void valueRepliesToAnUnverifiedSourceStayWithinItsByteBudget() {
        dht = service(withoutVerification());
        InfoHash key = nearSelf(77);
        byte[] data = new byte[60_000];
        for (int i = 1; i <= 4; i++) {
            assertThat(dht.storage().put(key, ValuePacker.plain(i, 0, data, null), lanB.getAddress(), -1).stored())
                    .isTrue();
        }
        InetSocketAddress spoofed = addr("203.0.113.5", 4222);
        receive(spoofed, new Request.Get(h(1), idA, key, null, null));
        int first = answers(spoofed);
        assertThat(first).as("the first get is answered: a header and its parts").isGreaterThan(100);
        out.sent.clear();

        receive(spoofed, new Request.Get(h(2), idA, key, null, null));
        assertThat(answers(spoofed)).isZero();
        assertThat(dht.counters().drops(DhtCounters.Drop.AMPLIFICATION)).isEqualTo(1);

        receive(lanB, new Request.Get(h(3), idB, key, null, null));
        assertThat(answers(lanB)).as("another destination has its own budget").isEqualTo(first);

        clock.advance(Duration.ofSeconds(4));
        out.sent.clear();
        receive(spoofed, new Request.Get(h(4), idA, key, null, null));
        assertThat(answers(spoofed)).as("refilled after 4 s").isEqualTo(first);
    }

    /** Replies and value parts sent to {@code to} (not our own requests), forgetting everything sent. */
    private int answers(InetSocketAddress to) {
        long n = out.sent.stream().filter(s -> s.to().equals(to) && !(s.message() instanceof Request)).count();
        out.sent.clear();
        return (int) n;
    }

    @Test
    void aVerifiedSourceIsNeverChargedForValues() {
        InfoHash key = nearSelf(77);
        byte[] data = new byte[60_000];
        for (int i = 1; i <= 4; i++) {
            dht.storage().put(key, ValuePacker.plain(i, 0, data, null), lanB.getAddress(), -1);
        }
        makeGood(dht, idA, lanA);
        for (int i = 0; i < 20; i++) {
            receive(lanA, new Request.Get(h(100 + i), idA, key, null, null));
        }
        assertThat(out.take(Reply.class)).hasSize(20);
        assertThat(dht.counters().drops(DhtCounters.Drop.AMPLIFICATION)).isZero();
    }

    private static final int PUT_BURST = 4 * 1024 / ReceiveGuard.PUT_SHARE;

    @Test
    void putsOverTheirSourcesPutLimitAreDroppedOtherSourcesStillPut() {
        receive(lanA, new Request.Find(h(1), idA, idA, null));
        byte[] token = out.take(Reply.class).get(0).token();
        List<net.landht.wire.ValueSlot> value = List.of(new net.landht.wire.ValueSlot.Packed(
                ValuePacker.plain(7, 0, new byte[] {1, 2, 3}, null).packed()));
        for (int i = 0; i < PUT_BURST + 40; i++) {
            receive(lanA, new Request.Put(h(100 + i), idA, idB, value, token, -1));
        }
        assertThat(out.take(Reply.class)).as("acks").hasSize(PUT_BURST);
        assertThat(dht.counters().drops(DhtCounters.Drop.PUT_RATE_LIMITED)).isEqualTo(40);

        receive(lanB, new Request.Find(h(2), idB, idB, null));
        byte[] tokenB = out.take(Reply.class).get(0).token();
        receive(lanB, new Request.Put(h(3), idB, idB, value, tokenB, -1));
        assertThat(out.take(Reply.class)).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        receive(lanA, new Request.Put(h(4), idA, idB, value, token, -1));
        assertThat(out.take(Reply.class)).as("refilled").hasSize(1);
    }

    // ---- errors and failures -----------------------------------------------------------------------------------

    @Test
    void errorsAreValidMsgpackCarryingOurIdAndTheNetworkId() throws Exception {
        NodeConfig d = NodeConfig.defaults();
        NodeConfig.Dht net42 = new NodeConfig.Dht(d.dht().port(), d.dht().bind4(), d.dht().bind6(), true, true, 42,
                List.of(), null);
        dht = service(new NodeConfig(net42, d.storage(), d.persistence(), d.discovery(), d.ops(), d.limits(),
                d.logging()));
        receive(lanA, new Request.Get(new Header(9, 42, false, "o2"), idA, null, null, null));

        CapturingSender.Sent e = firstError();
        Map<Value, Value> m = MessagePack.newDefaultUnpacker(e.bytes()).unpackValue().asMapValue().map();
        assertThat(m.get(str("y")).asStringValue().asString()).isEqualTo("e");
        assertThat(m.get(str("n")).asIntegerValue().toLong()).isEqualTo(42);
        List<Value> err = m.get(str("e")).asArrayValue().list();
        assertThat(err.get(0).asIntegerValue().toInt()).isEqualTo(203);
        assertThat(err.get(1).isStringValue()).isTrue();
        assertThat(m.get(str("r")).asMapValue().map().get(str("id")).asBinaryValue().asByteArray())
                .isEqualTo(self.toBytes());
        assertThat(m.get(str("t")).asIntegerValue().toLong()).isEqualTo(9);
    }

    @Test
    void errorsOnNetworkZeroCarryNoNetworkId() throws Exception {
        receive(lanA, new Request.Put(h(10), idA, idB, List.of(), new byte[32], -1));
        Map<Value, Value> m = MessagePack.newDefaultUnpacker(firstError().bytes()).unpackValue().asMapValue()
                .map();
        assertThat(m).doesNotContainKey(str("n"));
        assertThat(m.get(str("e")).asArrayValue().get(0).asIntegerValue().toInt()).isEqualTo(401);
    }

    @Test
    void aHandlerThatThrowsIsCountedAndTheNodeCarriesOn() {
        List<InetSocketAddress> sent = new ArrayList<>();
        DatagramSender failing = new DatagramSender() {
            @Override
            public void send(InetSocketAddress to, byte[] datagram) {
                sent.add(to);
                if (sent.size() == 1) {
                    throw new IllegalStateException("simulated bug");
                }
            }

            @Override
            public boolean hasIpv4() {
                return true;
            }

            @Override
            public boolean hasIpv6() {
                return true;
            }
        };
        DhtService node = new DhtService(NodeConfig.defaults(), self, failing, clock, clock, new SplittableRandom(1),
                List::of);
        node.onDatagram(WireEncoder.encode(new Request.Ping(h(1), idA)), lanA);
        assertThat(node.counters().handlerFailures()).isEqualTo(1);
        node.onDatagram(WireEncoder.encode(new Request.Ping(h(2), idB)), lanB);
        assertThat(sent).contains(lanB);
        assertThat(node.counters().handlerFailures()).isEqualTo(1);
    }

    /** The first error sent (a verification ping may come before it). */
    private CapturingSender.Sent firstError() {
        return out.sent.stream().filter(x -> x.message() instanceof ErrorReply).findFirst().orElseThrow();
    }

    private static Value str(String s) {
        return org.msgpack.value.ValueFactory.newString(s);
    }

    @SuppressWarnings("unused")
    private static InetAddress ip(String s) {
        return net.landht.config.InetLiterals.parse(s);
    }
}
