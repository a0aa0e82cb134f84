package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.testing.ManualScheduler;
import net.landht.value.ValuePacker;
import net.landht.wire.Header;
import net.landht.wire.Message;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.ValueSlot;
import net.landht.wire.Want;
import net.landht.wire.WireEncoder;

/**
 * {@code limits.verify-sources-before-values}: what a source that never answered one of our requests can make the
 * node send (at most 5× its request), and how answering our ping lifts that.
 */
class SourceVerificationTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final CapturingSender out = new CapturingSender();
    private final InfoHash self = InfoHash.fromHex("8000000000000000000000000000000000000000");
    private final InetSocketAddress source = addr("192.168.1.10", 4222);
    private final InetSocketAddress putter = addr("192.168.1.20", 4222);
    private final InfoHash idSource = InfoHash.fromHex("8100000000000000000000000000000000000000");
    private final InfoHash idPutter = InfoHash.fromHex("0100000000000000000000000000000000000000");
    private final InfoHash key = InfoHash.fromHex("7700000000000000000000000000000000000000");
    private DhtService dht = new DhtService(NodeConfig.defaults(), self, out, clock, clock, new SplittableRandom(5),
            List::of);

    private static InetSocketAddress addr(String ip, int port) {
        return DhtNodeProtectionTest.addr(ip, port);
    }

    private static Header h(long tid) {
        return DhtNodeProtectionTest.h(tid);
    }

    /** Sends {@code m} from {@code from}; returns its bytes. */
    private int receive(InetSocketAddress from, Message m) {
        byte[] b = WireEncoder.encode(m);
        dht.onDatagram(b, from);
        return b.length;
    }

    /** Bytes of every datagram sent to {@code to} so far (requests included), and forgets everything sent. */
    private long bytesTo(InetSocketAddress to) {
        long n = out.sent.stream().filter(s -> s.to().equals(to)).mapToLong(s -> s.bytes().length).sum();
        out.sent.clear();
        return n;
    }

    private void storeLarge() {
        assertThat(dht.storage().put(key, ValuePacker.plain(1, 0, new byte[60_000], null), putter.getAddress(), -1)
                .stored()).isTrue();
    }

    /** Answers the ping the node sent to {@code at} (there must be one). */
    private void answerPing(InetSocketAddress at, InfoHash id) {
        Request.Ping p = out.sent.stream().filter(s -> s.to().equals(at) && s.message() instanceof Request.Ping)
                .map(s -> (Request.Ping) s.message()).findFirst().orElseThrow();
        out.sent.clear();
        receive(at, Reply.simple(h(p.header().tid()), id, at.getAddress().getAddress()));
    }

    private byte[] tokenFor(InetSocketAddress from, InfoHash id) {
        out.take(Reply.class);
        receive(from, new Request.Find(h(40), id, id, null));
        return out.take(Reply.class).get(0).token();
    }

    @Test
    void aGetForALargeValueFromANewSourceGetsOnlyAPingThenTheRetransmissionGetsTheValue() {
        storeLarge();
        Request.Get get = new Request.Get(h(1), idSource, key, null, null);
        int request = receive(source, get);

        assertThat(out.take(Reply.class)).as("no reply yet").isEmpty();
        assertThat(out.sent).extracting(s -> s.message().getClass().getSimpleName()).containsExactly("Ping");
        assertThat(out.sent.get(0).bytes().length).isLessThanOrEqualTo(VerifiedSources.MAX_AMPLIFICATION * request);
        assertThat(dht.sources().withheld(VerifiedSources.Withheld.VALUE_REPLY)).isEqualTo(1);
        assertThat(dht.sources().pingsSent()).isEqualTo(1);

        answerPing(source, idSource);
        assertThat(dht.sources().size()).isEqualTo(1);
        receive(source, get);
        Reply r = out.take(Reply.class).get(0);
        assertThat(r.values()).hasSize(1);
        assertThat(bytesTo(source)).as("header and parts").isGreaterThan(60_000);
    }

    @Test
    void everythingARequestFromANewSourceTriggersIsAtMostFiveTimesItsBytes() {
        for (int j = 0; j < 40; j++) {
            InetSocketAddress peer = addr("127.0.0.1", 30_000 + j);
            InfoHash id = nearSelf(j);
            receive(peer, new Request.Ping(h(1), id));
            answerPing(peer, id);
        }
        out.sent.clear();
        int request = receive(source, new Request.Find(h(2), idSource, self, new Want(true, true)));

        assertThat(bytesTo(source)).isLessThanOrEqualTo((long) VerifiedSources.MAX_AMPLIFICATION * request);
        assertThat(dht.sources().trimmedReplies()).isEqualTo(1);
    }

    @Test
    void aTrimmedFindReplyStillCarriesATokenAndSomeNodes() {
        for (int j = 0; j < 30; j++) {
            InetSocketAddress peer = addr("127.0.0.1", 30_000 + j);
            receive(peer, new Request.Ping(h(1), nearSelf(j)));
            answerPing(peer, nearSelf(j));
        }
        out.sent.clear();
        receive(source, new Request.Find(h(2), idSource, self, null));
        Reply r = out.take(Reply.class).get(0);
        assertThat(r.token()).hasSize(32);
        assertThat(r.nodes4()).isNotEmpty().hasSizeLessThan(QueryResponder.UNVERIFIED_NODES);
    }

    @Test
    void aSmallValueThatFitsIsAnsweredAtOnce() {
        dht.storage().put(key, ValuePacker.plain(1, 0, new byte[] {1, 2, 3}, null), putter.getAddress(), -1);
        int request = receive(source, new Request.Get(h(1), idSource, key, null, null));
        assertThat(out.sent.stream().filter(s -> s.message() instanceof Reply)
                .map(s -> ((Reply) s.message()).values()).findFirst().orElseThrow()).hasSize(1);
        assertThat(bytesTo(source)).isLessThanOrEqualTo((long) VerifiedSources.MAX_AMPLIFICATION * request);
    }

    @Test
    void requestsFromTheSourceDoNotVerifyItOnlyAnAnswerToOurRequestDoes() {
        storeLarge();
        receive(source, new Request.Ping(h(1), idSource));
        receive(source, new Request.Find(h(2), idSource, key, null));
        receive(source, Reply.simple(h(123_456), idSource, new byte[4])); // an answer to nothing we asked
        out.sent.clear();
        receive(source, new Request.Get(h(3), idSource, key, null, null));
        assertThat(out.take(Reply.class)).isEmpty();
        assertThat(dht.sources().size()).isZero();
    }

    @Test
    void aNewSourcePuttingAValueInPartsGetsItsAckEvenWhenTheLastPartIsTiny() {
        byte[] token = tokenFor(source, idSource);
        byte[] packed = null;
        for (int n = 1200; packed == null || packed.length % net.landht.wire.ValueData.PART_BYTES != 1; n++) {
            packed = ValuePacker.plain(3, 0, new byte[n], null).packed();
        }
        Request.Put put = new Request.Put(h(9), idSource, key, List.of(new ValueSlot.Packed(packed)), token, -1);
        List<byte[]> datagrams = WireEncoder.encodeDatagrams(put);
        assertThat(datagrams).hasSize(3);
        for (byte[] d : datagrams) {
            dht.onDatagram(d, source);
        }
        assertThat(out.take(Reply.class)).extracting(Reply::vid).containsExactly(3L);
    }

    @Test
    void aListenFromANewSourceIsNotRegisteredUntilItAnswersOurPing() {
        byte[] token = tokenFor(source, idSource);
        Request.Listen listen = new Request.Listen(h(5), idSource, key, token, 9, null, 1);
        receive(source, listen);
        assertThat(out.take(Reply.class)).isEmpty();
        assertThat(dht.storage().listenerCount()).isZero();
        assertThat(dht.sources().withheld(VerifiedSources.Withheld.LISTEN)).isEqualTo(1);

        answerPing(source, idSource);
        receive(source, listen);
        assertThat(out.take(Reply.class)).hasSize(1);
        assertThat(dht.storage().listenerCount()).isEqualTo(1);
    }

    @Test
    void aListenerWhoseVerificationLapsedGetsNoUpdates() {
        byte[] token = tokenFor(source, idSource);
        answerPing(source, idSource);
        for (int minute = 0; minute < 30; minute += 9) { // re-listens, but never answers our pings again
            receive(source, new Request.Listen(h(5), idSource, key, token, 9, null, 1));
            clock.advance(Duration.ofMinutes(9));
        }
        java.time.Instant answered = clock.instant().minus(Duration.ofMinutes(36));
        assertThat(answered.plus(VerifiedSources.VERIFIED_FOR)).as("lapsed").isBefore(clock.instant());
        assertThat(dht.storage().listenerCount()).as("listened 9 min ago").isEqualTo(1);
        byte[] putToken = tokenFor(putter, idPutter);
        out.sent.clear();
        receive(putter, new Request.Put(h(6), idPutter, key, List.of(new ValueSlot.Packed(
                ValuePacker.plain(7, 0, new byte[] {1}, null).packed())), putToken, -1));
        assertThat(out.sent.stream().filter(s -> s.to().equals(source))).isEmpty();
        assertThat(dht.sources().withheld(VerifiedSources.Withheld.UPDATE)).isEqualTo(1);
    }

    @Test
    void aVerifiedListenerGetsUpdatesAndItsAnswersKeepItVerified() {
        byte[] token = tokenFor(source, idSource);
        answerPing(source, idSource);
        byte[] putToken = tokenFor(putter, idPutter);
        Duration step = Duration.ofMinutes(8); // re-listens within the listener lifetime (10 min)
        for (int i = 1; i <= 5; i++) { // 40 min: longer than VERIFIED_FOR
            receive(source, new Request.Listen(h(5), idSource, key, token, 9, null, 1));
            out.sent.clear();
            receive(putter, new Request.Put(h(6 + i), idPutter, key, List.of(new ValueSlot.Packed(
                    ValuePacker.plain(i, 0, new byte[] {(byte) i}, null).packed())), putToken, -1));
            List<Request.Update> updates = out.take(Request.Update.class);
            assertThat(updates).as("update %d", i).hasSize(1);
            receive(source, Reply.simple(h(updates.get(0).header().tid()), idSource, new byte[4]));
            clock.advance(step);
        }
        assertThat(dht.sources().withheld(VerifiedSources.Withheld.UPDATE)).isZero();
    }

    @Test
    void verificationLapsesAndAnActiveSourceIsPingedAgainBeforeItDoes() {
        receive(source, new Request.Ping(h(1), idSource));
        answerPing(source, idSource);

        clock.advance(VerifiedSources.REVERIFY_AFTER.minusSeconds(1));
        receive(source, new Request.Ping(h(2), idSource));
        assertThat(out.take(Request.Ping.class)).as("recently verified: no ping").isEmpty();

        clock.advance(Duration.ofSeconds(2));
        receive(source, new Request.Ping(h(3), idSource));
        assertThat(out.take(Request.Ping.class)).as("re-verification").hasSize(1);

        clock.advance(VerifiedSources.VERIFIED_FOR);
        storeLarge();
        out.sent.clear();
        receive(source, new Request.Get(h(4), idSource, key, null, null));
        assertThat(out.take(Reply.class)).as("lapsed: withheld again").isEmpty();
    }

    @Test
    void aSourceIsPingedAtMostOncePerInterval() {
        receive(source, new Request.Ping(h(1), idSource));
        receive(source, new Request.Ping(h(2), idSource));
        assertThat(out.take(Request.Ping.class)).hasSize(1);
        clock.advance(VerifiedSources.PING_INTERVAL);
        receive(source, new Request.Ping(h(3), idSource));
        assertThat(out.take(Request.Ping.class)).hasSize(1);
        assertThat(dht.sources().pingsSent()).isEqualTo(2);
    }

    @Test
    void theVerificationPingGoesOutBeforeTheReplySoTheClientAnswersItBeforeItsNextRequest() {
        receive(source, new Request.Find(h(1), idSource, key, null));
        assertThat(out.sent).extracting(s -> s.message().getClass().getSimpleName())
                .containsExactly("Ping", "Reply");
    }

    @Test
    void aVerificationPingIsSentOnceNotRetransmitted() {
        receive(source, new Request.Ping(h(1), idSource));
        assertThat(out.take(Request.Ping.class)).hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(out.take(Request.Ping.class)).isEmpty();
        assertThat(dht.node().pendingRequests()).isZero();
    }

    @Test
    void unansweredVerificationPingsAreBoundedSoAFloodOfSourcesCannotFillOurPendingRequests() {
        int sources = RequesterPings.MAX_VERIFICATION_PINGS + 50;
        for (int i = 0; i < sources; i++) {
            receive(addr("10." + (i / 65_536) + "." + (i / 256 % 256) + "." + (i % 256), 4222),
                    new Request.Ping(h(i), idSource));
        }
        assertThat(out.take(Request.Ping.class)).hasSize(RequesterPings.MAX_VERIFICATION_PINGS);
        assertThat(dht.counters().overflows(DhtCounters.Overflow.VERIFICATION_PINGS)).isEqualTo(50);
        assertThat(dht.sources().pingsSent()).as("only pings sent are counted")
                .isEqualTo(RequesterPings.MAX_VERIFICATION_PINGS);

        clock.advance(Duration.ofSeconds(2)); // all timed out
        receive(source, new Request.Ping(h(1), idSource));
        assertThat(out.take(Request.Ping.class)).hasSize(1);
    }

    @Test
    void nodesWeBootstrapFromAreVerifiedByTheirAnswer() {
        dht.node().pingAddress(source, null, null);
        answerPing(source, idSource);
        storeLarge();
        receive(source, new Request.Get(h(4), idSource, key, null, null));
        assertThat(out.take(Reply.class)).hasSize(1);
    }

    @Test
    void withTheRuleOffANewSourceGetsTheValueAtOnce() {
        dht = new DhtService(DhtNodeProtectionTest.withoutVerification(), self, out, clock, clock,
                new SplittableRandom(5), List::of);
        storeLarge();
        receive(source, new Request.Get(h(1), idSource, key, null, null));
        assertThat(out.take(Reply.class)).hasSize(1);
        assertThat(dht.sources().pingsSent()).isZero();
    }

    @Test
    void theVerifiedTableIsBoundedAndCountsEvictions() {
        VerifiedSources v = new VerifiedSources(4, 4);
        java.time.Instant now = clock.instant();
        for (int i = 0; i < 10; i++) {
            v.onAnswer(addr("10.0.0." + (i + 1), 4222), now);
        }
        assertThat(v.size()).isEqualTo(4);
        assertThat(v.evictions()).isEqualTo(6);
        assertThat(v.isVerified(addr("10.0.0.1", 4222), now)).isFalse();
        assertThat(v.isVerified(addr("10.0.0.10", 4222), now)).isTrue();
        assertThat(v.isVerified(addr("10.0.0.10", 4223), now)).as("another port").isFalse();
    }

    private InfoHash nearSelf(int j) {
        return DhtNodeProtectionTest.withBitFlipped(self, j);
    }
}
