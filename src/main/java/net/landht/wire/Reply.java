package net.landht.wire;

import java.util.List;

import net.landht.id.InfoHash;
import net.landht.id.NodeInfo;

/**
 * A reply ({@code y:"r"}); its meaning comes from the request with the same transaction id. Absent fields are null
 * (or empty lists). Fact sheet §4.
 *
 * @param id     the responder's node id
 * @param sa     the requester's address as the responder saw it (4 or 16 bytes), or null
 * @param nodes4 decoded {@code n4} records (empty when absent)
 * @param nodes6 decoded {@code n6} records (empty when absent)
 * @param token  write token, or null
 * @param values values carried, or empty
 * @param fields a {@code fileds} reply, or null
 * @param vid    acknowledged value id, or 0 when absent
 */
public record Reply(Header header, InfoHash id, byte[] sa, List<NodeInfo> nodes4, List<NodeInfo> nodes6, byte[] token,
                    List<ValueSlot> values, FieldsReply fields, long vid) implements Message {
    public Reply {
        nodes4 = List.copyOf(nodes4);
        nodes6 = List.copyOf(nodes6);
        values = List.copyOf(values);
    }

    /** A reply with only {@code id} and {@code sa}: the pong, and the listen confirmation of OpenDHT 2.4. */
    public static Reply simple(Header header, InfoHash id, byte[] sa) {
        return new Reply(header, id, sa, List.of(), List.of(), null, List.of(), null, 0);
    }
}
