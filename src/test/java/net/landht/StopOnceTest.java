package net.landht;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class StopOnceTest {

    @Test
    void theStopRunsOnceForAnyNumberOfCallers() {
        AtomicInteger runs = new AtomicInteger();
        StopOnce stop = new StopOnce(runs::incrementAndGet, Duration.ofSeconds(5));

        stop.run();
        stop.run();
        stop.run();

        assertThat(runs).hasValue(1);
    }

    @Test
    void aSecondCallerReturnsOnlyAfterTheRunningStopHasFinished() throws Exception {
        CountDownLatch inStop = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StopOnce stop = new StopOnce(() -> {
            inStop.countDown();
            awaitQuietly(release);
        }, Duration.ofSeconds(30));
        Thread first = new Thread(stop, "first-stop");
        first.start();
        assertThat(inStop.await(5, TimeUnit.SECONDS)).isTrue();

        CountDownLatch secondReturned = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            stop.run();
            secondReturned.countDown();
        }, "second-stop");
        second.start();

        assertThat(secondReturned.await(300, TimeUnit.MILLISECONDS)).as("returned while the stop was running")
                .isFalse();
        release.countDown();
        assertThat(secondReturned.await(5, TimeUnit.SECONDS)).as("returned once the stop finished").isTrue();
        first.join(5_000);
    }

    @Test
    void aSecondCallerGivesUpAfterItsBound() throws Exception {
        CountDownLatch inStop = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StopOnce stop = new StopOnce(() -> {
            inStop.countDown();
            awaitQuietly(release);
        }, Duration.ofMillis(100));
        Thread first = new Thread(stop, "first-stop");
        first.start();
        assertThat(inStop.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            Thread second = new Thread(stop, "second-stop");
            second.start();
            second.join(5_000);

            assertThat(second.isAlive()).as("still waiting after its 100 ms bound").isFalse();
        } finally {
            release.countDown();
            first.join(5_000);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
