package net.landht.names;

import java.nio.file.Path;
import java.sql.SQLException;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite's error codes into a {@link NameStoreException} whose message tells the admin what to do. */
final class SqliteErrors {
    private SqliteErrors() {
    }

    /**
     * @param action what was being done: open, read, write
     */
    static NameStoreException translate(Path file, String action, SQLException e) {
        int primary = e instanceof SQLiteException se ? se.getResultCode().code & 0xFF : -1;
        String sqlite = "SQLite: " + e.getMessage();
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new NameStoreException(file, NameStoreException.Problem.CORRUPT, damaged(file, sqlite), e);
        }
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new NameStoreException(file, NameStoreException.Problem.LOCKED, "names database " + file
                    + " is in use by another process (another landht with the same names.database or state folder,"
                    + " or an open sqlite3 shell): stop it, or give this landht another names.database (" + sqlite
                    + ")", e);
        }
        String hint = primary == SQLiteErrorCode.SQLITE_FULL.code ? "the disk is full: free space"
                : primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_READONLY.code
                || primary == SQLiteErrorCode.SQLITE_PERM.code
                ? "check that names.database is a file in a folder the landht user may write"
                : primary == SQLiteErrorCode.SQLITE_IOERR.code ? "the disk reports I/O errors: check it"
                : "see the SQLite message";
        return new NameStoreException(file, NameStoreException.Problem.UNAVAILABLE, "cannot " + action
                + " names database " + file + ": " + hint + " (" + sqlite + ")", e);
    }

    /** The message for a damaged file: landht never overwrites it, the admin moves it aside or restores a copy. */
    static String damaged(Path file, String detail) {
        return "names database " + file + " is damaged or not an SQLite file (" + detail + "). landht will not"
                + " touch it: stop landht, move it aside (mv " + file + " " + file + ".broken), then either start"
                + " again with an empty registry, or restore a backup copy (the sqlite3 tool's .dump or .recover may"
                + " rescue what is still readable)";
    }
}
