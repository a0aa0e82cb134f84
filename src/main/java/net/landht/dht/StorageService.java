package net.landht.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.id.NodeInfo;
import net.landht.net.Scheduler;
import net.landht.storage.ListenerId;
import net.landht.storage.PutOutcome;
import net.landht.storage.RefreshOutcome;
import net.landht.storage.SelectedFields;
import net.landht.storage.Storage;
import net.landht.value.ParseResult;
import net.landht.value.Query;
import net.landht.value.Value;
import net.landht.wire.ErrorReply;
import net.landht.wire.FieldsReply;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.ValueSlot;

/**
 * The storage queries of the protocol on top of {@link Storage}: get (whole values or a {@code fileds} selection),
 * put (one ack per parsed value, whatever the store decided, as OpenDHT does), refresh (404 only when the key has no
 * storage at all) and listen (confirmed with a token, as OpenDHT ≥ 3.7.4). Also runs the storage's expiry on one
 * timer set to the next due time: nothing ticks while nothing is due. Fact sheet §4, §6, §9.
 *
 * <p>Event loop only.
 */
final class StorageService {
    private static final Logger LOG = LoggerFactory.getLogger(StorageService.class);
    /** Lower bound between expiry runs, so a burst of short-lived values cannot make the timer spin. */
    private static final Duration MIN_EXPIRY_GAP = Duration.ofMillis(200);

    private final DhtNode node;
    private final Storage storage;
    private final Scheduler scheduler;
    private QueryResponder responder;
    private Scheduler.Cancellable expiryTimer;
    private Instant expiryAt;
    private long valuesUnparsed;

    StorageService(DhtNode node, Storage storage, Scheduler scheduler) {
        this.node = node;
        this.storage = storage;
        this.scheduler = scheduler;
    }

    void setResponder(QueryResponder responder) {
        this.responder = responder;
    }

    Storage storage() {
        return storage;
    }

    /** Values in put requests that could not be parsed (skipped, as OpenDHT does). */
    long valuesUnparsed() {
        return valuesUnparsed;
    }

    void get(Request.Get g, InetSocketAddress from, List<NodeInfo> n4, List<NodeInfo> n6, byte[] token) {
        Query q = g.query() == null ? Query.ALL : g.query();
        List<ValueSlot> values = List.of();
        FieldsReply fields = null;
        if (q.selectsFields()) {
            SelectedFields f = storage.fields(g.key(), q);
            if (f.valueCount() > 0) {
                fields = new FieldsReply(f.fields(), f.values());
            }
        } else {
            List<Value> found = storage.get(g.key(), q);
            List<ValueSlot> slots = new ArrayList<>(found.size());
            for (Value v : found) {
                slots.add(new ValueSlot.Packed(v.packed()));
            }
            values = slots;
        }
        responder.send(from, new Reply(responder.header(g), node.id(), QueryResponder.sa(from), n4, n6, token, values,
                fields, 0));
    }

    void put(Request.Put p, InetSocketAddress from) {
        long created = p.created() >= 0 ? p.created() * 1000 : -1;
        boolean answered = false;
        for (ValueSlot slot : p.values()) {
            if (!(slot instanceof ValueSlot.Packed packed)) {
                continue;
            }
            ParseResult r = Value.parse(packed.bytes());
            if (!(r instanceof ParseResult.Ok ok)) {
                valuesUnparsed++;
                continue;
            }
            Value v = ok.value();
            answered = true;
            if (v.id() == 0) {
                responder.error(p, from, ErrorReply.NON_AUTHORITATIVE, "Put with invalid id");
                continue;
            }
            PutOutcome outcome = storage.put(p.key(), v, from.getAddress(), created);
            if (!outcome.stored()) {
                LOG.debug("put of {} under {} from {} refused: {}", Long.toUnsignedString(v.id()), p.key(), from,
                        outcome.refusal());
            }
            responder.send(from, ack(p, from, v.id()));
        }
        if (answered) {
            scheduleExpiry();
        }
    }

    void refresh(Request.Refresh r, InetSocketAddress from) {
        RefreshOutcome outcome = storage.refresh(r.key(), r.valueId());
        if (outcome == RefreshOutcome.NO_STORAGE) {
            responder.error(r, from, ErrorReply.NOT_FOUND, "Access operation for unknown storage");
            return;
        }
        responder.send(from, ack(r, from, r.valueId()));
        scheduleExpiry();
    }

    void listen(Request.Listen l, InetSocketAddress from, byte[] token) {
        ListenerPush.Subscriber who = new ListenerPush.Subscriber(l.id(), from, l.version());
        storage.listen(l.key(), new ListenerId(who, l.sid()), l.query() == null ? Query.ALL : l.query(),
                from.getAddress());
        responder.send(from, new Reply(responder.header(l), node.id(), QueryResponder.sa(from), List.of(), List.of(),
                token, List.of(), null, 0));
        scheduleExpiry();
    }

    private Reply ack(Request q, InetSocketAddress from, long valueId) {
        return new Reply(responder.header(q), node.id(), QueryResponder.sa(from), List.of(), List.of(), null,
                List.of(), null, valueId);
    }

    /** Sets the expiry timer to the storage's next due time, if that is earlier than the one already set. */
    void scheduleExpiry() {
        Optional<Instant> next = storage.nextExpiry();
        if (next.isEmpty()) {
            return;
        }
        Instant now = node.clock().instant();
        Instant at = next.get().isBefore(now.plus(MIN_EXPIRY_GAP)) ? now.plus(MIN_EXPIRY_GAP) : next.get();
        if (expiryTimer != null && !expiryAt.isAfter(at)) {
            return;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel();
        }
        expiryAt = at;
        expiryTimer = scheduler.schedule(Duration.between(now, at), this::runExpiry);
    }

    private void runExpiry() {
        expiryTimer = null;
        int n = storage.expire();
        if (n > 0) {
            LOG.debug("{} values expired", n);
        }
        scheduleExpiry();
    }
}
