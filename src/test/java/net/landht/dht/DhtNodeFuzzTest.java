package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.testing.ManualScheduler;
import net.landht.wire.Header;
import net.landht.wire.Mutator;
import net.landht.wire.Reply;
import net.landht.wire.Request;
import net.landht.wire.WireEncoder;

/**
 * Mutated captured datagrams fed to a whole node in process, timers included: no handler throws (the node's own
 * failure counter stays at 0), every datagram the node sends decodes ({@link CapturingSender} checks), and the node
 * still answers a ping afterwards. Half of the mutated requests carry a valid write token, so put, listen and refresh
 * reach the value parser and storage.
 */
class DhtNodeFuzzTest {
    private static final List<byte[]> SEEDS = Mutator.vectorSeeds();

    @Property(tries = 60)
    void mutatedDatagramsNeverMakeAHandlerThrow(@ForAll long seed) {
        ManualScheduler clock = new ManualScheduler();
        CapturingSender out = new CapturingSender();
        InfoHash self = InfoHash.fromHex("8000000000000000000000000000000000000000");
        NodeConfig d = NodeConfig.defaults();
        NodeConfig config = new NodeConfig(d.dht(), d.storage(), d.persistence(), d.discovery(), d.ops(),
                new NodeConfig.Limits(0, 0, List.of("127.0.0.0/8"), List.of(), true), d.logging());
        DhtService dht = new DhtService(config, self, out, clock, clock, new SplittableRandom(seed), List::of);
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 40_000 + (int) (Math.abs(seed) % 1000));

        dht.onDatagram(WireEncoder.encode(new Request.Get(new Header(1, 0, false, "o2"),
                InfoHash.fromHex("0100000000000000000000000000000000000000"), self, null, null)), from);
        byte[] token = out.take(Reply.class).get(0).token();
        Mutator mutator = new Mutator(SEEDS, new Random(seed));
        mutator.useToken(token);

        for (int i = 0; i < 2000; i++) {
            dht.onDatagram(mutator.next(), i % 7 == 0 ? new InetSocketAddress("127.0.0.1", 50_000 + i % 5) : from);
            if (i % 100 == 0) {
                clock.advance(Duration.ofMillis(700));
                out.sent.clear();
            }
        }
        clock.advance(Duration.ofMinutes(10));
        out.sent.clear();

        assertThat(dht.counters().handlerFailures()).isZero();
        dht.onDatagram(WireEncoder.encode(new Request.Ping(new Header(5, 0, false, "o2"),
                InfoHash.fromHex("0200000000000000000000000000000000000000"))), from);
        assertThat(out.take(Reply.class)).hasSize(1);
    }
}
