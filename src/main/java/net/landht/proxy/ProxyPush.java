package net.landht.proxy;

import java.util.function.Consumer;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.http.HttpExchange;
import net.landht.http.JsonText;
import net.landht.id.InfoHash;

/**
 * What the proxy hands to push notifications (package {@code push}; fact sheet {@code dht-proxy.md} §6–§7, OpenDHT
 * src/dht_proxy_server.cpp {@code subscribe}, {@code unsubscribe}, {@code pingPush}, {@code put}): the two push
 * methods on {@code /key/{h}} and the legacy {@code /{h}}, with the key already read by {@link ProxyHash},
 * {@code POST /node/pingPush}, and every permanent
 * put the proxy stored, whose {@code permanent} object may carry a push token. Called on the HTTP connection's
 * event loop (subscribe, unsubscribe, pingPush) or on the put's completion thread (permanentPut); must not block.
 */
public interface ProxyPush {
    /** Push notifications off: SUBSCRIBE and UNSUBSCRIBE answer 501 JSON; permanent puts are ignored here. */
    ProxyPush NONE = new ProxyPush() {
        @Override
        public void subscribe(HttpExchange ex, InfoHash key, Consumer<HttpExchange> currentValues) {
            ex.route("proxy_push");
            ex.respond(HttpResponseStatus.NOT_IMPLEMENTED, JsonText.error("Push notifications are not supported"));
        }

        @Override
        public void unsubscribe(HttpExchange ex, InfoHash key) {
            subscribe(ex, key, null);
        }

        @Override
        public void pingPush(HttpExchange ex) {
            subscribe(ex, null, null);
        }

        @Override
        public void permanentPut(InfoHash key, long valueId, byte[] body, long postedMillis) {
        }
    };

    /**
     * {@code SUBSCRIBE}: must answer {@code ex} exactly once.
     *
     * @param currentValues answers an exchange with the key's current values as a chunked stream (the proxy's get)
     */
    void subscribe(HttpExchange ex, InfoHash key, Consumer<HttpExchange> currentValues);

    /** {@code UNSUBSCRIBE}: must answer {@code ex} exactly once. */
    void unsubscribe(HttpExchange ex, InfoHash key);

    /**
     * {@code POST /node/pingPush} (OpenDHT 2.5.0+): a push to the device the body names; must answer {@code ex}
     * exactly once.
     */
    void pingPush(HttpExchange ex);

    /**
     * A permanent put was stored (or its 24 h restarted, or it was restored at start) under {@code valueId};
     * {@code body} is the POST body as sent (a JSON object whose {@code permanent} member is {@code true} or a push
     * request object); {@code postedMillis} its last POST, Unix milliseconds (the "timeout" push is due 22 h later).
     */
    void permanentPut(InfoHash key, long valueId, byte[] body, long postedMillis);

    /** Push subscriptions now, for {@code /node/stats}' {@code pushListenersCount}. */
    default int subscriptionCount() {
        return 0;
    }

    /** Pushes sent so far by platform and priority, for {@code /node/stats} (3.3.0+). */
    default PushStats pushStats() {
        return PushStats.NONE;
    }
}
