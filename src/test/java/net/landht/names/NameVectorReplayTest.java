package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

import net.landht.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchanges captured between two real jamid 13.7 daemons (and the harness's plain-HTTP checks) and a recording
 * server, replayed in the order they happened against a fresh name server: every status and body must be the
 * recorded one. The recording server gave the answers jamid needs, so matching them byte for byte means jamid sees
 * what it saw then (e.g. 409 for the taken name, lower-case {@code addr}, publickey and signature verbatim).
 */
class NameVectorReplayTest {
    @TempDir
    Path dir;

    private static final List<String> FILES = List.of(
            "01-get-addr-own-id-at-startup-404.txt", "02-get-name-unknown-404.txt", "03-post-name-register-200.txt",
            "04-post-name-taken-by-other-409.txt", "05-get-addr-found-200.txt", "06-get-name-found-200.txt",
            "http-only/get-name-unknown-404.txt", "http-only/get-name-found-200.txt",
            "http-only/get-addr-found-200.txt", "http-only/post-name-bad-signature-401.txt",
            "http-only/post-name-invalid-name-400.txt", "http-only/post-name-own-key-200.txt",
            "http-only/post-name-address-already-named-403.txt");

    @Test
    void capturedExchangesReplayedInOrderGiveTheRecordedStatusesAndBodies() throws Exception {
        List<CapturedExchange> exchanges = FILES.stream().map(CapturedExchange::load)
                .sorted(Comparator.comparingInt(CapturedExchange::number)).toList();
        assertThat(exchanges).extracting(CapturedExchange::status).contains(200, 400, 401, 403, 404, 409);
        try (NameStore store = NameStore.open(dir.resolve("names.db"))) {
            NameService service = new NameService(store, new NodeConfig.Names(true, null, List.of(), 0, null),
                    Clock.systemUTC(), System::nanoTime);
            for (CapturedExchange e : exchanges) {
                NameResponse r = service.handle(e.method(), e.path(), e.requestBody(),
                        InetAddress.getLoopbackAddress());
                assertThat(r.status()).as(e.file()).isEqualTo(e.status());
                assertThat(r.bodyText()).as(e.file()).isEqualTo(e.responseBody());
            }
        }
    }
}
