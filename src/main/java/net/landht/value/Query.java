package net.landht.value;

import java.util.List;

/**
 * The query of a get or listen ({@code q}): which fields to send back ({@code s}) and which values match ({@code w}).
 * An empty select asks for whole values. OpenDHT: src/value.cpp, {@code Query::msgpack_unpack}; fact sheet §6.
 *
 * @param select fields to return, in the order given (the reply sorts them); empty = whole values
 * @param where  conditions that must all hold
 */
public record Query(List<Field> select, List<Where> where) {
    /** The query that matches everything and selects whole values. */
    public static final Query ALL = new Query(List.of(), List.of());

    public Query {
        select = List.copyOf(select);
        where = List.copyOf(where);
    }

    /** True when the reply must be a {@code fileds} reply rather than whole values. */
    public boolean selectsFields() {
        return !select.isEmpty();
    }

    /**
     * One condition of a query's {@code w}.
     *
     * @param field  the field compared
     * @param number the value compared for ID, VALUE_TYPE and SEQ_NUM (unsigned)
     * @param bytes  the value compared for OWNER_PK (20-byte key id) and USER_TYPE (string bytes); null otherwise
     */
    public record Where(Field field, long number, byte[] bytes) {
    }
}
