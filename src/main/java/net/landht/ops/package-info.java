/**
 * The operations HTTP endpoint ({@link net.landht.ops.OpsServer}), 127.0.0.1:8422 by default ({@code ops.bind},
 * {@code ops.port}; off with {@code ops.enabled: false} or {@code --no-ops}):
 * <ul>
 * <li>{@code GET /}: the status page for a browser ({@link net.landht.ops.StatusRoutes}): node id, uptime, version,
 *     addresses, nodes per family and the first 200 known nodes, storage, proxy clients, push subscriptions, names,
 *     and a chart of requests/replies per second over the last hour; readable without JavaScript, refreshed in place
 *     every 5 s by {@code /status.js} from {@code GET /status.json} (the /stats document plus {@code addresses},
 *     {@code known_nodes} and {@code history}); a Content-Security-Policy keeps it to this endpoint. With
 *     {@code http.status-page: true} it is also at {@code /status} on the LAN HTTP port
 *     ({@link net.landht.ops.LanStatusPage}).
 * <li>{@code GET /health}: 200 and {@code {"status":"ok","good_nodes":N,"udp":["0.0.0.0:4222",...]}} while every
 *     UDP socket is open and the DHT's event loop answers within 1 s; 503 with status {@code down} or
 *     {@code stalled} otherwise. The Docker image's HEALTHCHECK calls it.
 * <li>{@code GET /metrics}: Prometheus text 0.0.4 (OpenMetrics when the Accept header asks for it), through
 *     Micrometer; the names are listed in {@link net.landht.ops.OpsMetrics}.
 * <li>{@code GET /stats}: one JSON document for humans and scripts (node id, version, config source, uptime, bound
 *     addresses, nodes per family and state, storage, packets and drops); {@code landht status} prints it as
 *     {@code key: value} lines.
 * </ul>
 * Any other path is 404, another method 405. The endpoint runs on a thread of its own and reads the DHT's
 * loop-owned state only through snapshots taken on that loop ({@link net.landht.ops.Snapshots}).
 */
package net.landht.ops;
