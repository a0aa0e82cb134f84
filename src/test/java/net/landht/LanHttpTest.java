package net.landht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

/** The LAN HTTP start line names the address really bound and gives the Jami hint only when phones can reach it. */
class LanHttpTest {
    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void aLoopbackBindIsLoggedAsSuchWithoutTheJamiHint() throws Exception {
        String line = LanHttp.startLine(at("127.0.0.1", 8000));

        assertThat(line).startsWith("DHT proxy on http://127.0.0.1:8000 (loopback only")
                .doesNotContain("LAN address:8000").doesNotContain("Use DHT proxy");
        assertThat(LanHttp.startLine(at("::1", 8001))).startsWith("DHT proxy on http://[::1]:8001 (loopback only");
    }

    @Test
    void aWildcardBindPointsJamiAtThisHostsLanAddress() throws Exception {
        assertThat(LanHttp.startLine(at("::", 8000))).isEqualTo("DHT proxy on http://[::]:8000 (Jami: Account >"
                + " Advanced > Use DHT proxy, this host's LAN address:8000)");
        assertThat(LanHttp.startLine(at("0.0.0.0", 8080))).startsWith("DHT proxy on http://0.0.0.0:8080 (Jami:")
                .endsWith("this host's LAN address:8080)");
    }

    @Test
    void aLanAddressBindPointsJamiAtThatAddress() throws Exception {
        assertThat(LanHttp.startLine(at("192.168.1.5", 8000))).isEqualTo("DHT proxy on http://192.168.1.5:8000"
                + " (Jami: Account > Advanced > Use DHT proxy, 192.168.1.5:8000)");
    }
}
