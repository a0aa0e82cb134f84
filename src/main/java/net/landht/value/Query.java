package net.landht.value;

import java.util.Arrays;
import java.util.List;

import net.landht.id.InfoHash;

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

    /** The selected fields as a reply lists them: distinct, ascending by wire number (OpenDHT keeps a set). */
    public List<Field> sortedSelect() {
        return select.stream().distinct().sorted().toList();
    }

    /** True when {@code v} satisfies every condition of {@code where}. */
    public boolean matches(Value v) {
        for (Where w : where) {
            if (!w.matches(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One condition of a query's {@code w}.
     *
     * @param field  the field compared
     * @param number the value compared for ID, VALUE_TYPE and SEQ_NUM (unsigned)
     * @param bytes  the value compared for OWNER_PK (20-byte key id) and USER_TYPE (string bytes); null otherwise
     */
    public record Where(Field field, long number, byte[] bytes) {
        /**
         * True when {@code v} satisfies this condition. Type and seq compare as uint16, as OpenDHT's filters
         * truncate; OwnerPk needs an owner whose key id is {@code bytes}. OpenDHT: include/opendht/value.h,
         * {@code IdFilter}, {@code TypeFilter}, {@code OwnerFilter}, {@code SeqNumFilter}, {@code UserTypeFilter}.
         */
        public boolean matches(Value v) {
            if (field == null) {
                return false;
            }
            return switch (field) {
                case ID -> v.id() == number;
                case VALUE_TYPE -> v.type() == (int) (number & 0xFFFF);
                case SEQ_NUM -> v.seq() == (int) (number & 0xFFFF);
                case OWNER_PK -> {
                    InfoHash k = bytes != null && bytes.length == InfoHash.LENGTH ? v.keyId() : null;
                    yield k != null && Arrays.equals(k.toBytes(), bytes);
                }
                case USER_TYPE -> bytes != null && Arrays.equals(v.userTypeBytes(), bytes);
            };
        }
    }
}
