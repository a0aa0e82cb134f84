package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackLaneTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ClientCounters counters = new ClientCounters();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void callbacksRunInOrderAndNeverOverlapOnAThreadPool() {
        CallbackLane lane = new CallbackLane(pool, counters);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        int[] running = {0};
        List<Integer> overlaps = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            lane.post(() -> {
                if (++running[0] > 1) {
                    overlaps.add(n);
                }
                seen.add(n);
                running[0]--;
            });
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 500);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(i);
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(overlaps).isEmpty();
    }

    @Test
    void nothingRunsAfterClose() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CallbackLane lane = new CallbackLane(pool, counters);
        List<String> seen = new CopyOnWriteArrayList<>();
        lane.post(() -> {
            started.countDown();
            awaitQuietly(gate);
            seen.add("first");
        });
        lane.post(() -> seen.add("second"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        lane.close();
        gate.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("first"));
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("first");
    }

    @Test
    void anExecutorTooFarBehindClosesTheLaneAndIsCounted() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        CallbackLane lane = new CallbackLane(pool, counters);
        lane.post(() -> awaitQuietly(gate));
        for (int i = 0; i <= CallbackLane.MAX_QUEUED; i++) { // the first may already have left the queue
            lane.post(() -> { });
        }

        assertThat(lane.isClosed()).isTrue();
        assertThat(counters.events(ClientCounters.Event.LANE_OVERFLOW)).isEqualTo(1);
        gate.countDown();
    }

    @Test
    void aThrowingCallbackIsCountedAndTheNextOneStillRuns() {
        CallbackLane lane = new CallbackLane(pool, counters);
        List<String> seen = new CopyOnWriteArrayList<>();
        lane.post(() -> {
            throw new IllegalStateException("test: a callback that throws");
        });
        lane.post(() -> seen.add("next"));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("next"));
        assertThat(counters.events(ClientCounters.Event.CALLBACK_FAILED)).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
