package net.landht.wire;

import java.util.List;

import net.landht.value.Field;

/**
 * A {@code fileds} (sic) reply to a get whose query selected fields: the field list, sorted ascending, and a flat
 * list holding, for each matching value, one entry per field. Entries are {@code Long} (Id, ValueType, SeqNum),
 * {@code String} (UserType) or {@code byte[]} (OwnerPk). Fact sheet §6.
 *
 * @param fields the selected fields, ascending by wire number
 * @param values flat list, {@code fields.size()} entries per value
 */
public record FieldsReply(List<Field> fields, List<Object> values) {
    public FieldsReply {
        fields = List.copyOf(fields);
        values = List.copyOf(values);
    }
}
