package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's list, remove, export and import on a real SQLite registry. */
class NamesAdminTest {
    private static final TestAccount alice = TestAccount.create();
    private static final TestAccount bob = TestAccount.create();
    private NameStore store;
    private NamesAdmin admin;
    @TempDir
    Path dir;

    @BeforeEach
    void open() throws Exception {
        store = NameStore.open(dir.resolve("names.db"));
        admin = new NamesAdmin(store, Set.of("admin"),
                Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String line(String name, TestAccount account) {
        return new String(account.body(name), StandardCharsets.US_ASCII).replaceFirst("\\{",
                "{\"name\":\"" + name + "\",");
    }

    private NamesAdmin.ImportReport importText(String text) throws NameStoreException {
        return admin.importLines(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void exportedLinesImportIntoAnotherRegistryUnchanged() throws Exception {
        importText(line("alice", alice) + "\n" + line("bob", bob) + "\n");
        List<Registration> before = admin.list();
        String export = String.join("\n", before.stream().map(NamesAdmin::toJsonLine).toList());
        try (NameStore other = NameStore.open(dir.resolve("other.db"))) {
            NamesAdmin.ImportReport r = new NamesAdmin(other, Set.of(), Clock.systemUTC())
                    .importLines(export.getBytes(StandardCharsets.UTF_8));
            assertThat(r.imported()).isEqualTo(2);
            assertThat(other.list(10)).isEqualTo(before);
        }
    }

    @Test
    void importSkipsAndReportsBadLinesAndStoresTheGoodOnes() throws Exception {
        String forged = new String(TestAccount.body(bob.id, alice.sign("bob"), alice.publicKey),
                StandardCharsets.US_ASCII).replaceFirst("\\{", "{\"name\":\"bob\",");
        NamesAdmin.ImportReport r = importText(line("alice", alice) + "\n\n[1]\n" + forged + "\n"
                + line("admin", bob) + "\n" + line("alice", bob) + "\n");
        assertThat(r.imported()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(4);
        assertThat(r.skips()).extracting(NamesAdmin.Skipped::line, NamesAdmin.Skipped::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "not a JSON object with a \"name\""),
                org.assertj.core.groups.Tuple.tuple(4, "publickey does not match addr"),
                org.assertj.core.groups.Tuple.tuple(5, "name reserved"),
                org.assertj.core.groups.Tuple.tuple(6, "name already registered to " + alice.id));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void importOfANameAlreadyThereForItsOwnerIsUnchanged() throws Exception {
        importText(line("alice", alice));
        NamesAdmin.ImportReport again = importText(line("alice", alice));
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(again.imported()).isZero();
    }

    @Test
    void removeFreesTheNameAndItsIdAndReportsUnknownNamesAsEmpty() throws Exception {
        importText(line("alice", alice));
        assertThat(admin.remove("ALICE")).hasValueSatisfying(r -> assertThat(r.addr()).isEqualTo(alice.id));
        assertThat(admin.remove("alice")).isEmpty();
        assertThat(store.byAddr(alice.id)).isEmpty();
        assertThat(importText(line("alice", bob)).imported()).isEqualTo(1);
    }

    @Test
    void importWithoutRegisteredTimeUsesTheClock() throws Exception {
        importText(line("alice", alice));
        assertThat(admin.show("alice")).hasValueSatisfying(r -> assertThat(r.registeredMillis())
                .isEqualTo(Instant.parse("2026-12-04T12:00:00Z").toEpochMilli()));
    }
}
