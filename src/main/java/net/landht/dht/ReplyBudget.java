package net.landht.dht;

import java.util.ArrayList;
import java.util.List;

import net.landht.id.NodeInfo;
import net.landht.wire.Message;
import net.landht.wire.Messages;
import net.landht.wire.Reply;
import net.landht.wire.ValueSlot;
import net.landht.wire.WireEncoder;

/**
 * The bytes one received request may still make us send (replies, value parts, errors), when its source never
 * answered us: {@link VerifiedSources#MAX_AMPLIFICATION} times the request's bytes, less a verification ping sent
 * because of it. {@link #fit} makes each outgoing message fit what is left: a reply with too many node records loses
 * the farthest ones; a message that still does not fit (values, a {@code fileds} selection) is not sent at all —
 * an empty or value-less get reply would end an OpenDHT search without the values (src/dht.cpp
 * {@code onGetValuesDone}, src/search.h {@code SearchNode::canGet}), while an unanswered one is sent again after
 * 1.0–1.25 s (src/network_engine.cpp {@code requestStep}), by when the source answered our ping. A verified source
 * gets an {@link #unlimited()} budget.
 *
 * <p>Event loop only; one instance per request being answered.
 */
final class ReplyBudget {
    private static final ReplyBudget UNLIMITED = new ReplyBudget(Long.MAX_VALUE);
    /** Bytes a node record costs in {@code n4} / {@code n6} (fact sheet §5). */
    private static final int NODE4_BYTES = 26;
    private static final int NODE6_BYTES = 38;

    private long remaining;

    private ReplyBudget(long bytes) {
        this.remaining = bytes;
    }

    /** No limit (a verified source, or the rule is off). Shared: spending on it changes nothing. */
    static ReplyBudget unlimited() {
        return UNLIMITED;
    }

    /**
     * @param requestBytes  bytes of the datagram that brought the request
     * @param reservedBytes bytes already promised to the source for this request (a verification ping)
     */
    static ReplyBudget forUnverified(int requestBytes, int reservedBytes) {
        return new ReplyBudget(Math.max(0, (long) VerifiedSources.MAX_AMPLIFICATION * requestBytes - reservedBytes));
    }

    boolean isLimited() {
        return this != UNLIMITED;
    }

    /** Bytes left to send. */
    long remaining() {
        return remaining;
    }

    /**
     * The datagrams to send for {@code m} within what is left, charged to the budget: {@code m}'s own datagrams,
     * those of {@code m} with fewer node records (then {@code onTrim} runs once), or null when nothing fits.
     */
    List<byte[]> fit(Message m, Runnable onTrim) {
        if (!isLimited()) {
            return WireEncoder.encodeDatagrams(m);
        }
        if (packedValueBytes(m) > remaining) {
            return null; // values alone are over: do not encode kilobytes of parts to throw them away
        }
        List<byte[]> datagrams = WireEncoder.encodeDatagrams(m);
        long over = total(datagrams) - remaining;
        if (over > 0 && m instanceof Reply r) {
            Reply smaller = r;
            while (over > 0 && !(smaller.nodes4().isEmpty() && smaller.nodes6().isEmpty())) {
                smaller = withoutFarthest(smaller, over);
                datagrams = WireEncoder.encodeDatagrams(smaller);
                over = total(datagrams) - remaining;
            }
            if (over <= 0) {
                onTrim.run();
            }
        }
        if (over > 0) {
            return null;
        }
        remaining -= total(datagrams);
        return datagrams;
    }

    /** {@code r} without enough of its farthest records to save about {@code bytes} (at least one record). */
    private static Reply withoutFarthest(Reply r, long bytes) {
        List<NodeInfo> n4 = new ArrayList<>(r.nodes4());
        List<NodeInfo> n6 = new ArrayList<>(r.nodes6());
        long saved = 0;
        while (saved < bytes && !(n4.isEmpty() && n6.isEmpty())) {
            if (n6.size() >= n4.size()) {
                n6.remove(n6.size() - 1);
                saved += NODE6_BYTES;
            } else {
                n4.remove(n4.size() - 1);
                saved += NODE4_BYTES;
            }
        }
        return new Reply(r.header(), r.id(), r.sa(), n4, n6, r.token(), r.values(), r.fields(), r.vid());
    }

    /** Bytes of the packed values {@code m} carries (0 for values not received yet). */
    static int packedValueBytes(Message m) {
        int sum = 0;
        for (ValueSlot v : Messages.valuesOf(m)) {
            if (v instanceof ValueSlot.Packed p) {
                sum += p.bytes().length;
            }
        }
        return sum;
    }

    static long total(List<byte[]> datagrams) {
        long sum = 0;
        for (byte[] d : datagrams) {
            sum += d.length;
        }
        return sum;
    }
}
