package net.landht.push;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts {@link PushMessage}s to gateways with the JDK's {@link HttpClient} on its own executor, so neither the DHT
 * loop nor an HTTP loop ever waits for a gateway. Bounded: at most {@link Settings#maxQueued} messages waiting,
 * in flight or waiting for a retry (more are refused and counted, never buffered); at most
 * {@link Settings#perEndpoint} requests in flight per gateway ({@code scheme://host:port}), so one that hangs holds
 * only its own slots until {@link Settings#requestTimeout}. 5xx, 429 and connection errors are retried up to
 * {@link Settings#attempts} times with a doubling backoff; 404/410 mean the token is gone and run the message's
 * {@code onGone}; so does the {@link Settings#failuresToDrop}th consecutive failed message of one token.
 * (OpenDHT only logs the answer: src/dht_proxy_server.cpp {@code sendPushNotification}; fact sheet §14.)
 * Thread-safe; its state is guarded by {@code this}.
 */
public final class PushSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
    /** Tokens whose failures are remembered; older ones are forgotten first. */
    private static final int MAX_TRACKED_TOKENS = 4096;

    /**
     * @param maxQueued      messages queued, in flight or awaiting a retry, in total
     * @param perEndpoint    requests in flight per gateway
     * @param attempts       tries per message, the first included
     * @param firstBackoff   wait before the first retry; doubled for each next one
     * @param requestTimeout longest wait for a gateway's answer (connection included)
     * @param failuresToDrop consecutive failed messages after which a token's subscriptions are dropped
     */
    public record Settings(int maxQueued, int perEndpoint, int attempts, Duration firstBackoff, Duration requestTimeout,
                    int failuresToDrop) {
        public static Settings defaults() {
            return new Settings(1024, 4, 3, Duration.ofSeconds(2), Duration.ofSeconds(10), 5);
        }
    }

    private record Attempt(PushMessage message, int number) {
    }

    private static final class Endpoint {
        final ArrayDeque<Attempt> waiting = new ArrayDeque<>();
        int inFlight;
    }

    private final Settings settings;
    private final PushCounters counters;
    private final ScheduledExecutorService retryTimer;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
            return size() > MAX_TRACKED_TOKENS;
        }
    };
    private int queued;
    private boolean closed;

    /**
     * @param executor   runs the HTTP client (its answers and this class's bookkeeping); owned and shut down here
     * @param retryTimer schedules retries (not owned)
     */
    PushSender(Settings settings, PushCounters counters, ExecutorService executor,
               ScheduledExecutorService retryTimer) {
        this.settings = settings;
        this.counters = counters;
        this.executor = executor;
        this.retryTimer = retryTimer;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Queues {@code m}; returns false (counted as {@code queue_full}) when the queue is full. Never blocks. */
    boolean offer(PushMessage m) {
        synchronized (this) {
            if (closed || queued >= settings.maxQueued()) {
                counters.outcome(m.form(), PushCounters.Outcome.QUEUE_FULL);
                return false;
            }
            queued++;
            counters.queueChanged(1);
            endpoints.computeIfAbsent(m.endpoint(), e -> new Endpoint()).waiting.add(new Attempt(m, 1));
        }
        pump(m.endpoint());
        return true;
    }

    /** Messages queued, in flight or awaiting a retry. */
    synchronized int queued() {
        return queued;
    }

    private void pump(String endpoint) {
        while (true) {
            Attempt a;
            synchronized (this) {
                Endpoint e = endpoints.get(endpoint);
                if (e == null || closed || e.inFlight >= settings.perEndpoint() || e.waiting.isEmpty()) {
                    return;
                }
                a = e.waiting.poll();
                e.inFlight++;
            }
            send(a);
        }
    }

    private void send(Attempt a) {
        PushMessage m = a.message();
        HttpRequest.Builder b = HttpRequest.newBuilder(m.target()).timeout(settings.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
        m.headers().forEach(b::header);
        try {
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((res, err) -> done(a, res == null ? 0 : res.statusCode(), err));
        } catch (RuntimeException e) {  // a rejected header or a closed executor: not worth a retry
            LOG.debug("push to {} not sent: {}", m.target(), e.toString());
            done(a, -1, e);
        }
    }

    private void done(Attempt a, int status, Throwable err) {
        PushMessage m = a.message();
        boolean retry = err != null && status == 0 || status == 429 || status >= 500;
        boolean gone = status == 404 || status == 410;
        boolean sent = status >= 200 && status < 300;
        boolean dropToken = false;
        boolean final_ = true;
        synchronized (this) {
            Endpoint e = endpoints.get(m.endpoint());
            if (e != null) {
                e.inFlight--;
            }
            if (retry && a.number() < settings.attempts() && !closed) {
                final_ = false;
            } else {
                queued--;
                counters.queueChanged(-1);
                if (sent || gone) {
                    failures.remove(m.token());
                } else {
                    int n = failures.merge(m.token(), 1, Integer::sum);
                    if (n >= settings.failuresToDrop()) {
                        failures.remove(m.token());
                        dropToken = true;
                    }
                }
            }
            if (e != null && e.inFlight == 0 && e.waiting.isEmpty()) {
                endpoints.remove(m.endpoint());
            }
        }
        if (!final_) {
            counters.retried();
            long delay = settings.firstBackoff().toMillis() << (a.number() - 1);
            LOG.debug("push to {} failed ({}), retry {} in {} ms", m.target(),
                    err != null ? err.toString() : status, a.number(), delay);
            retryTimer.schedule(() -> requeue(new Attempt(m, a.number() + 1)), delay, TimeUnit.MILLISECONDS);
        } else if (sent) {
            counters.outcome(m.form(), PushCounters.Outcome.SENT);
        } else if (gone) {
            counters.outcome(m.form(), PushCounters.Outcome.GONE);
            LOG.info("push gateway says token {} is gone ({}): its subscriptions end", abbreviate(m.token()), status);
            m.onGone().run();
        } else {
            counters.outcome(m.form(), PushCounters.Outcome.FAILED);
            LOG.debug("push to {} failed: {}", m.target(), err != null ? err.toString() : status);
            if (dropToken) {
                LOG.info("push token {} failed {} times in a row: its subscriptions end", abbreviate(m.token()),
                        settings.failuresToDrop());
                m.onGone().run();
            }
        }
        pump(m.endpoint());
    }

    private void requeue(Attempt a) {
        synchronized (this) {
            if (closed) {
                queued--;
                counters.queueChanged(-1);
                return;
            }
            endpoints.computeIfAbsent(a.message().endpoint(), e -> new Endpoint()).waiting.addFirst(a);
        }
        pump(a.message().endpoint());
    }

    private static String abbreviate(String token) {
        return token.length() <= 24 ? token : token.substring(0, 24) + "...";
    }

    /** Stops sending: queued messages are dropped; requests in flight end with the executor. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            endpoints.clear();
        }
        executor.shutdownNow();
    }
}
