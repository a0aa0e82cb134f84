package net.landht.names;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The name server's endpoints, whoever answers them: the local registry ({@link NameService}, answers now) or a
 * secondary's forwarder ({@link NameForwarder}, answers later). {@link #route} maps a request to one of them the same
 * way for both (shared/protocol/name-server.md §2):
 *
 * <pre>
 * GET  /name/NAME                       lookupName
 * GET  /name/NAME/publickey|signature|owner   lookupNameField (read-only extras, §2.4)
 * GET  /addr/ID                         lookupAddr
 * POST /name/NAME                       register
 * other methods on these paths          405 {"error":"method not allowed"}; other paths 404 {"error":"not found"}
 * </pre>
 *
 * @param <T> what an answer is: a {@link NameResponse}, or a future of one
 */
interface NameEndpoints<T> {
    /** The official server's read-only extra fields of {@code GET /name/<name>/<field>}. */
    Set<String> EXTRA_FIELDS = Set.of("publickey", "signature", "owner");

    /** {@code GET /name/<name>}, the name as received. */
    T lookupName(String name);

    /** {@code GET /name/<name>/<field>}, {@code field} one of {@link #EXTRA_FIELDS}. */
    T lookupNameField(String name, String field);

    /** {@code GET /addr/<id>}, the ID as received. */
    T lookupAddr(String id);

    /** {@code POST /name/<name>}. */
    T register(String name, byte[] body, InetAddress source);

    /** A fixed local answer (404, 405) in this endpoint's shape. */
    T local(NameResponse response);

    /**
     * Maps one request to an endpoint.
     *
     * @param path the path's segments, e.g. {@code [, name, alice]}; empty segments are ignored
     */
    static <T> T route(NameEndpoints<T> e, String method, List<String> path, byte[] body, InetAddress source) {
        List<String> p = new ArrayList<>(path.size());
        for (String s : path) {
            if (!s.isEmpty()) {
                p.add(s);
            }
        }
        boolean get = "GET".equals(method);
        NameResponse notAllowed = NameResponse.json(405, "error", "method not allowed");
        if (p.size() == 2 && p.get(0).equals("name")) {
            return get ? e.lookupName(p.get(1)) : "POST".equals(method) ? e.register(p.get(1), body, source)
                    : e.local(notAllowed);
        }
        if (p.size() == 3 && p.get(0).equals("name") && EXTRA_FIELDS.contains(p.get(2))) {
            return get ? e.lookupNameField(p.get(1), p.get(2)) : e.local(notAllowed);
        }
        if (p.size() == 2 && p.get(0).equals("addr")) {
            return get ? e.lookupAddr(p.get(1)) : e.local(notAllowed);
        }
        return e.local(NameResponse.json(404, "error", "not found"));
    }
}
