package net.landht.names;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A secondary's HTTP client for its primary name server ({@code names.primary}): sends one request with the JDK's
 * {@link HttpClient} (HTTP/1.1, no proxy, no redirects followed) and hands back the primary's status and JSON body,
 * nothing else but a {@code Retry-After} of 1..{@value #MAX_RETRY_AFTER_SECONDS} seconds. Asynchronous: the
 * client's work runs on the executor given, never on the caller's thread once sent.
 *
 * <p>Bounds: connect {@link #CONNECT_TIMEOUT}, answer head {@link #ANSWER_TIMEOUT}, the whole exchange
 * {@link #EXCHANGE_TIMEOUT} (an exchange given up on is cancelled, which closes its connection: a primary that
 * stops half-way through a body cannot pile up open sockets here); an answer body over {@link #MAX_ANSWER_BYTES}
 * is dropped unread. Every request carries {@code Via: }{@value #VIA} (RFC 9110 §7.6.3), so a landht that is
 * itself a secondary can refuse it instead of forwarding it on in a loop. Thread-safe.
 */
final class PrimaryClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(6);
    /** Largest answer body relayed: the primary's answers are under 2 KiB (a 4096-bit key in base64 PEM). */
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    static final int MAX_RETRY_AFTER_SECONDS = 3600;
    /** The {@code Via} value of a forwarded request. */
    static final String VIA = "1.1 landht-names";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How one exchange with the primary ended.
     *
     * @param response what to answer the client: the primary's status and body, or this landht's 502/503
     * @param outcome  for the counters
     * @param problem  what went wrong, for the log; null when the primary answered
     */
    record Relay(NameResponse response, ForwardCounters.Outcome outcome, String problem) {
    }

    private final String base;
    private final HttpClient client;
    private final Duration answerTimeout;
    private final Duration exchangeTimeout;

    /**
     * @param base     {@code http(s)://HOST[:PORT]}, no trailing slash ({@code NodeConfig.Names#primary})
     * @param executor runs the client's work and the completions
     */
    PrimaryClient(String base, Executor executor) {
        this(base, executor, CONNECT_TIMEOUT, ANSWER_TIMEOUT, EXCHANGE_TIMEOUT);
    }

    /** With other bounds (tests). */
    PrimaryClient(String base, Executor executor, Duration connect, Duration answer, Duration exchange) {
        this.base = base;
        this.answerTimeout = answer;
        this.exchangeTimeout = exchange;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).executor(executor)
                .build();
    }

    /** The primary's base URL. */
    String base() {
        return base;
    }

    /**
     * Sends a request; the future always completes normally, with the primary's answer or a 502/503 of ours.
     *
     * @param method {@code GET} or {@code POST}
     * @param path   e.g. {@code /name/alice}: only checked names and IDs, so nothing needs escaping
     * @param body   POST body, ignored for GET
     */
    CompletableFuture<Relay> send(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(answerTimeout)
                .header("Accept", NameResponse.CONTENT_TYPE).header("Content-Type", NameResponse.CONTENT_TYPE)
                .header("User-Agent", "landht").header("Via", VIA);
        HttpRequest request = ("POST".equals(method) ? b.POST(HttpRequest.BodyPublishers.ofByteArray(body))
                : b.GET()).build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request,
                info -> new BoundedBody(MAX_ANSWER_BYTES));
        // orTimeout on a copy: timing out the client's own future would only complete it, and the exchange would
        // go on reading (a body that stops half-way: for good), keeping its connection; cancel(true) aborts it
        return exchange.copy().orTimeout(exchangeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        exchange.cancel(true);
                        return failed(error);
                    }
                    return relay(response);
                });
    }

    private static Relay relay(HttpResponse<byte[]> r) {
        int status = r.statusCode();
        if (status < 200 || status >= 300 && status < 400 || status > 599) {
            return broken("status " + status);
        }
        try {
            JsonNode tree = JSON.readTree(r.body());
            if (tree == null || !tree.isObject()) {
                return broken("status " + status + " with a body that is not a JSON object");
            }
        } catch (IOException e) {
            return broken("status " + status + " with a body that is not JSON");
        }
        int retryAfter = r.headers().firstValue("Retry-After").map(PrimaryClient::seconds).orElse(0);
        ForwardCounters.Outcome outcome = status < 300 ? ForwardCounters.Outcome.OK
                : status == 404 ? ForwardCounters.Outcome.NOT_FOUND
                : status < 500 ? ForwardCounters.Outcome.REFUSED : ForwardCounters.Outcome.PRIMARY_ERROR;
        return new Relay(new NameResponse(status, r.body(), retryAfter), outcome, null);
    }

    private static int seconds(String header) {
        try {
            int s = Integer.parseInt(header.strip());
            return s >= 1 && s <= MAX_RETRY_AFTER_SECONDS ? s : 0;
        } catch (NumberFormatException e) {
            return 0; // an HTTP date or junk: not relayed
        }
    }

    private Relay failed(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof ConnectException || e instanceof HttpTimeoutException || e instanceof TimeoutException
                || e instanceof UnresolvedAddressException) {
            String what = e instanceof TimeoutException
                    ? "no complete answer within " + exchangeTimeout.toMillis() + " ms"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Relay(NameResponse.json(503, "error", "primary name server unreachable"),
                    ForwardCounters.Outcome.UNREACHABLE, what);
        }
        if (e instanceof BoundedBody.TooLarge) {
            return broken("an answer over " + MAX_ANSWER_BYTES + " bytes");
        }
        return broken(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private static Relay broken(String problem) {
        return new Relay(NameResponse.json(502, "error", "bad answer from the primary name server"),
                ForwardCounters.Outcome.BAD_ANSWER, problem);
    }

    /** Collects an answer body of at most {@code max} bytes; more cancels the exchange with {@link TooLarge}. */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        /** The body was over the bound. */
        static final class TooLarge extends IOException {
            private static final long serialVersionUID = 1L;

            TooLarge(int max) {
                super("answer body over " + max + " bytes");
            }
        }

        private final int max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private byte[] bytes = new byte[0];
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (result.isDone()) {
                    return;
                }
                if ((long) bytes.length + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(max));
                    return;
                }
                int at = bytes.length;
                bytes = java.util.Arrays.copyOf(bytes, at + b.remaining());
                b.get(bytes, at, b.remaining());
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes);
        }
    }
}
