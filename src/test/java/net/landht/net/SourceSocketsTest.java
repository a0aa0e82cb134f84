package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;

/** Which reply socket a peer gets, and the bound on the sockets a flood of local addresses could open. */
class SourceSocketsTest {
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final SourceSockets sources = new SourceSockets(4222, at -> {
        bound.add(at);
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch.newSucceededFuture();
    });

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ip, 5000);
    }

    @Test
    void aPeerGetsTheSocketOfTheAddressItLastReachedAndOneSocketPerAddress() throws Exception {
        sources.reached(peer("10.0.0.9"), InetAddress.getByName("10.0.0.1"));
        sources.reached(peer("10.0.0.8"), InetAddress.getByName("10.0.0.1"));
        sources.reached(peer("10.0.0.9"), InetAddress.getByName("10.0.1.1"));

        assertThat(bound).containsExactly(new InetSocketAddress("10.0.0.1", 4222),
                new InetSocketAddress("10.0.1.1", 4222));
        assertThat(sources.socketFor(peer("10.0.0.9")).channel()).isSameAs(channels.get(1));
        assertThat(sources.socketFor(peer("10.0.0.8")).channel()).isSameAs(channels.get(0));
        assertThat(sources.socketFor(peer("10.0.0.7"))).isNull();
    }

    @Test
    void wildcardMulticastAndLinkLocalDestinationsAreLeftToTheWildcardSocket() throws Exception {
        for (String to : List.of("0.0.0.0", "::", "239.192.0.1", "fe80::1")) {
            sources.reached(peer("10.0.0.9"), InetAddress.getByName(to));
        }
        sources.reached(peer("10.0.0.9"), null);

        assertThat(bound).isEmpty();
        assertThat(sources.socketFor(peer("10.0.0.9"))).isNull();
    }

    @Test
    void pastTheBoundALocalAddressGetsNoSocketAndIsCounted() throws Exception {
        for (int i = 1; i <= SourceSockets.MAX_SOCKETS + 1; i++) {
            sources.reached(peer("10.0.0.9"), InetAddress.getByName("127.0.0." + i));
        }

        assertThat(bound).hasSize(SourceSockets.MAX_SOCKETS);
        assertThat(sources.refused()).isEqualTo(1);
        assertThat(sources.socketFor(peer("10.0.0.9")).channel()).as("the last address that got a socket")
                .isSameAs(channels.get(SourceSockets.MAX_SOCKETS - 1));
        assertThat(bound).doesNotContain(new InetSocketAddress("127.0.0." + (SourceSockets.MAX_SOCKETS + 1), 4222));
    }
}
