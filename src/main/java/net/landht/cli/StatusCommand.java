package net.landht.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code landht status}: fetches a running node's {@code /stats} JSON and prints it as {@code key: value} lines. */
@Command(name = "status", sortOptions = false, usageHelpWidth = 80,
        header = "Print a running node's /stats as key: value lines",
        description = {"Print the statistics of a running node, read from /stats on its ops HTTP endpoint, as "
                + "key: value lines."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:the node is not reachable or answered an error", "2:usage error"})
final class StatusCommand implements Callable<Integer> {
    static final String DEFAULT_OPS_URL = OpsCall.DEFAULT_OPS_URL;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--ops-url", paramLabel = "URL", description = {"The node's ops endpoint; /stats is added when "
            + "URL has no path (default: from ops.bind and ops.port of the config file and LANDHT_OPS_* variables, "
            + "else " + DEFAULT_OPS_URL + ")"})
    String opsUrl;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The node's config file, read for ops.bind and ops.port")
    Path config;

    @ParentCommand
    LandhtCommand parent;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        URI uri = statsUri();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = OpsCall.send(request, "landht status", err);
        if (response == null) {
            return 1;
        }
        if (response.statusCode() != 200) {
            OpsCall.printError("landht status", response, err);
            return 1;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            out.println(response.body().strip());  // not JSON: show it as it is
            return 0;
        }
        for (String line : lines(json)) {
            out.println(line);
        }
        return 0;
    }

    private URI statsUri() {
        URI uri = OpsCall.opsUri(opsUrl, config, parent, spec);
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? uri.resolve("/stats") : uri;
    }

    /**
     * Flattens JSON into {@code key: value} lines: nested objects give dotted keys ({@code nodes.ipv4.good: 12}),
     * arrays of scalars are joined with commas, arrays of objects are indexed ({@code peers[0].address: ...}).
     */
    static List<String> lines(JsonNode json) {
        List<String> lines = new ArrayList<>();
        if (json.isObject() || json.isArray()) {
            flatten("", json, lines);
        } else {
            lines.add(scalar(json));
        }
        return lines;
    }

    private static void flatten(String prefix, JsonNode node, List<String> lines) {
        if (node.isObject()) {
            if (node.isEmpty() && !prefix.isEmpty()) {
                lines.add(prefix + ": (none)");
            }
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), lines);
            }
        } else if (node.isArray()) {
            boolean scalars = true;
            for (JsonNode item : node) {
                scalars &= !item.isContainerNode();
            }
            if (node.isEmpty()) {
                lines.add(prefix + ": (none)");
            } else if (scalars) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(scalar(item)));
                lines.add(prefix + ": " + String.join(", ", items));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    flatten(prefix + "[" + i + "]", node.get(i), lines);
                }
            }
        } else {
            lines.add(prefix + ": " + scalar(node));
        }
    }

    private static String scalar(JsonNode node) {
        return node.isNull() ? "-" : node.asText();
    }
}
