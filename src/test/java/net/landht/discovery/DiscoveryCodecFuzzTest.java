package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class DiscoveryCodecFuzzTest {
    private static final byte[] PUBLISH = HexFormat.of().parseHex(
            "81a364687493c4143676372358c17706cb496cc29e6e1dde13efe06acdb09100");

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll @Size(max = 80) byte[] data) {
        assertThat(DiscoveryCodec.decode(data)).isNotNull();
    }

    @Property(tries = 3000)
    void corruptedPublishPacketsNeverThrow(@ForAll @Size(min = 1, max = 4) int[] positions,
                                           @ForAll @Size(min = 4, max = 4) byte[] values) {
        byte[] data = PUBLISH.clone();
        for (int i = 0; i < positions.length; i++) {
            data[Math.floorMod(positions[i], data.length)] = values[i];
        }
        assertThat(DiscoveryCodec.decode(data)).isNotNull();
    }
}
