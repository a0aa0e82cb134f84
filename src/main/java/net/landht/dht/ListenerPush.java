package net.landht.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import net.landht.id.InfoHash;
import net.landht.net.WriteTokens;
import net.landht.storage.ListenerId;
import net.landht.storage.StorageEvents;
import net.landht.value.Value;
import net.landht.wire.Header;
import net.landht.wire.LegacyUpdate;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.ValueSlot;

/**
 * Turns storage notifications into messages to listeners. Listen version ≥ 1: an {@code update} request (retried
 * until confirmed, values in chunks of at most 56 KiB as OpenDHT ≥ 2.5 sends them); version 0: a get-style reply or
 * a {@code u} notification with {@code t} = the listener's socket id. Each carries a fresh write token.
 * Nothing is pushed to a listener whose address is no longer verified ({@link DhtNode#mayPushTo}; it was verified
 * when it listened, and stays so while it answers our updates or re-listens).
 * OpenDHT: src/network_engine.cpp {@code sendUpdateValues}, {@code tellListenerRefreshed}, {@code tellListenerExpired};
 * fact sheet §4, §9.
 *
 * <p>Event loop only.
 */
final class ListenerPush implements StorageEvents {
    /** Most packed value bytes in one update. OpenDHT: include/opendht/network_engine.h, MAX_MESSAGE_VALUE_SIZE. */
    static final int MAX_UPDATE_BYTES = 56 * 1024;

    /**
     * The subscriber of a listener: who to push to, and in which protocol version.
     *
     * @param id      the listener's node id
     * @param address where its listen came from
     * @param version its {@code ve}; below 1 = legacy
     */
    record Subscriber(InfoHash id, InetSocketAddress address, int version) {
    }

    private final DhtNode node;
    private final WriteTokens tokens;
    private long updatesSent;

    ListenerPush(DhtNode node, WriteTokens tokens) {
        this.node = node;
        this.tokens = tokens;
    }

    long updatesSent() {
        return updatesSent;
    }

    @Override
    public void onValues(ListenerId listener, InfoHash key, List<Value> values) {
        Subscriber s = (Subscriber) listener.subscriber();
        if (!node.mayPushTo(s.address())) {
            return;
        }
        for (List<ValueSlot> chunk : chunks(values)) {
            if (s.version() >= 1) {
                sendUpdate(s, tid -> new Request.Update(Header.ours(tid, node.networkId()), node.id(), key,
                        listener.sid(), chunk, new long[0], new long[0], tokens.make(s.address()), 1, -1));
            } else {
                Reply r = new Reply(Header.ours(listener.sid(), node.networkId()), node.id(),
                        QueryResponder.sa(s.address()), List.of(), List.of(), tokens.make(s.address()), chunk, null,
                        0);
                sendUnsolicited(s.address(), r);
            }
        }
    }

    @Override
    public void onRefreshed(ListenerId listener, InfoHash key, List<Long> valueIds) {
        notifyIds(listener, key, toArray(valueIds), new long[0]);
    }

    @Override
    public void onExpired(ListenerId listener, InfoHash key, List<Long> valueIds) {
        notifyIds(listener, key, new long[0], toArray(valueIds));
    }

    private void notifyIds(ListenerId listener, InfoHash key, long[] refreshed, long[] expired) {
        Subscriber s = (Subscriber) listener.subscriber();
        if (!node.mayPushTo(s.address())) {
            return;
        }
        if (s.version() >= 1) {
            sendUpdate(s, tid -> new Request.Update(Header.ours(tid, node.networkId()), node.id(), null,
                    listener.sid(), List.of(), refreshed, expired, tokens.make(s.address()), -1, -1));
        } else {
            sendUnsolicited(s.address(), new LegacyUpdate(Header.ours(listener.sid(), node.networkId()), node.id(),
                    tokens.make(s.address()), refreshed, expired));
        }
    }

    private void sendUpdate(Subscriber s, java.util.function.LongFunction<Request> build) {
        if (node.request(s.address(), s.id(), build, null, null)) {
            updatesSent++;
        }
    }

    private void sendUnsolicited(InetSocketAddress to, net.landht.wire.Message m) {
        for (byte[] d : net.landht.wire.WireEncoder.encodeDatagrams(m)) {
            node.sendCounted(to, d);
        }
        updatesSent++;
    }

    /** Splits values into groups of at most {@link #MAX_UPDATE_BYTES} packed bytes (a larger value goes alone). */
    static List<List<ValueSlot>> chunks(List<Value> values) {
        List<List<ValueSlot>> out = new ArrayList<>();
        List<ValueSlot> cur = new ArrayList<>();
        int bytes = 0;
        for (Value v : values) {
            int len = v.packedLength();
            if (!cur.isEmpty() && bytes + len > MAX_UPDATE_BYTES) {
                out.add(cur);
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(new ValueSlot.Packed(v.packed()));
            bytes += len;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static long[] toArray(List<Long> ids) {
        long[] a = new long[ids.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ids.get(i);
        }
        return a;
    }
}
