package net.landht.names;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import org.sqlite.SQLiteConfig;

/**
 * The registry on disk: one SQLite file (default {@code <state-dir>/names.db}) in WAL mode with
 * {@code synchronous=FULL}, so {@link #register} returns only once the registration is in the fsynced log and survives
 * kill -9 and power loss. Names are never changed or removed through this class.
 *
 * <p>The file is held with {@code locking_mode=EXCLUSIVE} from {@link #open} to {@link #close}: a second process
 * (another landht on the same file, or the {@code sqlite3} tool) cannot read or write it meanwhile, and a second
 * landht is refused at start with {@link NameStoreException.Problem#LOCKED} instead of sharing a registry it does not
 * own. The schema is versioned by {@code PRAGMA user_version} ({@link #SCHEMA_VERSION}) and the file is marked as
 * landht's by {@code PRAGMA application_id}; {@link #open} upgrades an older schema in one transaction and refuses a
 * newer one. Thread-safe: one connection, one caller at a time (SQLite has one writer anyway); every method blocks on
 * disk I/O, so callers on an event loop hand it to a worker.
 */
public final class NameStore implements AutoCloseable {
    /** {@code PRAGMA application_id} of a names database: the ASCII letters "land". */
    static final int APPLICATION_ID = 0x6C616E64;

    /** Schema changes in order; {@code user_version} N means the first N have been applied. Append, never edit. */
    private static final List<String> MIGRATIONS = List.of(
            "CREATE TABLE names (name TEXT PRIMARY KEY NOT NULL, addr TEXT NOT NULL UNIQUE, owner TEXT NOT NULL,"
                    + " publickey TEXT NOT NULL, signature TEXT NOT NULL, registered_ms INTEGER NOT NULL)");

    /** The schema this landht writes. */
    public static final int SCHEMA_VERSION = MIGRATIONS.size();

    /** How long {@link #open} waits for another holder of the file before it reports it locked. */
    static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 3_000;

    private static final String COLUMNS = "name, addr, owner, publickey, signature, registered_ms";

    private final Path file;
    private final Connection connection;

    private NameStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens the database, creating the file (and its folder) on first use, checking it and upgrading its schema.
     *
     * @throws NameStoreException when the file is damaged, held by another process, newer, another program's
     *                            database, or cannot be created; the message says what to do
     */
    public static NameStore open(Path file) throws NameStoreException {
        return open(file, DEFAULT_BUSY_TIMEOUT_MILLIS);
    }

