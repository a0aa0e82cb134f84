package net.landht.push;

import java.util.List;
import java.util.stream.Collectors;

import net.landht.http.JsonText;
import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * The data object a push carries to the phone (fact sheet {@code dht-proxy.md} §8; OpenDHT src/dht_proxy_server.cpp
 * {@code handlePushListen}, {@code handleNotifyPushListenExpire}, {@code put}), compact JSON with keys sorted as
 * jsoncpp writes them. Values: {@code key} (hash hex), {@code to} (client id), {@code t} (send time, Unix
 * milliseconds), {@code s} (session id), {@code ids} (decimal value ids, comma-separated; 3.1.10+), {@code pt}
 * (value push types, comma-separated, maybe empty; 4.0+), and {@code exp} (= {@code ids}, expirations only; 2.4
 * clients expire those ids locally instead of fetching). A timeout push asks the phone to resubscribe
 * ({@code timeout}, {@code to}, {@code s}) or to re-post a permanent put (plus {@code vid}). Stateless.
 */
final class PushData {
    private PushData() {
    }

    /** The push for a listen callback; high priority unless {@code expired} or a value has a non-zero prio. */
    static Notification values(InfoHash key, PushRequest r, List<Value> values, boolean expired, long nowMillis) {
        String ids = values.stream().map(v -> Long.toUnsignedString(v.id())).collect(Collectors.joining(","));
        String pt = values.stream().map(Value::pushType).collect(Collectors.joining(","));
        StringBuilder b = new StringBuilder("{");
        if (expired) {
            b.append("\"exp\":").append(JsonText.quote(ids)).append(',');
        }
        b.append("\"ids\":").append(JsonText.quote(ids))
                .append(",\"key\":").append(JsonText.quote(key.toHex()))
                .append(",\"pt\":").append(JsonText.quote(values.stream().allMatch(v -> v.pushType().isEmpty())
                        ? "" : pt))
                .append(",\"s\":").append(JsonText.quote(r.sessionId()))
                .append(",\"t\":").append(nowMillis)
                .append(",\"to\":").append(JsonText.quote(r.clientId())).append('}');
        long minPrio = values.stream().mapToLong(Value::priority).min().orElse(0);
        return new Notification(b.toString(), !expired && minPrio == 0);
    }

    /**
     * The "resubscribe" push 22 h after a SUBSCRIBE, or with {@code valueId} the "re-post" push of a permanent put.
     * Sent at high priority (OpenDHT 3.0+ sends iOS timeouts as alerts: a background push may never wake the app).
     */
    static Notification timeout(InfoHash key, PushRequest r, Long valueId) {
        StringBuilder b = new StringBuilder("{\"s\":").append(JsonText.quote(r.sessionId()))
                .append(",\"timeout\":").append(JsonText.quote(key.toHex()))
                .append(",\"to\":").append(JsonText.quote(r.clientId()));
        if (valueId != null) {
            b.append(",\"vid\":").append(JsonText.quote(Long.toUnsignedString(valueId)));
        }
        return new Notification(b.append('}').toString(), true);
    }

    /**
     * The answer to {@code POST /node/pingPush}: {@code {"pong":true,"to":client_id}}, high priority (OpenDHT 2.5+
     * src/dht_proxy_server.cpp {@code pingPush}; fact sheet §8).
     */
    static Notification pong(PushRequest r) {
        return new Notification("{\"pong\":true,\"to\":" + JsonText.quote(r.clientId()) + "}", true);
    }

    /** A data object and its priority. */
    record Notification(String json, boolean highPriority) {
    }
}
