package net.landht.wire;

import java.util.List;

import net.landht.id.InfoHash;
import net.landht.value.Query;

/**
 * A query ({@code y:"q"}). Fields that a peer may omit and that the node must answer with an error (a missing key
 * gets 203, a missing token 401) are nullable here rather than decode errors. Fact sheet §4.
 */
public sealed interface Request extends Message {
    /** The sender's node id (never null, never zero). */
    InfoHash id();

    /** The query name on the wire. */
    String name();

    /** {@code ping}: {@code a:{id}}. */
    record Ping(Header header, InfoHash id) implements Request {
        @Override
        public String name() {
            return "ping";
        }
    }

    /**
     * {@code find}: nodes close to {@code target}.
     *
     * @param want the families asked for, or null when {@code w} was absent (then: the request's own family)
     */
    record Find(Header header, InfoHash id, InfoHash target, Want want) implements Request {
        @Override
        public String name() {
            return "find";
        }
    }

    /**
     * {@code get}: values under {@code key} plus nodes close to it.
     *
     * @param key   the InfoHash, or null when absent (answered with 203)
     * @param query the {@code q} query, or null when absent (everything, whole values)
     * @param want  wanted families or null
     */
    record Get(Header header, InfoHash id, InfoHash key, Query query, Want want) implements Request {
        @Override
        public String name() {
            return "get";
        }
    }

    /**
     * {@code listen}: subscribe to changes under {@code key}.
     *
     * @param key     the InfoHash or null (203)
     * @param token   the write token or null (401)
     * @param sid     the listener's socket id (unsigned 32 bits); 0 when absent
     * @param query   the filter or null
     * @param version listen protocol version {@code ve}; -1 when absent (a legacy, version-0 listener)
     */
    record Listen(Header header, InfoHash id, InfoHash key, byte[] token, long sid, Query query, int version)
            implements Request {
        @Override
        public String name() {
            return "listen";
        }
    }

    /**
     * {@code put}: store values under {@code key}.
     *
     * @param key     the InfoHash or null (203)
     * @param values  the values, packed or announced as {@code p} parts
     * @param token   write token or null (401)
     * @param created creation time in Unix seconds, or -1 when {@code c} was absent
     */
    record Put(Header header, InfoHash id, InfoHash key, List<ValueSlot> values, byte[] token, long created)
            implements Request {
        @Override
        public String name() {
            return "put";
        }
    }

    /**
     * {@code refresh}: extend the life of a stored value.
     *
     * @param key     the InfoHash or null
     * @param valueId the value id {@code vid} (unsigned 64 bits)
     * @param token   write token or null (401)
     */
    record Refresh(Header header, InfoHash id, InfoHash key, long valueId, byte[] token) implements Request {
        @Override
        public String name() {
            return "refresh";
        }
    }

    /**
     * {@code update}: a storing node pushes changes to a listener (listen version ≥ 1).
     *
     * @param key       the InfoHash or null
     * @param sid       the listener's socket id
     * @param values    new or edited values (may be empty)
     * @param refreshed ids of refreshed values ({@code re}), may be empty
     * @param expired   ids of expired values ({@code exp}), may be empty
     * @param token     a write token or null
     * @param version   {@code ve}, -1 when absent
     * @param created   creation time (Unix seconds) or -1
     */
    record Update(Header header, InfoHash id, InfoHash key, long sid, List<ValueSlot> values, long[] refreshed,
                  long[] expired, byte[] token, int version, long created) implements Request {
        @Override
        public String name() {
            return "update";
        }
    }
}
