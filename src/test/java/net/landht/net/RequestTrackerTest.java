package net.landht.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.landht.testing.ManualScheduler;

import org.junit.jupiter.api.Test;

class RequestTrackerTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final List<Duration> sendTimes = new ArrayList<>();
    private final java.time.Instant start = clock.instant();
    private final DatagramSender sender = new DatagramSender() {
        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            sendTimes.add(Duration.between(start, clock.instant()));
        }

        @Override
        public boolean hasIpv4() {
            return true;
        }

        @Override
        public boolean hasIpv6() {
            return false;
        }
    };
    private final RequestTracker<String> tracker = new RequestTracker<>(sender, clock, new SplittableRandom(1), 2);
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 4222);
    private final List<String> events = new ArrayList<>();

    private RequestTracker.Outcome<String> recorder() {
        return new RequestTracker.Outcome<>() {
            @Override
            public void answered(String answer) {
                events.add("answered " + answer);
            }

            @Override
            public void timedOut() {
                events.add("timeout");
            }

            @Override
            public void unansweredSend() {
                events.add("unanswered");
            }
        };
    }

    @Test
    void anUnansweredRequestIsSentThreeTimesWithOpenDhtTimingsThenTimesOut() {
        tracker.send(tracker.newTid(), peer, List.of(new byte[] {1}), recorder());
        clock.advance(Duration.ofSeconds(20));
        assertThat(sendTimes).hasSize(3);
        assertThat(sendTimes.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1250));
        assertThat(sendTimes.get(2).minus(sendTimes.get(1))).isBetween(Duration.ofMillis(2000),
                Duration.ofMillis(2750));
        assertThat(events).containsExactly("unanswered", "unanswered", "unanswered", "timeout");
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void anAnswerFromTheRightAddressEndsTheRequest() {
        long tid = tracker.newTid();
        tracker.send(tid, peer, List.of(new byte[] {1}), recorder());
        assertThat(tracker.onAnswer(tid, new InetSocketAddress("127.0.0.2", 4222), "spoof")).isFalse();
        assertThat(tracker.onAnswer(tid, peer, "pong")).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(events).containsExactly("answered pong");
        assertThat(sendTimes).hasSize(1);
    }

    @Test
    void requestsOverTheBoundAreRefusedAndCounted() {
        assertThat(tracker.send(tracker.newTid(), peer, List.of(new byte[] {1}), recorder())).isTrue();
        assertThat(tracker.send(tracker.newTid(), peer, List.of(new byte[] {1}), recorder())).isTrue();
        assertThat(tracker.send(tracker.newTid(), peer, List.of(new byte[] {1}), recorder())).isFalse();
        assertThat(tracker.refusedCount()).isEqualTo(1);
    }

    @Test
    void transactionIdsAreNonZero32BitNumbers() {
        for (int i = 0; i < 1000; i++) {
            assertThat(tracker.newTid()).isBetween(1L, 0xFFFF_FFFFL);
        }
    }
}
