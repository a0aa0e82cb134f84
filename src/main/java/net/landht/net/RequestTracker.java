package net.landht.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Our outstanding requests: transaction ids, retransmission and timeouts with OpenDHT's timings (three sends of the
 * same bytes, the first resend after 1.0–1.25 s, the second after a further 2.0–2.75 s, given up after a further
 * 4.0–5.75 s; OpenDHT: src/network_engine.cpp {@code requestStep}, src/request.h {@code MAX_ATTEMPT_COUNT}).
 * A reply or error is matched by transaction id and source address.
 *
 * <p>Not thread-safe: used on the event loop only. The number of pending requests is bounded; a request over the
 * bound is refused at once (counted) rather than queued.
 *
 * @param <R> what the caller gets back with a reply (the decoded message)
 */
public final class RequestTracker<R> {
    /** Sends per request. OpenDHT: src/request.h, MAX_ATTEMPT_COUNT. */
    public static final int MAX_ATTEMPTS = 3;

    /** What happens to one request. Exactly one of the methods is called, once. */
    public interface Outcome<R> {
        /** A reply or error with our tid arrived from the address we sent to. */
        void answered(R answer);

        /** All attempts went unanswered. */
        void timedOut();

        /** One send went unanswered within its wait (called before the resend, and before {@link #timedOut}). */
        default void unansweredSend() {
        }
    }

    private final DatagramSender sender;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final int maxPending;
    private final Map<Long, Pending<R>> pending = new HashMap<>();
    private long sent;
    private long resent;
    private long timeouts;
    private long refused;

    public RequestTracker(DatagramSender sender, Scheduler scheduler, RandomGenerator random, int maxPending) {
        this.sender = sender;
        this.scheduler = scheduler;
        this.random = random;
        this.maxPending = maxPending;
    }

    /**
     * A fresh transaction id: unsigned 32 bits, never 0, not in use, drawn at random (OpenDHT counts up per node,
     * include/opendht/node.h {@code getNewTid}; a random id keeps anyone who saw one of our requests from forging
     * the answer to the next one, which would verify a spoofed address, see {@code VerifiedSources}).
     */
    public long newTid() {
        long t;
        do {
            t = 1 + random.nextLong(0xFFFF_FFFFL);
        } while (pending.containsKey(t));
        return t;
    }

    /** True when another request may be sent now. */
    public boolean hasRoom() {
        return pending.size() < maxPending;
    }

    /**
     * Sends the datagrams of one request (a header and maybe its value parts) and tracks it.
     *
     * @return false when refused because too many requests are pending (the outcome is then never called)
     */
    public boolean send(long tid, InetSocketAddress to, List<byte[]> datagrams, Outcome<R> outcome) {
        return send(tid, to, datagrams, outcome, MAX_ATTEMPTS);
    }

    /**
     * As {@link #send(long, InetSocketAddress, List, Outcome)}, sent at most {@code attempts} times (1 to
     * {@link #MAX_ATTEMPTS}); a request sent once times out after the first wait (1.0–1.25 s).
     */
    public boolean send(long tid, InetSocketAddress to, List<byte[]> datagrams, Outcome<R> outcome, int attempts) {
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts must be 1.." + MAX_ATTEMPTS + ", got " + attempts);
        }
        if (!hasRoom() || pending.containsKey(tid)) {
            refused++;
            return false;
        }
        Pending<R> p = new Pending<>(tid, to, datagrams, outcome, attempts);
        pending.put(tid, p);
        transmit(p);
        return true;
    }

    /**
     * Matches an incoming reply or error. Returns true when it answered one of our requests (which is then done).
     */
    public boolean onAnswer(long tid, InetSocketAddress from, R answer) {
        Pending<R> p = pending.get(tid);
        if (p == null || !sameEndpoint(p.to, from)) {
            return false;
        }
        pending.remove(tid);
        p.timer.cancel();
        p.outcome.answered(answer);
        return true;
    }

    /** The destination of pending request {@code tid}, or null. */
    public InetSocketAddress destinationOf(long tid) {
        Pending<R> p = pending.get(tid);
        return p == null ? null : p.to;
    }

    /** Requests waiting for an answer. */
    public int pendingCount() {
        return pending.size();
    }

    public long sentCount() {
        return sent;
    }

    public long resentCount() {
        return resent;
    }

    public long timeoutCount() {
        return timeouts;
    }

    public long refusedCount() {
        return refused;
    }

    private void transmit(Pending<R> p) {
        for (byte[] d : p.datagrams) {
            sender.send(p.to, d);
        }
        if (p.attempt == 0) {
            sent++;
        } else {
            resent++;
        }
        p.attempt++;
        p.timer = scheduler.schedule(waitAfter(p.attempt), () -> step(p));
    }

    private void step(Pending<R> p) {
        if (pending.get(p.tid) != p) {
            return;
        }
        p.outcome.unansweredSend();
        if (p.attempt >= p.maxAttempts) {
            pending.remove(p.tid);
            timeouts++;
            p.outcome.timedOut();
            return;
        }
        transmit(p);
    }

    /** Wait after send number {@code attempt} (1-based): 1 s, 2 s, 4 s, each plus up to 25–44 % jitter. */
    private Duration waitAfter(int attempt) {
        long base = 1000L << (attempt - 1);
        long jitter = switch (attempt) {
            case 1 -> 250;
            case 2 -> 750;
            default -> 1750;
        };
        return Duration.ofMillis(base + random.nextLong(jitter + 1));
    }

    private static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getAddress().equals(b.getAddress());
    }

    private static final class Pending<R> {
        final long tid;
        final InetSocketAddress to;
        final List<byte[]> datagrams;
        final Outcome<R> outcome;
        final int maxAttempts;
        int attempt;
        Scheduler.Cancellable timer;

        Pending(long tid, InetSocketAddress to, List<byte[]> datagrams, Outcome<R> outcome, int maxAttempts) {
            this.tid = tid;
            this.maxAttempts = maxAttempts;
            this.to = to;
            this.datagrams = List.copyOf(datagrams);
            this.outcome = outcome;
        }
    }
}
