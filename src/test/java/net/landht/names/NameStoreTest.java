package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameStoreTest {
    @TempDir
    Path dir;

    private final List<NameStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(NameStore::close);
    }

    private Path file() {
        return dir.resolve("state").resolve("names.db");
    }

    private NameStore open() throws NameStoreException {
        NameStore s = NameStore.open(file(), 200);
        opened.add(s);
        return s;
    }

    private static final Registration ALICE = reg("alice", "a");

    /** An open store where {@link #ALICE} is registered. */
    private NameStore openWithAlice() throws NameStoreException {
        NameStore s = open();
        assertThat(s.register(ALICE)).isEqualTo(new StoreOutcome.Stored(ALICE));
        return s;
    }

    private static Registration reg(String name, String addrDigit) {
        return new Registration(name, addrDigit.repeat(40), "", "key-" + name, "sig-" + name, 1_700_000_000_000L);
    }

    private static String error(ThrowingOpen open) {
        try {
            open.run();
        } catch (NameStoreException e) {
            return e.problem() + ": " + e.getMessage();
        }
        throw new AssertionError("no NameStoreException");
    }

    private interface ThrowingOpen {
        void run() throws NameStoreException;
    }

    @Test
    void storedRegistrationIsFoundByNameAndById() throws Exception {
        NameStore s = openWithAlice();
        assertThat(s.byName("alice")).contains(ALICE);
        assertThat(s.byAddr("a".repeat(40))).contains(ALICE);
        assertThat(s.byName("bob")).isEmpty();
        assertThat(s.count()).isEqualTo(1);
    }

    @Test
    void sameNameForTheSameIdAgainChangesNothing() throws Exception {
        NameStore s = openWithAlice();
        Registration again = new Registration("alice", ALICE.addr(), "", "key-other-encoding", "sig2", 5);
        assertThat(s.register(again)).isEqualTo(new StoreOutcome.AlreadyStored(ALICE));
        assertThat(s.byName("alice")).contains(ALICE);
    }

    @Test
    void nameOfAnotherIdIsTakenAndASecondNameForAnIdIsRefused() throws Exception {
        NameStore s = openWithAlice();
        assertThat(s.register(reg("alice", "b"))).isEqualTo(new StoreOutcome.NameTaken(ALICE));
        assertThat(s.register(reg("alice2", "a"))).isEqualTo(new StoreOutcome.AddrHasName(ALICE));
        assertThat(s.count()).isEqualTo(1);
    }

    @Test
    void registrationsSurviveClosingAndReopening() throws Exception {
        openWithAlice().close();
        assertThat(open().byName("alice")).contains(ALICE);
    }

    @Test
    void aCommittedRegistrationIsInTheFileWhileTheStoreIsStillOpen() throws Exception {
        openWithAlice();
        // As after kill -9: copy the database and its write-ahead log as they are on disk, open the copy.
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(file(), copy.resolve("names.db"));
        Files.copy(file().resolveSibling("names.db-wal"), copy.resolve("names.db-wal"));
        try (NameStore fromCopy = NameStore.open(copy.resolve("names.db"), 200)) {
            assertThat(fromCopy.byName("alice")).contains(ALICE);
        }
    }

    @Test
    void concurrentRegistrationsOfOneNameHaveExactlyOneWinner() throws Exception {
        NameStore s = open();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StoreOutcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Registration r = reg("alice", Integer.toHexString(i + 1));
                Callable<StoreOutcome> task = () -> {
                    start.await();
                    return s.register(r);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            List<StoreOutcome> outcomes = new ArrayList<>();
            for (Future<StoreOutcome> f : results) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(o -> o instanceof StoreOutcome.Stored).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof StoreOutcome.NameTaken).hasSize(threads - 1);
            Registration winner = ((StoreOutcome.Stored) outcomes.stream()
                    .filter(o -> o instanceof StoreOutcome.Stored).findFirst().orElseThrow()).registration();
            assertThat(s.byName("alice")).contains(winner);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void schemaVersionAndApplicationIdAreWritten() throws Exception {
        open().close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement st = c.createStatement()) {
            assertThat(st.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(NameStore.SCHEMA_VERSION);
            assertThat(st.executeQuery("PRAGMA application_id").getInt(1)).isEqualTo(NameStore.APPLICATION_ID);
            assertThat(st.executeQuery("PRAGMA journal_mode").getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedAsDamagedWithWhatToDo() throws IOException {
        Files.createDirectories(file().getParent());
        byte[] garbage = new byte[8192];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(file(), garbage);
        assertThat(error(this::open)).startsWith("CORRUPT: names database " + file())
                .contains("move it aside").contains("mv " + file() + " " + file() + ".broken");
        assertThat(Files.readAllBytes(file())).isEqualTo(garbage);
    }

    @Test
    void aDatabaseWithADamagedPageIsReportedAsDamaged() throws Exception {
        NameStore s = open();
        for (int i = 0; i < 200; i++) {
            s.register(new Registration("name-" + i, String.format("%040x", i + 1), "", "k".repeat(300), "s", 0));
        }
        s.close();
        byte[] db = Files.readAllBytes(file());
        assertThat(db.length).isGreaterThan(4 * 4096);
        for (int i = 2 * 4096 + 8; i < 3 * 4096; i++) {
            db[i] = (byte) 0xA5;  // page 3: a page of the table or its index, well past the header
        }
        Files.write(file(), db);
        assertThat(error(this::open)).startsWith("CORRUPT: names database " + file());
    }

    @Test
    void aFileHeldByAnotherStoreIsReportedAsLocked() throws Exception {
        open();
        assertThat(error(this::open)).startsWith("LOCKED: names database " + file()).contains("another process");
    }

    @Test
    void aNewerSchemaIsRefusedWithoutChangingTheFile() throws Exception {
        open().close();
        setPragma("user_version", NameStore.SCHEMA_VERSION + 1);
        assertThat(error(this::open)).startsWith("NEWER_SCHEMA:").contains("newer landht");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement st = c.createStatement()) {
            assertThat(st.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(NameStore.SCHEMA_VERSION + 1);
        }
    }

    @Test
    void anotherProgramsDatabaseIsLeftAlone() throws Exception {
        Files.createDirectories(file().getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE songs (title TEXT)");
        }
        assertThat(error(this::open)).startsWith("FOREIGN:").contains("names.database");
    }

    @Test
    void anUnwritableLocationIsReportedAsUnavailable() throws IOException {
        Path notAFolder = dir.resolve("plain-file");
        Files.writeString(notAFolder, "x");
        assertThat(error(() -> NameStore.open(notAFolder.resolve("names.db"), 200)))
                .startsWith("UNAVAILABLE:").contains("names.database");
    }

    @Test
    void aClosedStoreFailsWithAnExceptionNotACrash() throws Exception {
        NameStore s = openWithAlice();
        s.close();
        assertThatThrownBy(() -> s.byName("alice")).isInstanceOf(NameStoreException.class);
        assertThatThrownBy(() -> s.register(reg("alice", "a"))).isInstanceOf(NameStoreException.class);
    }

    private void setPragma(String pragma, int value) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement st = c.createStatement()) {
            st.execute("PRAGMA " + pragma + " = " + value);
        }
    }
}
