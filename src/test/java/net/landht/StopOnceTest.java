package net.landht;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
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

    /** A stop that blocks until {@link #release} counts down, and a first caller already inside it. */
    private final CountDownLatch release = new CountDownLatch(1);
    private Thread first;

    private StopOnce stopUnderWay(Duration maxWait) throws InterruptedException {
        CountDownLatch inStop = new CountDownLatch(1);
        StopOnce stop = new StopOnce(() -> {
            inStop.countDown();
            awaitQuietly(release);
        }, maxWait);
        first = new Thread(stop, "first-stop");
        first.start();
        assertThat(inStop.await(5, TimeUnit.SECONDS)).isTrue();
        return stop;
    }

    @AfterEach
    void releaseTheStop() throws InterruptedException {
        release.countDown();
        if (first != null) {
            first.join(5_000);
        }
    }

    @Test
    void aSecondCallerReturnsOnlyAfterTheRunningStopHasFinished() throws Exception {
        StopOnce stop = stopUnderWay(Duration.ofSeconds(30));

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
    }

    @Test
    void aSecondCallerGivesUpAfterItsBound() throws Exception {
        StopOnce stop = stopUnderWay(Duration.ofMillis(100));

        Thread second = new Thread(stop, "second-stop");
        second.start();
        second.join(5_000);

        assertThat(second.isAlive()).as("still waiting after its 100 ms bound").isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
