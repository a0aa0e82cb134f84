package net.landht.value;

/** The outcome of {@link Value#parse}: a value, or a typed error. Never an exception. */
public sealed interface ParseResult {
    /** A well-formed value. */
    record Ok(Value value) implements ParseResult {
    }

    /**
     * A rejected value.
     *
     * @param error  what was wrong
     * @param detail a short human-readable explanation (for DEBUG logs), never null
     */
    record Error(ParseError error, String detail) implements ParseResult {
    }

    /** The value, or null when this is an error. */
    default Value valueOrNull() {
        return this instanceof Ok ok ? ok.value() : null;
    }
}
