package net.landht.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.landht.config.ConfigLoader.Setting;

/** Settings that are each valid but do not work together: refused naming both keys and where each was set. */
class ConfigConflictsTest extends ConfigTestBase {
    @Test
    void bothFamiliesOffIsRefused() {
        assertThat(error(null, Map.of("LANDHT_DHT_IPV4", "false", "LANDHT_DHT_IPV6", "false")))
                .isEqualTo("dht.ipv4 and dht.ipv6 are both false: no UDP socket would be opened (dht.ipv6 from"
                        + " environment variable LANDHT_DHT_IPV6; dht.ipv4 from environment variable LANDHT_DHT_IPV4)");
    }

    @Test
    void dhtPortEqualToDiscoveryPortIsRefused() {
        assertThat(error(null, Map.of(), Setting.of("dht.port", "8888", "--port")))
                .isEqualTo("dht.port and discovery.port are both 8888: the DHT and peer discovery need different UDP"
                        + " ports (dht.port from option --port; discovery.port from the defaults)");
    }

    @Test
    void httpPortEqualToOpsPortIsRefused() {
        assertThat(error(null, Map.of("LANDHT_HTTP_PORT", "8422"), new Setting[0]))
                .isEqualTo("http.port and ops.port are both 8422: the LAN HTTP service and the ops endpoint need"
                        + " different TCP ports (http.port from environment variable LANDHT_HTTP_PORT; ops.port from"
                        + " the defaults)");
    }

    @Test
    void connectionsPerSourceAboveTheTotalAreRefused() throws Exception {
        Path f = yaml("http:\n  max-connections-per-source: 5000\n");
        assertThat(error(f, Map.of())).isEqualTo("http.max-connections-per-source (5000) is larger than the 4096"
                + " connections the LAN HTTP service takes in total: one address would never reach it"
                + " (http.max-connections-per-source from " + f + " line 2)");
        assertThat(load(null, Map.of("LANDHT_HTTP_MAX_CONNECTIONS_PER_SOURCE", "4096")).http()
                .maxConnectionsPerSource()).isEqualTo(4096);
    }

    @Test
    void theLanStatusPageWithoutTheOpsEndpointIsRefused() {
        assertThat(error(null, Map.of("LANDHT_HTTP_STATUS_PAGE", "true", "LANDHT_OPS_ENABLED", "false"),
                new Setting[0])).startsWith("http.status-page is true but ops.enabled is false: the status page is"
                        + " made by the ops endpoint; turn it on, or the page off (http.status-page from environment"
                        + " variable LANDHT_HTTP_STATUS_PAGE; ops.enabled from environment variable"
                        + " LANDHT_OPS_ENABLED");
    }

    @Test
    void aPerSourceBoundAboveItsTotalIsRefusedNamingBoth() throws Exception {
        Path f = yaml("proxy:\n  max-listens: 100\n");
        assertThat(error(f, Map.of("LANDHT_PROXY_MAX_LISTENS_PER_SOURCE", "300"))).isEqualTo(
                "proxy.max-listens-per-source (300) is larger than proxy.max-listens (100): raise proxy.max-listens"
                        + " too, or lower proxy.max-listens-per-source (proxy.max-listens-per-source from environment"
                        + " variable LANDHT_PROXY_MAX_LISTENS_PER_SOURCE; proxy.max-listens from " + f + " line 2)");
        assertThat(error(null, Map.of("LANDHT_PROXY_MAX_SUBSCRIPTIONS", "10"))).startsWith(
                "proxy.max-subscriptions-per-source (256) is larger than proxy.max-subscriptions (10)");
    }

    @Test
    void dhtPortMayEqualDiscoveryPortWhenDiscoveryIsOff() throws ConfigException {
        assertThat(load(null, Map.of("LANDHT_DISCOVERY_ENABLED", "false"), Setting.of("dht.port", "8888", "--port"))
                .dht().port()).isEqualTo(8888);
    }

    @Test
    void aTotalCapBelowOneLargestValueIsRefusedNamingTheFile() throws IOException {
        Path f = yaml("storage:\n  max-total-bytes: 1000\n");
        try {
            load(f, Map.of());
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("storage.max-total-bytes (1000) cannot hold one value of"
                    + " storage.max-value-bytes (65536): a value counts its packed bytes + 640, so the cap must be at"
                    + " least max-value-bytes + 2048 = 67584")
                    .contains("storage.max-total-bytes from " + f)
                    .contains("storage.max-value-bytes from the defaults");
            assertThat(e.key()).isEqualTo("storage.max-total-bytes");
            assertThat(e.layer()).isEqualTo(ConfigException.Layer.FILE);
            return;
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void aSmallMaxValueBytesDoesNotMakeATinyTotalCapValid() {
        assertThat(error(null, Map.of("LANDHT_STORAGE_MAX_TOTAL_BYTES", "100",
                "LANDHT_STORAGE_MAX_VALUE_BYTES", "50")))
                .startsWith("storage.max-total-bytes (100) cannot hold one value of storage.max-value-bytes (50)");
    }

    @Test
    void aPerSourceCapBelowOneLargestValueIsRefused() {
        assertThat(error(null, Map.of("LANDHT_STORAGE_MAX_BYTES_PER_SOURCE", "1000")))
                .startsWith("storage.max-bytes-per-source (1000) cannot hold one value of storage.max-value-bytes"
                        + " (65536)")
                .contains("environment variable LANDHT_STORAGE_MAX_BYTES_PER_SOURCE");
    }

    @Test
    void capsOfOneLargestValueAreAccepted() throws Exception {
        NodeConfig c = load(null, Map.of("LANDHT_STORAGE_MAX_TOTAL_BYTES", "67584",
                "LANDHT_STORAGE_MAX_BYTES_PER_SOURCE", "67584"));
        assertThat(c.storage().maxTotalBytes()).isEqualTo(67584);
        assertThat(c.storage().maxBytesPerSource()).isEqualTo(67584);
    }
}
