package net.landht.ops;

import java.util.concurrent.CompletableFuture;

/**
 * Admin commands a service offers on the loopback ops endpoint under its own path prefix (the name server's
 * {@code /names}); {@code landht <service> ...} calls them. The ops port is loopback-only, so these need no
 * authentication beyond reaching it.
 */
public interface OpsAdmin {
    /** The path prefix this admin answers, e.g. {@code "/names"}: that path and every path below it. */
    String prefix();

    /**
     * Answers one request. Runs its work off the ops thread when it may block; the future completes with the answer
     * (a failed future is answered 500).
     *
     * @param method upper-case HTTP method
     * @param path   the whole request path, starting with {@link #prefix()}
     * @param body   the request body (empty for none)
     */
    CompletableFuture<Reply> handle(String method, String path, byte[] body);

    /**
     * One answer.
     *
     * @param status      HTTP status
     * @param contentType its {@code Content-Type}
     * @param body        UTF-8 text
     */
    record Reply(int status, String contentType, String body) {
    }
}
