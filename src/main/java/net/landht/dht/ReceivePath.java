package net.landht.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.net.InvalidSources;
import net.landht.net.LogThrottle;
import net.landht.net.Martians;
import net.landht.net.ReceiveGuard;
import net.landht.wire.DecodeError;
import net.landht.wire.DecodeResult;
import net.landht.wire.Message;
import net.landht.wire.Request;
import net.landht.wire.ValueData;
import net.landht.wire.WireDecoder;

/**
 * What every received datagram goes through before {@link DhtNode#dispatch}, in this order: martian sources; the
 * allow-list and sources ignored after a run of invalid datagrams ({@link ReceiveGuard}, before decoding, so they
 * cost next to nothing); decoding (a failure counts against the source); the network id; the request rate limits
 * (requests, and value parts that start a new message; never replies). Each refusal is a counted drop. A handler
 * that throws is a bug: the datagram is counted and logged at ERROR with its bytes, and the node carries on.
 *
 * <p>Event loop only.
 */
final class ReceivePath {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePath.class);

    private final DhtNode node;
    private final ReceiveGuard guard;
    private final DhtCounters counters;
    private final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(1));
    private final LogThrottle ignoreLog = new LogThrottle(Duration.ofSeconds(10));

    ReceivePath(DhtNode node, ReceiveGuard guard) {
        this.node = node;
        this.guard = guard;
        this.counters = node.counters();
    }

    /** One received datagram. Never throws. */
    void onDatagram(byte[] data, InetSocketAddress from) {
        counters.datagramIn();
        try {
            receive(data, from);
        } catch (RuntimeException | StackOverflowError e) {
            counters.handlerFailure();
            long held = failureLog.admit(nanos(node.clock().instant()));
            if (held >= 0) {
                LOG.error("bug: datagram from {} made a handler throw ({} more since the last such line); "
                        + "dropped, node carries on; datagram {}", from, held, HexFormat.of().formatHex(data,
                        0, Math.min(data.length, 256)), e);
            }
        }
    }

    private void receive(byte[] data, InetSocketAddress from) {
        if (Martians.isMartian(from)) {
            counters.drop(DhtCounters.Drop.MARTIAN);
            return;
        }
        long now = nanos(node.clock().instant());
        InetAddress ip = from.getAddress();
        switch (guard.admitSource(ip, now)) {
            case NOT_ALLOWED -> {
                counters.drop(DhtCounters.Drop.FILTERED);
                return;
            }
            case IGNORED -> {
                counters.drop(DhtCounters.Drop.IGNORED);
                return;
            }
            default -> { }
        }
        DecodeResult r = WireDecoder.decode(data);
        if (r instanceof DecodeResult.Failure f) {
            counters.decodeError(f.error());
            LOG.debug("dropped datagram from {}: {} ({})", from, f.error(), f.detail());
            if (f.error() != DecodeError.UNKNOWN_QUERY && guard.onInvalid(ip, now)) {
                long held = ignoreLog.admit(now);
                if (held >= 0) {
                    LOG.info("ignoring {} for {} s: more than {} invalid datagrams within {} s ({} more sources "
                                    + "ignored since the last such line)", ip.getHostAddress(),
                            InvalidSources.IGNORE_FOR.toSeconds(), InvalidSources.THRESHOLD,
                            InvalidSources.WINDOW.toSeconds(), held);
                }
            }
            return;
        }
        Message m = ((DecodeResult.Ok) r).message();
        if (m.header().networkId() != node.networkId()) {
            counters.drop(DhtCounters.Drop.WRONG_NETWORK);
            return;
        }
        boolean request = m instanceof Request
                || m instanceof ValueData vd && !node.parts().isAssembling(from, vd.header().tid());
        if (request) {
            switch (guard.admitRequest(ip, now)) {
                case SOURCE_RATE_LIMITED -> {
                    counters.drop(DhtCounters.Drop.RATE_LIMITED);
                    return;
                }
                case GLOBAL_RATE_LIMITED -> {
                    counters.drop(DhtCounters.Drop.RATE_LIMITED_GLOBAL);
                    return;
                }
                default -> { }
            }
        }
        node.dispatch(m, from, data.length);
    }

    /** {@code i} as nanoseconds since the epoch: the time base of the guard's buckets and windows. */
    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
