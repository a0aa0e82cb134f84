package net.landht.dht;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import net.landht.id.InfoHash;
import net.landht.value.Query;
import net.landht.value.Refusal;
import net.landht.value.Value;

/**
 * The only door from other threads (HTTP proxy, push, admin) into the DHT loop: landht as a DHT <em>client</em>.
 * Every method may be called from any thread; it posts the work to the DHT event loop and returns at once. Results
 * are delivered on the {@link Executor} the caller names (an HTTP connection passes its own channel's event loop, so
 * the results of one operation arrive in order and never on the DHT loop).
 *
 * <p>Semantics follow OpenDHT's {@code Dht::get/put/listen} (include/opendht/dht.h, src/dht.cpp; fact sheet
 * {@code opendht-wire.md} §4–§9): the nodes closest to the key are found by an iterative search per address family,
 * values are asked from them with their write tokens, and local storage takes part like any other node.
 *
 * <p>Every operation is bounded per requester ({@code source}, the HTTP client's address) and in total; an
 * operation over a bound is refused with {@link Refused} (thrown by the method itself, before anything is posted)
 * and counted.
 */
public interface DhtClient {

    /** A running get or listen; {@link #cancel()} is idempotent, callable from any thread, and stops callbacks soon. */
    interface Operation {
        void cancel();
    }

    /** Receives the results of one {@link #get}. Calls never overlap and come in order on the caller's executor. */
    interface GetCallback {
        /** Values found that this get has not reported yet (local store first, then remote batches); never empty. */
        void onValues(List<Value> values);

        /**
         * Called once at the end: {@code ok} true when the searches settled (even with no value found), false when
         * the get could not run at all (no socket for either family and nothing stored locally).
         */
        void onDone(boolean ok);
    }

    /** Receives the changes seen by one {@link #listen}. Calls never overlap and come in order. */
    interface ListenCallback {
        /**
         * New values, or values whose content changed (same id, higher seq), with {@code expired} false; values that
         * expired or were evicted, with {@code expired} true. Each change is reported once; never empty.
         */
        void onValues(List<Value> values, boolean expired);
    }

    /**
     * The outcome of a put.
     *
     * @param valueId       the id the value was stored under (the caller's, or one the client picked when it was 0)
     * @param storedLocally true when landht's own store accepted it (landht among the closest, or no other node)
     * @param remoteAcks    how many remote nodes acknowledged the put (0..8)
     * @param refusal       why landht's own store refused the value, when it was offered the value and no node holds
     *                      it ({@link #ok()} false); null otherwise. Reasons of the value itself ({@link
     *                      Refusal#NOT_OWNER}, {@link Refusal#BAD_SIGNATURE}, ...) mean that a re-post of the same
     *                      value cannot succeed; {@link Refusal#KEY_FULL} and {@link Refusal#STORAGE_FULL} are
     *                      landht's bounds. The value is too large for an id: {@link Refusal#TOO_LARGE}.
     */
    record PutResult(long valueId, boolean storedLocally, int remoteAcks, Refusal refusal) {
        /** A result without a refusal. */
        public PutResult(long valueId, boolean storedLocally, int remoteAcks) {
            this(valueId, storedLocally, remoteAcks, null);
        }

        /** True when at least one node (landht or a remote one) holds the value. */
        public boolean ok() {
            return storedLocally || remoteAcks > 0;
        }
    }

    /** Why an operation was refused before it started. */
    enum Limit { SEARCHES_PER_SOURCE, SEARCHES_TOTAL, LISTENS_PER_SOURCE, LISTENS_TOTAL, PERMANENT_PER_SOURCE,
        PERMANENT_TOTAL, VALUE_REFUSED, STOPPED }

    /** Thrown synchronously when an operation is over one of its bounds or the client is stopped. */
    final class Refused extends RuntimeException {
        private final Limit limit;

        public Refused(Limit limit, String message) {
            super(message, null, false, false);
            this.limit = limit;
        }

        public Limit limit() {
            return limit;
        }
    }

    /**
     * Iterative get of {@code key}: values matching {@code query} from the local store and from the nodes closest to
     * the key in each address family; each value id is reported once (the highest seq seen wins).
     *
     * @param source   the requester, for per-source bounds
     * @param executor where {@code callback} runs
     * @throws Refused over a bound
     */
    Operation get(InfoHash key, Query query, InetAddress source, Executor executor, GetCallback callback);

    /**
     * Puts {@code value} (signed and encrypted values untouched) on the 8 closest nodes of each family, with their
     * write tokens, and in the local store when landht is among them or knows no closer node (and whenever no
     * remote node acknowledged: a put the local store accepts never fails). A value id of 0 is replaced by a random
     * non-zero id: the id lies outside what an owner signs, so the value is re-packed around its exact body and
     * signature (or cypher), which still verify, and with its {@code p} (priority) and {@code pt} (push type).
     *
     * @param permanent re-announce the value before it expires until {@link #cancelPut} (OpenDHT: permanent put)
     * @return completes (on the common fork-join pool, never on the DHT loop) when every node asked has answered
     *         or timed out, or 3 s after the puts went out once some node holds the value; never completes
     *         exceptionally (a bound's refusal is thrown by this method itself; a value landht's store refuses, with
     *         no node holding it, completes with {@link PutResult#refusal()} set)
     * @throws Refused over a bound
     */
    CompletableFuture<PutResult> put(InfoHash key, Value value, boolean permanent, InetAddress source);

    /** Stops re-announcing the permanent put of {@code valueId} under {@code key}; no-op when there is none. */
    void cancelPut(InfoHash key, long valueId);

    /**
     * Listens on {@code key}: the current values first, then every change, from the local store and from remote
     * listens (with a socket id) on the closest nodes, re-established when those nodes change or fail. All
     * listens of one key share one set of remote listens and one copy of the values (OpenDHT: one search per key);
     * a listen joining a running one gets the values known now at once; {@code query} filters what this listen is
     * told. Each listen counts against the per-source and total listen bounds.
     *
     * @throws Refused over a bound
     */
    Operation listen(InfoHash key, Query query, InetAddress source, Executor executor, ListenCallback callback);

    /** A point-in-time view of the node for the proxy's node info (thread-safe). */
    NodeStatus status();

    /**
     * What the proxy's {@code GET /} reports.
     *
     * @param nodeId          our node id
     * @param good4           good IPv4 nodes, counting landht itself (a lone landht is the DHT of its LAN)
     * @param dubious4        dubious IPv4 nodes
     * @param good6           good IPv6 nodes (landht itself counted when it has an IPv6 socket)
     * @param dubious6        dubious IPv6 nodes
     * @param operations      client operations running now (searches, listens, permanent puts)
     * @param storedValues    values in the local store
     * @param storedBytes     their bytes
     * @param port4           UDP port of the IPv4 socket, 0 without one
     * @param port6           UDP port of the IPv6 socket, 0 without one
     */
    record NodeStatus(InfoHash nodeId, int good4, int dubious4, int good6, int dubious6, int operations,
                      int storedValues, long storedBytes, int port4, int port6) {
    }
}
