package net.landht.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests only: the captured exchanges with Debian's dhtnode 2.4.12 proxy, copied from
 * {@code shared/protocol/proxy-vectors/} into {@code src/test/resources/proxy-vectors/} (curl/ and client/, without
 * the push ones). Each file is the raw request, then the raw response (chunked framing kept).
 */
final class ProxyVectors {
    static final List<String> CURL = List.of("01-get-root", "02-get-node-info", "03-get-node-stats",
            "04-options-key", "05-get-key-options", "06-post-put", "07-get-key", "08-get-key-valueid",
            "09-post-put-with-id-prio", "10-post-put-permanent-true", "11-post-put-permanent-push",
            "12-get-listen-stream", "13-listen-method", "23-ping-push", "24-post-sign", "25-post-encrypt",
            "26-err-bad-json", "27-err-empty-body", "28-err-json-array", "29-err-bad-base64",
            "30-get-non-hex-hash", "31-get-short-hex-hash", "32-err-unknown-method", "33-err-put-method",
            "34-err-unknown-path", "35-err-huge-body", "36-err-garbage", "37-legacy-get", "38-legacy-post",
            "39-http10-get-node-info", "40-keepalive-two-requests");
    static final List<String> CLIENT = List.of("plain-01-get-root", "plain-02-get-root-again", "plain-03-put",
            "plain-04-get", "plain-05-listen-stream", "plain-06-put-permanent", "push-01-get-root",
            "push-02-get-root-again", "push-04-put-permanent-with-push", "signed-01-get-root",
            "signed-02-get-root-again", "signed-03-put-permanent-certificate", "signed-04-get-before-putsigned",
            "signed-05-put-signed", "signed-06-get-signed");

    /** One capture: the request bytes and the response bytes as sent (ISO-8859-1 text, byte for byte). */
    record Vector(String name, String request, String response) {
        /** The request body (after the blank line). */
        String requestBody() {
            int at = request.indexOf("\r\n\r\n");
            return request.substring(at + 4);
        }

        /** The body of a Content-Length response. */
        String responseBody() {
            int at = response.indexOf("\r\n\r\n");
            return at < 0 ? "" : response.substring(at + 4);
        }

        /** The status code, or 0 when the server answered nothing. */
        int status() {
            return response.isEmpty() ? 0 : Integer.parseInt(response.substring(9, 12));
        }

        /** The request line. */
        String requestLine() {
            int at = request.indexOf("\r\n");
            return at < 0 ? request : request.substring(0, at);
        }
    }

    private ProxyVectors() {
    }

    static Vector curl(String name) {
        return load("curl/" + name);
    }

    static Vector client(String name) {
        return load("client/" + name);
    }

    static List<Vector> all() {
        List<Vector> all = new ArrayList<>();
        CURL.forEach(n -> all.add(curl(n)));
        CLIENT.forEach(n -> all.add(client(n)));
        return all;
    }

    private static Vector load(String path) {
        String text;
        try (InputStream in = ProxyVectors.class.getResourceAsStream("/proxy-vectors/" + path + ".txt")) {
            if (in == null) {
                throw new AssertionError("missing vector " + path);
            }
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int reqStart = text.indexOf("===\n") + 4;
        int respMark = text.indexOf("\n=== RESPONSE");
        String request = text.substring(reqStart, respMark);
        int respStart = text.indexOf("===\n", respMark + 1) + 4;
        int end = text.indexOf("\n=== TIMELINE", respStart);
        String response = text.substring(respStart, end < 0 ? text.length() : end);
        return new Vector(path, request, response);
    }
}
