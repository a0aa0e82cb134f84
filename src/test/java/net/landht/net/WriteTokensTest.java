package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;

import net.landht.testing.ManualScheduler;

import org.junit.jupiter.api.Test;

class WriteTokensTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final WriteTokens tokens = new WriteTokens(clock, new SplittableRandom(3));
    private final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 4000);

    @Test
    void aTokenIs32BytesAndValidOnlyForItsAddressAndPort() {
        byte[] t = tokens.make(a);
        assertThat(t).hasSize(32);
        assertThat(tokens.check(t, a)).isTrue();
        assertThat(tokens.check(t, new InetSocketAddress("127.0.0.1", 4001))).isFalse();
        assertThat(tokens.check(t, new InetSocketAddress("127.0.0.2", 4000))).isFalse();
        assertThat(tokens.check(null, a)).isFalse();
        assertThat(tokens.check(new byte[31], a)).isFalse();
    }

    @Test
    void aTokenSurvivesOneRotationButNotTwo() {
        byte[] t = tokens.make(a);
        clock.advance(Duration.ofMinutes(46)); // past the first rotation (15-45 min)
        assertThat(tokens.check(t, a)).isTrue();
        clock.advance(Duration.ofMinutes(46)); // past the second
        assertThat(tokens.check(t, a)).isFalse();
    }

    @Test
    void aTokenIsSha256OfTheSecretTheIpAndThePort() throws Exception {
        long secret = new SplittableRandom(3).nextLong(); // the first draw of the same seed
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        d.update(java.nio.ByteBuffer.allocate(8).putLong(secret).array());
        d.update(new byte[] {127, 0, 0, 1});
        d.update(new byte[] {(byte) (4000 >>> 8), (byte) 4000});

        assertThat(tokens.make(a)).containsExactly(d.digest());
    }
}
