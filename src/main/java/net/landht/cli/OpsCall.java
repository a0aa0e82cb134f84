package net.landht.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import net.landht.config.ConfigException;
import net.landht.config.ConfigLoader;
import net.landht.config.InetLiterals;
import net.landht.config.NodeConfig;
import net.landht.net.Addresses;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * How a subcommand talks to the running daemon's loopback ops endpoint: the endpoint's URL (from {@code --ops-url},
 * else {@code ops.bind}/{@code ops.port} of the config file and {@code LANDHT_OPS_*}), and one request with bounded
 * timeouts whose failures are printed as a sentence that says what to check.
 */
final class OpsCall {
    static final String DEFAULT_OPS_URL = "http://127.0.0.1:8422";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private OpsCall() {
    }

    /**
     * The ops endpoint's base URL ({@code http://host:port}, any path dropped) or, when {@code opsUrl} has a path,
     * that URL as given (status uses it to read another document).
     *
     * @param opsUrl the {@code --ops-url} value, or null for the config's
     * @throws ParameterException for a URL that is not {@code http(s)://host...} or a bad config file
     */
    static URI opsUri(String opsUrl, Path config, LandhtCommand parent, CommandSpec spec) {
        String url = opsUrl != null ? opsUrl : configuredOpsUrl(config, parent, spec);
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--ops-url: '" + url + "' is not a URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(),
                    "--ops-url: '" + url + "' is not an http:// URL with a host, e.g. " + DEFAULT_OPS_URL);
        }
        return uri;
    }

    /**
     * The ops endpoint the node would serve with this config file and environment: its {@code ops.bind} (a wildcard
     * becomes loopback) and {@code ops.port}.
     */
    private static String configuredOpsUrl(Path config, LandhtCommand parent, CommandSpec spec) {
        NodeConfig.Ops ops;
        try {
            ops = new ConfigLoader(parent.env()).load(config, List.of()).config().ops();
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        InetAddress bind = InetLiterals.parse(ops.bind());
        InetAddress host = bind.isAnyLocalAddress()
                ? InetLiterals.parse(bind instanceof Inet6Address ? "::1" : "127.0.0.1") : bind;
        return "http://" + Addresses.hostPort(new InetSocketAddress(host, ops.port()));
    }

    /**
     * Sends one request; on failure prints why to {@code err} (prefixed {@code who}, e.g. {@code landht status}) and
     * returns null.
     */
    static HttpResponse<String> send(HttpRequest request, String who, PrintWriter err) {
        URI uri = request.uri();
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            err.println(who + ": no connection to " + uri + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            err.println(who + ": " + uri + " did not answer within " + request.timeout().map(Duration::toSeconds)
                    .orElse(0L) + " s");
        } catch (ConnectException e) {
            err.println(who + ": cannot connect to " + uri + " (connection refused); is landht running,"
                    + " with its ops endpoint enabled on this address and port (ops.bind, ops.port)?");
        } catch (IOException e) {
            err.println(who + ": cannot reach " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(who + ": interrupted");
        }
        return null;
    }

    /** Prints a non-success answer: its status and (the start of) its body. */
    static void printError(String who, HttpResponse<String> response, PrintWriter err) {
        err.println(who + ": " + response.uri() + " answered HTTP " + response.statusCode());
        String body = response.body().strip();
        if (!body.isEmpty()) {
            err.println(body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }
}
