package net.landht.dht;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import net.landht.id.InfoHash;
import net.landht.value.ParseResult;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.wire.Header;
import net.landht.wire.Request;
import net.landht.wire.ValueSlot;
import net.landht.wire.Want;

/**
 * The requests landht sends as a DHT client, well-formed as OpenDHT 2.4 peers expect them (fact sheet §3, §4):
 * {@code get} with the query's conditions only (whole values come back, never a {@code fileds} reply), {@code find},
 * {@code put} of one value with the node's write token and no {@code c} (the value is new), and {@code listen}
 * version 1 with a socket id. {@code w} is sent only when both sockets are open, as OpenDHT does
 * (include/opendht/network_engine.h {@code want()}). Stateless.
 */
final class ClientRequests {
    /** Listen protocol version we speak: updates come as {@code update} requests. Fact sheet §3 {@code ve}. */
    static final int LISTEN_VERSION = 1;

    private ClientRequests() {
    }

    static Want want(DhtNode node) {
        return node.transport().hasIpv4() && node.transport().hasIpv6() ? Want.BOTH : null;
    }

    /** The query as sent: conditions only; null (no {@code q}) when there is none. */
    static Query wireQuery(Query q) {
        return q.where().isEmpty() ? null : new Query(List.of(), q.where());
    }

    static LongFunction<Request> get(DhtNode node, InfoHash key, Query query) {
        Query wire = wireQuery(query);
        Want want = want(node);
        return tid -> new Request.Get(Header.ours(tid, node.networkId()), node.id(), key, wire, want);
    }

    static LongFunction<Request> find(DhtNode node, InfoHash key) {
        Want want = want(node);
        return tid -> new Request.Find(Header.ours(tid, node.networkId()), node.id(), key, want);
    }

    static LongFunction<Request> put(DhtNode node, InfoHash key, Value value, byte[] token) {
        List<ValueSlot> values = List.of(new ValueSlot.Packed(value.packed()));
        return tid -> new Request.Put(Header.ours(tid, node.networkId()), node.id(), key, values, token, -1);
    }

    static LongFunction<Request> listen(DhtNode node, InfoHash key, Query query, byte[] token, long sid) {
        Query wire = wireQuery(query);
        return tid -> new Request.Listen(Header.ours(tid, node.networkId()), node.id(), key, token, sid, wire,
                LISTEN_VERSION);
    }

    /** The values of a reply or update that parse; the others are counted and skipped, as OpenDHT does. */
    static List<Value> parse(List<ValueSlot> slots, ClientCounters counters) {
        List<Value> out = new ArrayList<>(slots.size());
        for (ValueSlot s : slots) {
            if (s instanceof ValueSlot.Packed p && Value.parse(p.bytes()) instanceof ParseResult.Ok ok) {
                out.add(ok.value());
            } else {
                counters.count(ClientCounters.Event.VALUE_UNPARSED);
            }
        }
        return out;
    }
}
