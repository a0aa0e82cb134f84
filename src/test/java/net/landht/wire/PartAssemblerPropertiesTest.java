package net.landht.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;

/**
 * Whatever headers and parts arrive, in any order, overlapping, out of range or never finished, the reassembly
 * buffers stay within their bounds, never throw, and give back only whole values of the announced sizes.
 */
class PartAssemblerPropertiesTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final PartAssembler assembler = new PartAssembler(() -> now);
    private static final InfoHash ID = InfoHash.fromHex("1111111111111111111111111111111111111111");

    private static Request.Put header(long tid, List<ValueSlot> values) {
        return new Request.Put(new Header(tid, 0, false, "o2"), ID, ID, values, new byte[32], -1);
    }

    private void checkBounds() {
        assertThat(assembler.pendingCount()).isBetween(0, PartAssembler.MAX_MESSAGES);
        assertThat(assembler.bufferedBytes()).isBetween(0L, PartAssembler.MAX_BYTES);
    }

    private static void checkComplete(Message done, List<ValueSlot> announced) {
        if (done == null) {
            return;
        }
        List<ValueSlot> values = Messages.valuesOf(done);
        assertThat(values).hasSameSizeAs(announced);
        for (int i = 0; i < values.size(); i++) {
            if (announced.get(i) instanceof ValueSlot.Deferred d) {
                assertThat(values.get(i)).isInstanceOf(ValueSlot.Packed.class);
                assertThat(((ValueSlot.Packed) values.get(i)).bytes()).hasSize(d.size());
            }
        }
    }

    @Property(tries = 300)
    void anySequenceOfHeadersAndPartsStaysWithinTheBounds(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        InetSocketAddress[] sources = new InetSocketAddress[3];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (i + 1)}), 4222);
        }
        java.util.Map<Long, List<ValueSlot>> announced = new java.util.HashMap<>();
        for (int step = 0; step < 400; step++) {
            InetSocketAddress from = sources[r.nextInt(sources.length)];
            long tid = r.nextInt(6);
            switch (r.nextInt(4)) {
                case 0 -> {
                    List<ValueSlot> values = new ArrayList<>();
                    int n = 1 + r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        values.add(r.nextInt(4) == 0 ? new ValueSlot.Packed(new byte[] {(byte) 0x80})
                                : new ValueSlot.Deferred(1 + r.nextInt(r.nextBoolean() ? 3000
                                        : WireDecoder.MAX_PACKED_VALUE)));
                    }
                    announced.put(tid, values);
                    checkComplete(assembler.onHeader(from, header(tid, values)), values);
                }
                case 1, 2 -> {
                    List<ValueData.Part> parts = new ArrayList<>();
                    int n = 1 + r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        int index = new int[] {0, 0, 1, 2, -1, 1024, Integer.MAX_VALUE}[r.nextInt(7)];
                        int offset = switch (r.nextInt(6)) {
                            case 0 -> -1 - r.nextInt(10);
                            case 1 -> Integer.MAX_VALUE - r.nextInt(10);
                            case 2 -> r.nextInt(70_000);
                            default -> ValueData.PART_BYTES * r.nextInt(4);
                        };
                        byte[] d = new byte[new int[] {0, 1, 100, ValueData.PART_BYTES, 5000}[r.nextInt(5)]];
                        parts.add(new ValueData.Part(index, offset, d));
                    }
                    Message done = assembler.onParts(from, new ValueData(new Header(tid, 0, false, null), parts));
                    checkComplete(done, announced.getOrDefault(tid, List.of()));
                }
                default -> now = now.plusMillis(r.nextInt(4000));
            }
            checkBounds();
        }
        now = now.plus(PartAssembler.MAX_MESSAGE_TIME).plusSeconds(1);
        assembler.onParts(sources[0], new ValueData(new Header(99, 0, false, null), List.of()));
        assertThat(assembler.pendingCount()).isLessThanOrEqualTo(1);
        assertThat(assembler.bufferedBytes()).isZero();
    }

    @Test
    void messagesWaitingForPartsAreBoundedAndRefusalsCounted() throws Exception {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4222);
        for (int tid = 0; tid < PartAssembler.MAX_MESSAGES + 5; tid++) {
            assembler.onHeader(from, header(tid, List.of(new ValueSlot.Deferred(10))));
        }
        assertThat(assembler.pendingCount()).isEqualTo(PartAssembler.MAX_MESSAGES);
        assertThat(assembler.rejectedCount()).isEqualTo(5);
        now = now.plus(Duration.ofSeconds(11));
        assembler.onHeader(from, header(1_000_000, List.of(new ValueSlot.Deferred(10))));
        assertThat(assembler.pendingCount()).isEqualTo(1);
        assertThat(assembler.expiredCount()).isEqualTo(PartAssembler.MAX_MESSAGES);
    }

    @Test
    void bytesWaitingForPartsAreBoundedInAll() throws Exception {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4222);
        List<ValueSlot> oneMiB = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            oneMiB.add(new ValueSlot.Deferred(PartAssembler.MAX_MESSAGE_BYTES / 16));
        }
        int messages = (int) (PartAssembler.MAX_BYTES / PartAssembler.MAX_MESSAGE_BYTES) + 5;
        for (int tid = 0; tid < messages; tid++) {
            assembler.onHeader(from, header(tid, oneMiB));
        }
        assertThat(assembler.bufferedBytes()).isEqualTo(PartAssembler.MAX_BYTES);
        assertThat(assembler.rejectedCount()).isEqualTo(5);
    }

    @Test
    void earlyPartsAreBoundedPerMessage() {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4222);
        for (int i = 0; i < PartAssembler.MAX_EARLY_PARTS + 10; i++) {
            assembler.onParts(from, new ValueData(new Header(7, 0, false, null),
                    List.of(new ValueData.Part(0, i * ValueData.PART_BYTES, new byte[ValueData.PART_BYTES]))));
        }
        assertThat(assembler.bufferedBytes()).isLessThanOrEqualTo(PartAssembler.MAX_EARLY_BYTES);
        assertThat(assembler.rejectedCount()).isGreaterThanOrEqualTo(10);
    }
}
