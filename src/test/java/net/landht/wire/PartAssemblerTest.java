package net.landht.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;

class PartAssemblerTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final PartAssembler assembler = new PartAssembler(clock);
    private final InetSocketAddress from = new InetSocketAddress("127.0.0.1", 5000);
    private final InfoHash id = InfoHash.fromHex("1111111111111111111111111111111111111111");

    private byte[] packedValue(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** The datagrams OpenDHT would send for a put of {@code value}: header first, then parts in order. */
    private List<Message> putDatagrams(byte[] value) {
        Request.Put put = new Request.Put(new Header(99, 0, false, "RNG1"), id, id,
                List.of(new ValueSlot.Packed(value)), new byte[32], -1);
        List<Message> out = new ArrayList<>();
        for (byte[] d : WireEncoder.encodeDatagrams(put)) {
            out.add(((DecodeResult.Ok) WireDecoder.decode(d)).message());
        }
        return out;
    }

    private Message feed(Message m) {
        return m instanceof ValueData vd ? assembler.onParts(from, vd) : assembler.onHeader(from, m);
    }

    @Test
    void largeValuesAreSentHeaderFirstThenPartsInOrderAndReassemble() {
        byte[] value = packedValue(3000);
        List<Message> dgrams = putDatagrams(value);
        assertThat(dgrams).hasSize(4);
        assertThat(dgrams.get(0)).isInstanceOf(Request.Put.class);
        assertThat(PartAssembler.awaitsParts(dgrams.get(0))).isTrue();
        Message done = null;
        for (Message m : dgrams) {
            done = feed(m);
        }
        assertThat(((ValueSlot.Packed) ((Request.Put) done).values().get(0)).bytes()).isEqualTo(value);
        assertThat(assembler.pendingCount()).isZero();
        assertThat(assembler.bufferedBytes()).isZero();
    }

    @Test
    void partsMayArriveInAnyOrderAndBeforeTheHeader() {
        byte[] value = packedValue(5000);
        List<Message> dgrams = new ArrayList<>(putDatagrams(value));
        Collections.reverse(dgrams);
        Message done = null;
        for (Message m : dgrams) {
            done = feed(m);
        }
        assertThat(((ValueSlot.Packed) ((Request.Put) done).values().get(0)).bytes()).isEqualTo(value);
    }

    @Test
    void overlappingAndOutOfRangePartsAreIgnored() {
        List<Message> dgrams = putDatagrams(packedValue(2000));
        feed(dgrams.get(0));
        assertThat(feed(dgrams.get(1))).isNull();
        assertThat(feed(dgrams.get(1))).isNull();
        assertThat(assembler.lastPartRejected()).isTrue();
        ValueData bad = new ValueData(dgrams.get(1).header(), List.of(new ValueData.Part(0, 1990, new byte[20])));
        assertThat(assembler.onParts(from, bad)).isNull();
        assertThat(assembler.lastPartRejected()).isTrue();
        assertThat(feed(dgrams.get(2))).isNotNull();
    }

    @Test
    void anUnfinishedMessageIsDroppedThreeSecondsAfterItsLastPart() {
        List<Message> dgrams = putDatagrams(packedValue(3000));
        feed(dgrams.get(0));
        feed(dgrams.get(1));
        now = now.plus(Duration.ofSeconds(4));
        assertThat(feed(dgrams.get(2))).isNull();
        assertThat(assembler.expiredCount()).isEqualTo(1);
    }

    @Test
    void headersAnnouncingMoreThanTheBoundAreRefused() {
        Request.Put huge = new Request.Put(new Header(7, 0, false, "RNG1"), id, id,
                Collections.nCopies(20, new ValueSlot.Deferred(65_000)), new byte[32], -1);
        assertThat(assembler.onHeader(from, huge)).isNull();
        assertThat(assembler.pendingCount()).isZero();
        assertThat(assembler.rejectedCount()).isEqualTo(1);
    }
}
