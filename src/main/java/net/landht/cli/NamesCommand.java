package net.landht.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code landht names list|show|remove|export|import}: the running daemon's name registry, through its loopback ops
 * endpoint ({@code /names}, see {@code ops.NamesAdminRoutes}). Export and import use JSON lines with the official
 * name server's fields ({@code name, addr, owner, publickey, signature}, plus {@code registered}), so names move
 * between servers; an import checks every line as a registration and stores the good ones in one transaction.
 */
@Command(name = "names", sortOptions = false, usageHelpWidth = 80,
        header = "List, show, remove, export or import the names of a running node",
        description = {"Administer the Jami name server of a running node through its ops endpoint (loopback)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the node is not reachable, answered an error, the name is not registered,"
                + " or an import skipped lines", "2:usage error"})
final class NamesCommand {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String WHO = "landht names";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--ops-url", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = {"The node's ops endpoint (default: from ops.bind and ops.port of the config file and "
                    + "LANDHT_OPS_* variables, else " + OpsCall.DEFAULT_OPS_URL + ")"})
    String opsUrl;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The node's config file, read for ops.bind and ops.port")
    Path config;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show this help and exit")
    boolean help;

    @ParentCommand
    LandhtCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "list", header = "List the registered names: name, Jami ID, registration time (UTC)")
    int list() {
        HttpResponse<String> r = call("GET", "/names", null);
        if (r == null) {
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        int n = 0;
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode j = parse(line);
                out.println(j.path("name").asText() + "  " + j.path("addr").asText() + "  "
                        + Instant.ofEpochMilli(j.path("registered").asLong()));
                n++;
            }
        }
        out.println(n + (n == 1 ? " name" : " names"));
        return 0;
    }

    @Command(name = "show", header = "Show one name's registration as key: value lines")
    int show(@Parameters(paramLabel = "NAME", description = "The name (any case)") String name) {
        HttpResponse<String> r = call("GET", "/names/" + encode(name), null);
        if (r == null) {
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        StatusCommand.lines(parse(r.body().strip())).forEach(out::println);
        return 0;
    }

    @Command(name = "remove", header = "Remove a name (clients that resolved it keep it in their cache)")
    int remove(@Parameters(paramLabel = "NAME", description = "The name (any case)") String name) {
        HttpResponse<String> r = call("POST", "/names/" + encode(name) + "/remove", new byte[0]);
        if (r == null) {
            return 1;
        }
        JsonNode j = parse(r.body().strip());
        spec.commandLine().getOut().println("removed " + j.path("name").asText() + " (" + j.path("addr").asText()
                + "); Jami clients that already resolved it keep it in their cache");
        return 0;
    }

    @Command(name = "export", header = "Write every registration to FILE as JSON lines ('-': standard output)")
    int export(@Parameters(paramLabel = "FILE", description = "Where to write") String file) {
        HttpResponse<String> r = call("GET", "/names", null);
        if (r == null) {
            return 1;
        }
        long n = r.body().lines().filter(l -> !l.isBlank()).count();
        if (file.equals("-")) {
            spec.commandLine().getOut().print(r.body());
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(Path.of(file), r.body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            spec.commandLine().getErr().println(WHO + ": cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("exported " + n + (n == 1 ? " name" : " names") + " to " + file);
        return 0;
    }

    @Command(name = "import", header = "Import JSON lines from FILE; each line is checked like a registration")
    int importFile(@Parameters(paramLabel = "FILE", description = "JSON lines, as export writes them") Path file) {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println(WHO + ": cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        HttpResponse<String> r = call("POST", "/names/import", body);
        if (r == null) {
            return 1;
        }
        JsonNode j = parse(r.body().strip());
        PrintWriter out = spec.commandLine().getOut();
        out.println("imported " + j.path("imported").asInt() + ", unchanged " + j.path("unchanged").asInt()
                + ", skipped " + j.path("skipped").asInt());
        for (JsonNode s : j.path("skips")) {
            out.println("  line " + s.path("line").asInt() + (s.path("name").isTextual() ? " ("
                    + s.path("name").asText() + ")" : "") + ": " + s.path("reason").asText());
        }
        return j.path("skipped").asInt() == 0 ? 0 : 1;
    }

    /** One request to the ops endpoint; null (after printing why) unless it answered 200. */
    private HttpResponse<String> call(String method, String path, byte[] body) {
        URI base = OpsCall.opsUri(opsUrl, config, parent, spec);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        HttpRequest request = body == null ? b.GET().build()
                : b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = OpsCall.send(request, WHO, spec.commandLine().getErr());
        if (r != null && r.statusCode() != 200) {
            OpsCall.printError(WHO, r, spec.commandLine().getErr());
            return null;
        }
        return r;
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the ops endpoint answered something other than JSON: " + text, e);
        }
    }
}
