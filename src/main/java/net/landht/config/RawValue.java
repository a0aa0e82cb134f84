package net.landht.config;

import java.util.List;
import java.util.Objects;

/**
 * A setting as a source gave it, before it is checked: a YAML scalar, sequence or mapping, an environment variable or
 * a command-line option. Environment and command-line values are always {@link Kind#STRING} or {@link Kind#LIST}.
 *
 * @param kind   what the source wrote
 * @param text   the scalar's text ({@code null} for NULL, LIST, MAP); integers in decimal
 * @param items  the items of a LIST, each with its own origin (empty otherwise)
 * @param origin where it was written, for messages: {@code /etc/landht/landht.yaml line 3},
 *               {@code environment variable LANDHT_DHT_PORT}, {@code option --port}
 */
record RawValue(Kind kind, String text, List<RawValue> items, String origin) {
    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL, LIST, MAP }

    RawValue {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(origin);
        items = List.copyOf(items);
    }

    static RawValue string(String text, String origin) {
        return new RawValue(Kind.STRING, text, List.of(), origin);
    }

    static RawValue list(List<String> texts, String origin) {
        return new RawValue(Kind.LIST, null, texts.stream().map(t -> string(t, origin)).toList(), origin);
    }

    /** How the value reads in a message: {@code 'abc'}, {@code 70000}, {@code true}, {@code a list}, ... */
    String describe() {
        return switch (kind) {
            case STRING -> "'" + text + "'";
            case INTEGER, FLOAT, BOOLEAN -> text;
            case NULL -> "nothing";
            case LIST -> "a list";
            case MAP -> "a mapping";
        };
    }
}
