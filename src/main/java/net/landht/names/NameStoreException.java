package net.landht.names;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The names database cannot be used. The message names the file, says what is wrong and what the admin can do; it is
 * meant to be logged as it is (at start-up: one line, then landht runs without the name server or stops).
 */
public final class NameStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of trouble, for callers that react differently (and for tests). */
    public enum Problem {
        /** Not an SQLite file, or a damaged one. */
        CORRUPT,
        /** Another process holds the file. */
        LOCKED,
        /** Written by a newer landht with a schema this one does not know. */
        NEWER_SCHEMA,
        /** An SQLite database of another program. */
        FOREIGN,
        /** Cannot be opened or written: path, permissions, disk full, I/O error. */
        UNAVAILABLE
    }

    private final transient Path file;
    private final Problem problem;

    NameStoreException(Path file, Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.file = Objects.requireNonNull(file);
        this.problem = Objects.requireNonNull(problem);
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }
}
