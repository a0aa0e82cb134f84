package net.landht.wire;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles values that travel as {@code p} parts. Messages are keyed by (source address, transaction id), as
 * OpenDHT 4.3 does; parts may arrive in any order and even before their header (fact sheet §13). Overlapping or
 * out-of-range parts are ignored.
 *
 * <p>Bounds (each refusal counted): a message is dropped 10 s after it started or 3 s after its last part
 * (OpenDHT: RX_MAX_PACKET_TIME, RX_TIMEOUT); early parts of a message are kept up to 98 datagrams and 122,912 bytes
 * (RX_MAX_EARLY_*); at most {@link #MAX_MESSAGES} messages and {@link #MAX_BYTES} bytes are buffered in all.
 *
 * <p>Not thread-safe: event loop only.
 */
public final class PartAssembler {
    /** Whole-message time limit. OpenDHT: include/opendht/network_engine.h, RX_MAX_PACKET_TIME. */
    public static final Duration MAX_MESSAGE_TIME = Duration.ofSeconds(10);
    /** Time limit between parts. OpenDHT: RX_TIMEOUT. */
    public static final Duration MAX_PART_GAP = Duration.ofSeconds(3);
    /** Early parts kept per message. OpenDHT: RX_MAX_EARLY_PACKETS. */
    public static final int MAX_EARLY_PARTS = 98;
    /** Early bytes kept per message. OpenDHT: RX_MAX_EARLY_BYTES. */
    public static final int MAX_EARLY_BYTES = 56 * 1024 + 64 * 1024 + 32;
    /** Messages being reassembled at once. landht's bound. */
    public static final int MAX_MESSAGES = 1024;
    /** Announced bytes one message may wait for. landht's bound (a put carries one value of ≤ 64 KiB). */
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    /** Bytes buffered in all. landht's bound. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    private final InstantSource clock;
    private final Map<Key, Pending> pending = new LinkedHashMap<>(16, 0.75f, true);
    private long bufferedBytes;
    private boolean lastRejected;
    private long rejected;
    private long expired;
    private long completed;

    public PartAssembler(InstantSource clock) {
        this.clock = clock;
    }

    /** True when {@code m} announces values by size, so it waits for parts. */
    public static boolean awaitsParts(Message m) {
        for (ValueSlot v : Messages.valuesOf(m)) {
            if (v instanceof ValueSlot.Deferred) {
                return true;
            }
        }
        return false;
    }

    /**
     * A header with announced values arrived. Returns the complete message if its parts were all already here,
     * else null (it waits).
     */
    public Message onHeader(InetSocketAddress from, Message header) {
        Instant now = clock.instant();
        sweep(now);
        Key key = new Key(from, header.header().tid());
        Pending p = pendingFor(key, now);
        if (p == null) {
            return null;
        }
        if (p.header != null) {
            return null; // a retransmitted header: keep assembling the first one
        }
        List<ValueSlot> values = Messages.valuesOf(header);
        long announced = 0;
        for (ValueSlot v : values) {
            announced += v instanceof ValueSlot.Deferred d ? d.size() : 0;
        }
        if (announced > MAX_MESSAGE_BYTES || bufferedBytes + announced > MAX_BYTES) {
            remove(key, p);
            reject();
            return null;
        }
        p.lastPart = now;
        p.header = header;
        p.buffers = new byte[values.size()][];
        p.received = new int[values.size()];
        p.ranges = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof ValueSlot.Deferred d) {
                p.buffers[i] = new byte[d.size()];
                p.ranges.add(new ArrayList<>());
                bufferedBytes += d.size();
            } else {
                p.ranges.add(null);
            }
        }
        bufferedBytes -= p.earlyBytes;
        List<ValueData.Part> early = p.early;
        p.early = null;
        p.earlyBytes = 0;
        if (early != null) {
            for (ValueData.Part part : early) {
                apply(p, part);
            }
        }
        return finishIfComplete(key, p);
    }

    /** Parts arrived. Returns the complete message when this completed it, else null. */
    public Message onParts(InetSocketAddress from, ValueData data) {
        Instant now = clock.instant();
        sweep(now);
        lastRejected = false;
        Key key = new Key(from, data.header().tid());
        Pending p = pendingFor(key, now);
        if (p == null) {
            return null;
        }
        p.lastPart = now;
        for (ValueData.Part part : data.parts()) {
            if (p.header == null) {
                if (p.early.size() >= MAX_EARLY_PARTS || p.earlyBytes + part.data().length > MAX_EARLY_BYTES
                        || bufferedBytes + part.data().length > MAX_BYTES) {
                    reject();
                    continue;
                }
                p.early.add(part);
                p.earlyBytes += part.data().length;
                bufferedBytes += part.data().length;
            } else if (!apply(p, part)) {
                reject();
            }
        }
        return p.header == null ? null : finishIfComplete(key, p);
    }

    /** True when a message from {@code from} with transaction id {@code tid} is being reassembled. */
    public boolean isAssembling(InetSocketAddress from, long tid) {
        return pending.containsKey(new Key(from, tid));
    }

    /** True when the last {@link #onParts} call ignored a part (overlap, out of range, over a bound). */
    public boolean lastPartRejected() {
        return lastRejected;
    }

    /** Messages waiting for parts. */
    public int pendingCount() {
        return pending.size();
    }

    public long bufferedBytes() {
        return bufferedBytes;
    }

    public long rejectedCount() {
        return rejected;
    }

    public long expiredCount() {
        return expired;
    }

    public long completedCount() {
        return completed;
    }

    /** The message being assembled under {@code key}, a new one, or null when {@link #MAX_MESSAGES} are pending. */
    private Pending pendingFor(Key key, Instant now) {
        Pending p = pending.get(key);
        if (p != null) {
            return p;
        }
        if (pending.size() >= MAX_MESSAGES) {
            reject();
            return null;
        }
        p = new Pending(now);
        pending.put(key, p);
        return p;
    }

    private void reject() {
        lastRejected = true;
        rejected++;
    }

    private boolean apply(Pending p, ValueData.Part part) {
        int i = part.index();
        if (i < 0 || i >= p.buffers.length || p.buffers[i] == null) {
            return false;
        }
        byte[] buf = p.buffers[i];
        int from = part.offset();
        if (from < 0 || part.data().length == 0 || (long) from + part.data().length > buf.length) {
            return false; // in long: a huge offset must not wrap around into range
        }
        int to = from + part.data().length;
        for (int[] r : p.ranges.get(i)) {
            if (from < r[1] && r[0] < to) {
                return false;
            }
        }
        p.ranges.get(i).add(new int[] {from, to});
        System.arraycopy(part.data(), 0, buf, from, part.data().length);
        p.received[i] += part.data().length;
        return true;
    }

    private Message finishIfComplete(Key key, Pending p) {
        for (int i = 0; i < p.buffers.length; i++) {
            if (p.buffers[i] != null && p.received[i] != p.buffers[i].length) {
                return null;
            }
        }
        remove(key, p);
        completed++;
        List<ValueSlot> values = new ArrayList<>(p.buffers.length);
        List<ValueSlot> announced = Messages.valuesOf(p.header);
        for (int i = 0; i < p.buffers.length; i++) {
            values.add(p.buffers[i] != null ? new ValueSlot.Packed(p.buffers[i]) : announced.get(i));
        }
        return Messages.withValues(p.header, values);
    }

    private void remove(Key key, Pending p) {
        pending.remove(key);
        bufferedBytes -= p.earlyBytes;
        if (p.buffers != null) {
            for (byte[] b : p.buffers) {
                if (b != null) {
                    bufferedBytes -= b.length;
                }
            }
        }
    }

    /** Drops messages past their time limits; oldest activity first (the map is in access order). */
    private void sweep(Instant now) {
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        List<Map.Entry<Key, Pending>> stale = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Key, Pending> e = it.next();
            Pending p = e.getValue();
            boolean late = p.lastPart.plus(MAX_PART_GAP).isBefore(now) || p.started.plus(MAX_MESSAGE_TIME).isBefore(now);
            if (!late) {
                break;
            }
            stale.add(e);
        }
        for (Map.Entry<Key, Pending> e : stale) {
            remove(e.getKey(), e.getValue());
            expired++;
        }
    }



    private record Key(InetSocketAddress from, long tid) {
    }

    private static final class Pending {
        final Instant started;
        Instant lastPart;
        Message header;
        byte[][] buffers;
        int[] received;
        List<List<int[]>> ranges;
        List<ValueData.Part> early = new ArrayList<>();
        int earlyBytes;

        Pending(Instant now) {
            this.started = now;
            this.lastPart = now;
        }
    }
}
