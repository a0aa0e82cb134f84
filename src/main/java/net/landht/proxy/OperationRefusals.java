package net.landht.proxy;

import java.util.Locale;

import io.netty.handler.codec.http.HttpResponseStatus;

import net.landht.dht.DhtClient;
import net.landht.http.JsonText;

/**
 * The answer to a DHT operation (get, put, listen, push subscription) that {@link DhtClient} refused over one of its
 * bounds: 429 for a per-source bound, 400 for a refused value, else 503 (a total bound, a stopping node). The body
 * says which bound and the setting that raises it, since the usual cause of a per-source 429 on a LAN is many
 * phones behind one NAT router (one source address):
 * {@code {"err":"<why>; raise proxy.max-listens-per-source (LANDHT_PROXY_MAX_LISTENS_PER_SOURCE) ...",
 * "limit":"LISTENS_PER_SOURCE","setting":"proxy.max-listens-per-source"}} (keys sorted, as jsoncpp writes them;
 * no trailing newline, like OpenDHT's error bodies). Stateless.
 */
public final class OperationRefusals {
    private OperationRefusals() {
    }

    /** The HTTP status for a refusal over {@code limit}. */
    public static HttpResponseStatus status(DhtClient.Limit limit) {
        return switch (limit) {
            case SEARCHES_PER_SOURCE, LISTENS_PER_SOURCE, PERMANENT_PER_SOURCE -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case VALUE_REFUSED -> HttpResponseStatus.BAD_REQUEST;
            case SEARCHES_TOTAL, LISTENS_TOTAL, PERMANENT_TOTAL, STOPPED -> HttpResponseStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** The configuration key that sets {@code limit}, or null for a refusal no setting raises. */
    public static String setting(DhtClient.Limit limit) {
        return switch (limit) {
            case SEARCHES_PER_SOURCE -> "proxy.max-searches-per-source";
            case SEARCHES_TOTAL -> "proxy.max-searches";
            case LISTENS_PER_SOURCE -> "proxy.max-listens-per-source";
            case LISTENS_TOTAL -> "proxy.max-listens";
            case PERMANENT_PER_SOURCE -> "proxy.max-permanent-puts-per-source";
            case PERMANENT_TOTAL -> "proxy.max-permanent-puts";
            case VALUE_REFUSED, STOPPED -> null;
        };
    }

    /** The JSON body for {@code r}. */
    public static String body(DhtClient.Refused r) {
        String why = r.getMessage() != null ? r.getMessage() : r.limit().toString();
        String key = setting(r.limit());
        if (key == null) {
            return "{\"err\":" + JsonText.quote(why) + ",\"limit\":" + JsonText.quote(r.limit().name()) + "}";
        }
        String hint = why + "; raise " + key + " (environment " + envName(key) + ")"
                + (status(r.limit()) == HttpResponseStatus.TOO_MANY_REQUESTS
                ? " if many clients share this address, as phones behind one NAT router do" : "");
        return "{\"err\":" + JsonText.quote(hint) + ",\"limit\":" + JsonText.quote(r.limit().name())
                + ",\"setting\":" + JsonText.quote(key) + "}";
    }

    /** {@code proxy.max-listens -> LANDHT_PROXY_MAX_LISTENS}, as the config loader reads the environment. */
    static String envName(String key) {
        return "LANDHT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
