package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import net.landht.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameServerTest {
    @TempDir
    Path dir;

    private NodeConfig config() {
        NodeConfig d = NodeConfig.defaults();
        return new NodeConfig(d.dht(), d.storage(), new NodeConfig.Persistence(dir, false,
                d.persistence().snapshotInterval(), d.persistence().journalFlush()), d.discovery(), d.ops(),
                d.limits(), d.logging(), d.names());
    }

    @Test
    void keepsTheRegistryInTheStateFolderEvenWithPersistenceOff() throws Exception {
        TestAccount alice = TestAccount.create();
        try (NameServer server = NameServer.start(config(), Clock.systemUTC(), System::nanoTime)) {
            assertThat(server.service().handle("POST", List.of("name", "alice"), alice.body("alice"),
                    InetAddress.getLoopbackAddress()).status()).isEqualTo(200);
        }
        assertThat(dir.resolve("names.db")).isRegularFile();
        try (NameServer again = NameServer.start(config(), Clock.systemUTC(), System::nanoTime)) {
            assertThat(again.service().lookupAddr(alice.id).bodyText()).isEqualTo("{\"name\":\"alice\"}");
        }
    }

    @Test
    void aDamagedDatabaseStopsTheStartWithTheAdminsMessage() throws Exception {
        Files.writeString(dir.resolve("names.db"), "this is not SQLite, and is long enough to hold a header");
        assertThatThrownBy(() -> NameServer.start(config(), Clock.systemUTC(), System::nanoTime))
                .isInstanceOf(NameStoreException.class).hasMessageContaining("move it aside");
    }
}
