package net.landht.push;

/**
 * Where every push goes out: built in its gateway's form ({@link PushForms}: gorush when {@code proxy.push-server}
 * is set, UnifiedPush to the token URL, the {@code proxy.push-hosts} allow-list) and queued on the bounded
 * {@link PushSender}. A push is counted by its request's platform and its priority when the sender takes it
 * ({@link PushCounters#queuedFor}), whatever the gateway later answers: those are {@code /node/stats}'
 * {@code androidPush}, {@code iosPush} and {@code unifiedPush}. Thread-safe.
 */
final class PushOutbox implements AutoCloseable {
    /** What {@link #send} did. */
    enum Result {
        QUEUED,
        /** An android/ios/none request and no {@code proxy.push-server} (counted as {@code no_push_server}). */
        NO_PUSH_SERVER,
        /** The sender's queue was full (counted as {@code queue_full}). */
        QUEUE_FULL,
        /** A UnifiedPush endpoint that may not be posted to (counted as a {@code bad_endpoint} refusal). */
        BAD_ENDPOINT
    }

    private final PushForms forms;
    private final PushSender sender;
    private final PushCounters counters;

    PushOutbox(PushForms forms, PushSender sender, PushCounters counters) {
        this.forms = forms;
        this.sender = sender;
        this.counters = counters;
    }

    /**
     * Builds the push of {@code data} for {@code r}'s device and queues it; never blocks.
     *
     * @param onGone run when the gateway says the token is gone or it failed too often
     */
    Result send(PushRequest r, PushData.Notification data, long nowMillis, Runnable onGone) {
        PushMessage m;
        try {
            m = forms.build(r, data, nowMillis, onGone);
        } catch (IllegalArgumentException e) {  // checked when the request came; only a changed allow-list gets here
            counters.refuse(PushCounters.Refusal.BAD_ENDPOINT);
            return Result.BAD_ENDPOINT;
        }
        if (m == null) {
            counters.outcome(PushMessage.Form.GORUSH, PushCounters.Outcome.NO_PUSH_SERVER);
            return Result.NO_PUSH_SERVER;
        }
        if (!sender.offer(m)) {
            return Result.QUEUE_FULL;
        }
        counters.countQueued(r.platform(), data.highPriority());
        return Result.QUEUED;
    }

    /**
     * Checks a request before it is accepted (see {@link PushForms#check}).
     *
     * @throws IllegalArgumentException with the reason
     */
    void check(PushRequest r) {
        forms.check(r);
    }

    /** Pushes queued, in flight or awaiting a retry. */
    int queued() {
        return sender.queued();
    }

    /** Stops sending (see {@link PushSender#close}). */
    @Override
    public void close() {
        sender.close();
    }
}