    static NameStore open(Path file, int busyTimeoutMillis) throws NameStoreException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new NameStoreException(file, NameStoreException.Problem.UNAVAILABLE, "cannot create the folder of"
                    + " names database " + file + ": " + e + "; check names.database and the folder's permissions", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setBusyTimeout(busyTimeoutMillis);
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                // Before WAL: with EXCLUSIVE locking SQLite keeps the WAL index in memory, no -shm file.
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
            }
            quickCheck(file, c);
            migrate(file, c);
            return new NameStore(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw SqliteErrors.translate(file, "open", e);
        } catch (NameStoreException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The registration of a name (lower case, as {@link NameRules#canonicalName} gives it), if any. */
    public synchronized Optional<Registration> byName(String name) throws NameStoreException {
        return selectOne("SELECT " + COLUMNS + " FROM names WHERE name = ?", name);
    }

    /** The registration of a Jami ID (40 lower-case hex digits, {@link NameRules#canonicalId}), if any. */
    public synchronized Optional<Registration> byAddr(String addr) throws NameStoreException {
        return selectOne("SELECT " + COLUMNS + " FROM names WHERE addr = ?", addr);
    }

    /** How many names are registered. */
    public synchronized long count() throws NameStoreException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM names")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "read", e);
        }
    }

    /**
     * Binds the registration's name to its ID unless the name or the ID is bound already, in one transaction:
     * of several concurrent registrations of one name exactly one is {@link StoreOutcome.Stored}. A stored one is
     * committed and fsynced when this returns. The caller has verified key, ID and signature.
     *
     * @throws NameStoreException when the database cannot be written (nothing is stored then)
     */
    public synchronized StoreOutcome register(Registration r) throws NameStoreException {
        return inTransaction(() -> registerInTransaction(r), o -> o instanceof StoreOutcome.Stored);
    }

    /** SQL work run inside {@link #inTransaction}. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction, committed when {@code commit} accepts its result, else rolled back. */
    private <T> T inTransaction(Work<T> work, java.util.function.Predicate<T> commit) throws NameStoreException {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                if (commit.test(result)) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "write", e);
        }
    }

    private StoreOutcome registerInTransaction(Registration r) throws SQLException {
        Optional<Registration> byName = query("SELECT " + COLUMNS + " FROM names WHERE name = ?", r.name());
        if (byName.isPresent()) {
            return byName.get().addr().equals(r.addr()) ? new StoreOutcome.AlreadyStored(byName.get())
                    : new StoreOutcome.NameTaken(byName.get());
        }
        Optional<Registration> byAddr = query("SELECT " + COLUMNS + " FROM names WHERE addr = ?", r.addr());
        if (byAddr.isPresent()) {
            return new StoreOutcome.AddrHasName(byAddr.get());
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO names (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.name());
            p.setString(2, r.addr());
            p.setString(3, r.owner());
            p.setString(4, r.publicKey());
            p.setString(5, r.signature());
            p.setLong(6, r.registeredMillis());
            p.executeUpdate();
        }
        return new StoreOutcome.Stored(r);
    }

    /**
     * Every registration, by name, at most {@code limit} of them (an admin listing; a LAN registry holds hundreds).
     *
     * @throws NameStoreException when the database cannot be read
     */
    public synchronized List<Registration> list(int limit) throws NameStoreException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM names ORDER BY name LIMIT ?")) {
            p.setInt(1, limit);
            List<Registration> out = new java.util.ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "read", e);
        }
    }

    /**
     * Deletes a name (an admin's decision; clients that resolved it keep it in their cache), committed when this
     * returns.
     *
     * @return the removed registration, or empty when the name was not registered
     * @throws NameStoreException when the database cannot be written (nothing is removed then)
     */
    public synchronized Optional<Registration> remove(String name) throws NameStoreException {
        try {
            Optional<Registration> r = query("SELECT " + COLUMNS + " FROM names WHERE name = ?", name);
            if (r.isPresent()) {
                try (PreparedStatement p = connection.prepareStatement("DELETE FROM names WHERE name = ?")) {
                    p.setString(1, name);
                    p.executeUpdate();
                }
            }
            return r;
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "write", e);
        }
    }

    /**
     * Registers several verified registrations in one transaction, each as {@link #register} would (a taken name or
     * an ID that has a name is not stored and its outcome says why): all stored ones are committed together, or
     * none when the database fails.
     *
     * @return one outcome per registration, in order
     * @throws NameStoreException when the database cannot be written (nothing is stored then)
     */
    public synchronized List<StoreOutcome> registerAll(List<Registration> rs) throws NameStoreException {
        return inTransaction(() -> {
            List<StoreOutcome> outcomes = new java.util.ArrayList<>(rs.size());
            for (Registration r : rs) {
                outcomes.add(registerInTransaction(r));
            }
            return outcomes;
        }, o -> true);
    }

    /** Checkpoints the log into the main file and releases it. */
    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private Optional<Registration> selectOne(String sql, String key) throws NameStoreException {
        try {
            return query(sql, key);
        } catch (SQLException e) {
            throw SqliteErrors.translate(file, "read", e);
        }
    }

    private Optional<Registration> query(String sql, String key) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(row(rs));
            }
        }
    }

    private static Registration row(ResultSet rs) throws SQLException {
        return new Registration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6));
    }

    /** SQLite's own page-level check: a damaged file is reported at start, not at the first lookup that hits it. */
    private static void quickCheck(Path file, Connection c) throws SQLException, NameStoreException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(3)")) {
            List<String> findings = new java.util.ArrayList<>();
            while (rs.next()) {
                findings.add(rs.getString(1).replaceAll("\\s+", " ").strip());
            }
            if (!findings.equals(List.of("ok"))) {
                throw new NameStoreException(file, NameStoreException.Problem.CORRUPT,
                        SqliteErrors.damaged(file, "integrity check failed: " + String.join("; ", findings)), null);
            }
        }
    }

    /** Applies the missing migrations in one transaction; refuses another program's or a newer landht's file. */
    private static void migrate(Path file, Connection c) throws SQLException, NameStoreException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            int appId = intPragma(s, "application_id");
            int version = intPragma(s, "user_version");
            if (appId != APPLICATION_ID && (appId != 0 || version != 0 || tableCount(s) > 0)) {
                throw new NameStoreException(file, NameStoreException.Problem.FOREIGN, "names database " + file
                        + " is an SQLite database of another program (application_id " + Integer.toHexString(appId)
                        + ", schema " + version + "): landht leaves it alone; set names.database to another file",
                        null);
            }
            if (version > SCHEMA_VERSION) {
                throw new NameStoreException(file, NameStoreException.Problem.NEWER_SCHEMA, "names database " + file
                        + " has schema version " + version + " but this landht knows only up to " + SCHEMA_VERSION
                        + ": it was written by a newer landht; run that version again, or restore a copy of the file"
                        + " from before the upgrade", null);
            }
            for (int v = version; v < SCHEMA_VERSION; v++) {
                s.execute(MIGRATIONS.get(v));
            }
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            c.commit();
        } catch (SQLException | NameStoreException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static int intPragma(Statement s, String pragma) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static int tableCount(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // Closing releases the lock either way; the committed data is already safe in the log.
            org.slf4j.LoggerFactory.getLogger(NameStore.class).debug("closing the names database: {}", e.toString());
        }
    }
}
