package net.landht.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.landht.names.NameStoreException;
import net.landht.names.NamesAdmin;
import net.landht.names.Registration;

/**
 * The name server's admin commands on the loopback ops endpoint, for {@code landht names ...}:
 *
 * <pre>
 * GET  /names              every registration, JSON lines ({@link NamesAdmin}'s format), by name
 * GET  /names/NAME         one line, or 404 {"error":"name not registered"}
 * POST /names/NAME/remove  removes it: 200 with the removed line, or 404
 * POST /names/import       body: JSON lines; 200 {"imported","unchanged","skipped","skips":[{"line","name","reason"}]}
 * </pre>
 *
 * A database failure is 500 {@code {"error":"<what to do>"}}; other paths 404, other methods 405. The SQLite calls
 * run on {@code executor}, never on the ops thread. When the name server is not running every command is 503 and
 * says why.
 */
public final class NamesAdminRoutes implements OpsAdmin {
    private static final String LINES = "application/x-ndjson; charset=utf-8";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamesAdmin admin;
    private final Executor executor;
    private final String offReason;

    /**
     * @param admin     the registry's admin operations, or null when the name server does not run
     * @param executor  where the blocking calls run
     * @param offReason why the name server does not run (shown when {@code admin} is null)
     */
    public NamesAdminRoutes(NamesAdmin admin, Executor executor, String offReason) {
        this.admin = admin;
        this.executor = executor;
        this.offReason = offReason;
    }

    @Override
    public CompletableFuture<Reply> handle(String method, String path, byte[] body) {
        if (admin == null) {
            return CompletableFuture.completedFuture(error(503, "the name server is not running: " + offReason));
        }
        String[] p = path.substring(prefix().length()).replaceAll("^/+|/+$", "").split("/");
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (p.length == 1 && p[0].isEmpty()) {
            return get ? run(this::export) : notAllowed("GET");
        }
        if (p.length == 1 && p[0].equals("import")) {
            return post ? run(() -> importLines(body)) : notAllowed("POST");
        }
        if (p.length == 1) {
            return get ? run(() -> line(admin.show(p[0]))) : notAllowed("GET");
        }
        if (p.length == 2 && p[1].equals("remove")) {
            return post ? run(() -> line(admin.remove(p[0]))) : notAllowed("POST");
        }
        return CompletableFuture.completedFuture(error(404, "not found: try GET /names, GET /names/NAME, "
                + "POST /names/NAME/remove, POST /names/import"));
    }

    @Override
    public String prefix() {
        return "/names";
    }

    private interface Command {
        Reply run() throws NameStoreException, JsonProcessingException;
    }

    private CompletableFuture<Reply> run(Command c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.run();
            } catch (NameStoreException e) {
                return error(500, e.getMessage());
            } catch (JsonProcessingException e) {
                return error(500, "cannot write JSON: " + e.getMessage());
            }
        }, executor);
    }

    private Reply export() throws NameStoreException {
        StringBuilder b = new StringBuilder();
        for (Registration r : admin.list()) {
            b.append(NamesAdmin.toJsonLine(r)).append('\n');
        }
        return new Reply(200, LINES, b.toString());
    }

    private static Reply line(Optional<Registration> r) {
        return r.map(x -> new Reply(200, LINES, NamesAdmin.toJsonLine(x) + "\n"))
                .orElseGet(() -> error(404, "name not registered"));
    }

    private Reply importLines(byte[] body) throws NameStoreException, JsonProcessingException {
        NamesAdmin.ImportReport report = admin.importLines(body);
        return new Reply(200, JSON_TYPE, JSON.writeValueAsString(report) + "\n");
    }

    private static CompletableFuture<Reply> notAllowed(String allowed) {
        return CompletableFuture.completedFuture(error(405, "only " + allowed));
    }

    private static Reply error(int status, String message) {
        try {
            return new Reply(status, JSON_TYPE, JSON.writeValueAsString(Map.of("error", message)) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }
}
