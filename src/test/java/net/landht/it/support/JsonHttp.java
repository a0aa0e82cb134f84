package net.landht.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * GET and POST with JSON against a landht on loopback (its LAN HTTP port or its ops endpoint), each bounded by
 * {@link #TIMEOUT}, as the name server ITs send them.
 */
public final class JsonHttp {
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private JsonHttp() {
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits (at most 20 s) until a GET of {@code url} answers {@code status}; refused connections and timeouts count as
     * not yet: landht answers its ping before its HTTP ports are bound.
     */
    public static void awaitStatus(String url, int status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> get(url).statusCode() == status);
    }

    /** POST with {@code Content-Type: application/json}. */
    public static HttpResponse<String> post(String url, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
