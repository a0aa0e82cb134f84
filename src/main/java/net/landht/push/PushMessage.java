package net.landht.push;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP POST to a push gateway, ready to send (and to send again on a retry).
 *
 * @param target   the URL posted to: {@code <push-server>/api/push} or the UnifiedPush endpoint
 * @param headers  request headers besides those the HTTP client sets itself
 * @param body     the request body
 * @param form     which sender form built it, for counters
 * @param token    the device's token (the endpoint URL for UnifiedPush): failures are counted per token
 * @param onGone   run once when the gateway says the token is gone (404/410) or it failed too often
 */
record PushMessage(URI target, Map<String, String> headers, byte[] body, Form form, String token, Runnable onGone) {
    /** The two gateway forms (fact sheet {@code dht-proxy.md} §8). */
    enum Form { GORUSH, UNIFIEDPUSH }

    /** Where concurrency is limited: scheme, host and port of the target. */
    String endpoint() {
        return target.getScheme() + "://" + target.getRawAuthority();
    }
}
