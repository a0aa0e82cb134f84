package net.landht.push;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.landht.http.JsonText;

/**
 * Turns a push request and its data into the POST a gateway takes (fact sheet {@code dht-proxy.md} §8, §14;
 * OpenDHT src/dht_proxy_server.cpp {@code sendPushNotification}):
 * <ul>
 * <li>gorush ({@code android}, {@code ios}, anything else): {@code POST <push-server>/api/push}
 * {@code {"notifications":[N]}}; android N has platform 2 with both 2.4's {@code priority}/{@code time_to_live}
 * and 4.x's {@code android:{priority,ttl}}; every other platform is 1 with {@code expiration} (now + 24 h, Unix
 * seconds), the topic when set, and alert ({@code push_type alert}, {@code mutable_content}) at high priority or
 * background ({@code content_available}) at normal priority.</li>
 * <li>UnifiedPush: {@code POST} to the token URL as given (port kept), {@code TTL: 86400},
 * {@code Urgency: high|normal}, {@code Content-Type: application/json}; the body is the data object, RFC 8291
 * encrypted ({@code Content-Encoding: aes128gcm}) when the topic is {@code "<p256dh>|<auth>"}.</li>
 * </ul>
 * Thread-safe.
 */
final class PushForms {
    /** Push lifetime at the gateway, seconds (OpenDHT: 86400 in {@code sendPushNotification}). */
    static final long TTL_SECONDS = 86_400;

    private final URI gorush;
    private final PushTargets targets;
    private final WebPushEncryption encryption;

    /**
     * @param pushServer the gorush base URL ({@code http://host:port}), or null when none is configured
     */
    PushForms(URI pushServer, PushTargets targets, WebPushEncryption encryption) {
        this.gorush = pushServer == null ? null : pushServer.resolve("/api/push");
        this.targets = targets;
        this.encryption = encryption;
    }

    /** Whether a request of this platform can be sent at all (gorush platforms need a push server). */
    boolean canSend(Platform p) {
        return p == Platform.UNIFIEDPUSH || gorush != null;
    }

    /**
     * The POST for {@code data} to {@code r}'s device.
     *
     * @return null when {@code r} needs a push server and none is configured
     * @throws IllegalArgumentException when a UnifiedPush token or topic is not usable (checked at SUBSCRIBE)
     */
    PushMessage build(PushRequest r, PushData.Notification data, long nowMillis, Runnable onGone) {
        if (r.platform() == Platform.UNIFIEDPUSH) {
            return unifiedPush(r, data, onGone);
        }
        if (gorush == null) {
            return null;
        }
        String body = "{\"notifications\":[" + gorushNotification(r, data, nowMillis) + "]}";
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "*/*");
        h.put("Content-Type", "application/json");
        return new PushMessage(gorush, h, body.getBytes(StandardCharsets.UTF_8), PushMessage.Form.GORUSH, r.token(),
                onGone);
    }

    /**
     * Checks a request before it is accepted: a UnifiedPush token must be an allowed http(s) URL and a topic with
     * {@code |} must hold valid keys.
     *
     * @throws IllegalArgumentException with the reason
     */
    void check(PushRequest r) {
        if (r.platform() == Platform.UNIFIEDPUSH) {
            targets.check(r.token());
            WebPushEncryption.ReceiverKeys.fromTopic(r.topic());
        }
    }

    static String gorushNotification(PushRequest r, PushData.Notification data, long nowMillis) {
        String priority = data.highPriority() ? "high" : "normal";
        String tokens = JsonText.quote(r.token());
        if (r.platform() == Platform.ANDROID) {
            return "{\"android\":{\"priority\":\"" + priority + "\",\"ttl\":\"" + TTL_SECONDS + "s\"},\"data\":"
                    + data.json() + ",\"platform\":2,\"priority\":\"" + priority + "\",\"time_to_live\":"
                    + TTL_SECONDS + ",\"tokens\":[" + tokens + "]}";
        }
        StringBuilder b = new StringBuilder("{");
        if (data.highPriority()) {
            b.append("\"alert\":{\"title\":\"hello\"},");
        } else {
            b.append("\"content_available\":true,");
        }
        b.append("\"data\":").append(data.json()).append(",\"expiration\":").append(nowMillis / 1000 + TTL_SECONDS);
        if (data.highPriority()) {
            b.append(",\"mutable_content\":true");
        }
        b.append(",\"platform\":1,\"priority\":\"").append(priority).append("\",\"push_type\":\"")
                .append(data.highPriority() ? "alert" : "background").append("\",\"tokens\":[").append(tokens)
                .append(']');
        if (!r.topic().isEmpty()) {
            b.append(",\"topic\":").append(JsonText.quote(r.topic()));
        }
        return b.append('}').toString();
    }

    private PushMessage unifiedPush(PushRequest r, PushData.Notification data, Runnable onGone) {
        URI target = targets.check(r.token());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("TTL", Long.toString(TTL_SECONDS));
        h.put("Urgency", data.highPriority() ? "high" : "normal");
        h.put("Content-Type", "application/json");
        byte[] body = data.json().getBytes(StandardCharsets.UTF_8);
        WebPushEncryption.ReceiverKeys keys = WebPushEncryption.ReceiverKeys.fromTopic(r.topic());
        if (keys != null) {
            body = encryption.encrypt(body, keys);
            h.put("Content-Encoding", "aes128gcm");
        }
        return new PushMessage(target, h, body, PushMessage.Form.UNIFIEDPUSH, r.token(), onGone);
    }

    /** Which URLs landht posts to: http/https only, and the allowed hosts when a list is configured. */
    static final class PushTargets {
        private final List<String> hosts;

        /** @param hosts allowed host names or addresses, lower case; empty = any */
        PushTargets(List<String> hosts) {
            this.hosts = hosts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        }

        /** The URL, checked; throws IllegalArgumentException naming the reason. */
        URI check(String url) {
            URI u;
            try {
                u = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("push endpoint is not a URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new IllegalArgumentException("push endpoint must be an http or https URL with a host");
            }
            String host = u.getHost().toLowerCase(Locale.ROOT);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!hosts.isEmpty() && !hosts.contains(host)) {
                throw new IllegalArgumentException("push endpoint host " + host + " is not in proxy.push-hosts");
            }
            return u;
        }
    }
}
