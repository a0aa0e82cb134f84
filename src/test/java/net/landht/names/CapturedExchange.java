package net.landht.names;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tests only: one HTTP exchange of {@code src/test/resources/name-server-vectors/} (format in its README): the request
 * jamid (or the harness) sent and the status and body the recording server answered.
 *
 * @param number         the exchange's number in its capture run (the order they happened in)
 * @param file           resource path, for messages
 * @param method         request method
 * @param path           request path segments
 * @param requestBody    request body, empty for none
 * @param status         the recorded response status
 * @param responseBody   the recorded response body
 */
record CapturedExchange(int number, String file, String method, List<String> path, byte[] requestBody, int status,
                        String responseBody) {
    private static final String DIR = "/name-server-vectors/";
    private static final Pattern HEADER = Pattern.compile("# exchange (\\d+),.*");
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) .*");

    static CapturedExchange load(String name) {
        String text;
        try (InputStream in = CapturedExchange.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new AssertionError("missing test vector " + DIR + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] halves = text.split("# ---- response\n", 2);
        List<String> request = new ArrayList<>(Arrays.asList(halves[0].split("\n", -1)));
        Matcher h = HEADER.matcher(request.get(0));
        if (!h.matches() || !request.get(1).startsWith("# ---- request")) {
            throw new AssertionError(name + ": not an exchange file");
        }
        String[] requestLine = request.get(2).split(" ");
        int blank = request.subList(2, request.size()).indexOf("") + 2;
        String body = String.join("\n", request.subList(blank + 1, request.size())).strip();
        String[] response = halves[1].split("\n\n", 2);
        Matcher s = STATUS.matcher(response[0].lines().findFirst().orElse(""));
        if (!s.matches()) {
            throw new AssertionError(name + ": no response status line");
        }
        List<String> segments = List.of(requestLine[1].substring(1).split("/"));
        return new CapturedExchange(Integer.parseInt(h.group(1)), name, requestLine[0], segments,
                body.getBytes(StandardCharsets.UTF_8), Integer.parseInt(s.group(1)), response[1].strip());
    }
}
