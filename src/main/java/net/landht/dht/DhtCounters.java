package net.landht.dht;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import net.landht.wire.DecodeError;
import net.landht.wire.Request;

/**
 * Counters of what the node received, sent and dropped. Written on the event loop, readable from any thread
 * (metrics, stats, the periodic log line).
 */
public final class DhtCounters {
    /** Why a decoded datagram was dropped before any handler ran. */
    public enum Drop {
        /** Source address no peer can have (fact sheet §1). */
        MARTIAN,
        /** Another network id. */
        WRONG_NETWORK,
        /** Sent with our own node id. */
        SELF,
        /** A reply or error that answers none of our requests. */
        UNSOLICITED_REPLY,
        /** A value part that belongs to no message, or an invalid one. */
        BAD_PART,
        /** A request over its source's rate limit ({@code limits.per-source-requests-per-second}). */
        RATE_LIMITED,
        /** A source outside the allow-list ({@code limits.allow}). */
        FILTERED,
        /** A request over the node's global rate limit ({@code limits.global-requests-per-second}). */
        RATE_LIMITED_GLOBAL,
        /** A source ignored for a while after a run of datagrams that did not decode. */
        IGNORED,
        /**
         * A request whose reply would carry values to a source that never answered us, over that source's (or
         * everyone's) byte budget: not answered, so landht cannot be used to amplify traffic at a third party.
         */
        AMPLIFICATION,
        /** A put over its source's put limit (puts are the costliest request; {@code ReceiveGuard.PUT_SHARE}). */
        PUT_RATE_LIMITED
    }

    /** Bounded tables a remote peer can grow: each eviction or refusal because one was full is counted. */
    public enum Overflow {
        /** Our own requests: a request not sent because {@code DhtNode.MAX_PENDING_REQUESTS} were pending. */
        PENDING_REQUESTS,
        /** Ping-back memory: the oldest entry forgotten. */
        PING_BACK_MEMORY,
        /**
         * A verification ping not sent because {@code RequesterPings.MAX_VERIFICATION_PINGS} were unanswered: a flood
         * of (spoofed) sources cannot fill our pending requests and crowd out our own.
         */
        VERIFICATION_PINGS
    }

    /** Query kinds counted per direction. */
    public enum Kind {
        PING, FIND, GET, LISTEN, PUT, REFRESH, UPDATE, REPLY, ERROR, PART;

        /** The kind of request {@code q}. */
        static Kind of(Request q) {
            if (q instanceof Request.Ping) {
                return PING;
            } else if (q instanceof Request.Find) {
                return FIND;
            } else if (q instanceof Request.Get) {
                return GET;
            } else if (q instanceof Request.Listen) {
                return LISTEN;
            } else if (q instanceof Request.Put) {
                return PUT;
            } else if (q instanceof Request.Refresh) {
                return REFRESH;
            }
            return UPDATE;
        }
    }

    private final Map<DecodeError, LongAdder> decodeErrors = new EnumMap<>(DecodeError.class);
    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final Map<Kind, LongAdder> received = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> sent = new EnumMap<>(Kind.class);
    private final LongAdder datagramsIn = new LongAdder();
    private final LongAdder datagramsOut = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final Map<Overflow, LongAdder> overflows = new EnumMap<>(Overflow.class);

    public DhtCounters() {
        for (DecodeError e : DecodeError.values()) {
            decodeErrors.put(e, new LongAdder());
        }
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
        for (Kind k : Kind.values()) {
            received.put(k, new LongAdder());
            sent.put(k, new LongAdder());
        }
        for (Overflow o : Overflow.values()) {
            overflows.put(o, new LongAdder());
        }
    }

    void handlerFailure() {
        handlerFailures.increment();
    }

    void overflow(Overflow o) {
        overflows.get(o).increment();
    }

    /** Datagrams whose handling threw (a bug: each is logged at ERROR, and the node carries on). */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    /** Evictions or refusals because the bounded table {@code o} was full. */
    public long overflows(Overflow o) {
        return overflows.get(o).sum();
    }

    void datagramIn() {
        datagramsIn.increment();
    }

    void datagramOut() {
        datagramsOut.increment();
    }

    void decodeError(DecodeError e) {
        decodeErrors.get(e).increment();
    }

    void drop(Drop d) {
        drops.get(d).increment();
    }

    void countIn(Kind k) {
        received.get(k).increment();
    }

    void countOut(Kind k) {
        sent.get(k).increment();
    }

    public long datagramsIn() {
        return datagramsIn.sum();
    }

    public long datagramsOut() {
        return datagramsOut.sum();
    }

    public long decodeErrors(DecodeError e) {
        return decodeErrors.get(e).sum();
    }

    /** All decode errors together. */
    public long decodeErrors() {
        return decodeErrors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long drops(Drop d) {
        return drops.get(d).sum();
    }

    /** All drops together, decode errors included. */
    public long drops() {
        return drops.values().stream().mapToLong(LongAdder::sum).sum() + decodeErrors();
    }

    public long received(Kind k) {
        return received.get(k).sum();
    }

    public long sent(Kind k) {
        return sent.get(k).sum();
    }

    /** Requests received, all kinds. */
    public long requestsIn() {
        return received(Kind.PING) + received(Kind.FIND) + received(Kind.GET) + received(Kind.LISTEN)
                + received(Kind.PUT) + received(Kind.REFRESH) + received(Kind.UPDATE);
    }

    /** Requests sent, all kinds (first sends only). */
    public long requestsOut() {
        return sent(Kind.PING) + sent(Kind.FIND) + sent(Kind.GET) + sent(Kind.LISTEN) + sent(Kind.PUT)
                + sent(Kind.REFRESH) + sent(Kind.UPDATE);
    }
}
