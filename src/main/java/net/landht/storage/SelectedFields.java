package net.landht.storage;

import java.util.List;

import net.landht.value.Field;

/**
 * The content of a {@code fileds} reply: the selected fields, ascending, and for each matching value one entry per
 * field, flattened. Entries are {@code Long} (Id, ValueType, SeqNum), {@code String} (UserType) or {@code byte[]}
 * (OwnerPk: the DER key, or 20 zero bytes). Fact sheet §6.
 *
 * @param fields the fields, distinct and ascending by wire number
 * @param values {@code fields.size()} entries per matching value, in storage order
 */
public record SelectedFields(List<Field> fields, List<Object> values) {
    public SelectedFields {
        fields = List.copyOf(fields);
        values = List.copyOf(values);
    }

    /** Number of values described. */
    public int valueCount() {
        return fields.isEmpty() ? 0 : values.size() / fields.size();
    }
}
