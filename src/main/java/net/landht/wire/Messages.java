package net.landht.wire;

import java.util.List;

/** Access to the {@code values} of the message kinds that carry values (put, update, reply). */
public final class Messages {
    private Messages() {
    }

    /** The values {@code m} carries, or an empty list for kinds that carry none. */
    public static List<ValueSlot> valuesOf(Message m) {
        if (m instanceof Reply r) {
            return r.values();
        } else if (m instanceof Request.Put p) {
            return p.values();
        } else if (m instanceof Request.Update u) {
            return u.values();
        }
        return List.of();
    }

    /** A copy of {@code m} carrying {@code v} instead; other kinds are returned unchanged. */
    public static Message withValues(Message m, List<ValueSlot> v) {
        if (m instanceof Reply r) {
            return new Reply(r.header(), r.id(), r.sa(), r.nodes4(), r.nodes6(), r.token(), v, r.fields(), r.vid());
        } else if (m instanceof Request.Put p) {
            return new Request.Put(p.header(), p.id(), p.key(), v, p.token(), p.created());
        } else if (m instanceof Request.Update u) {
            return new Request.Update(u.header(), u.id(), u.key(), u.sid(), v, u.refreshed(), u.expired(), u.token(),
                    u.version(), u.created());
        }
        return m;
    }
}
