package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The chart's ring of rate samples: rates from counter deltas, the bound, the order. */
class RateHistoryTest {

    @Test
    void theFirstReadingIsOnlyABaseline() {
        RateHistory h = new RateHistory(4);

        h.record(1_000, 50, 40);

        assertThat(h.samples()).isEmpty();
    }

    @Test
    void aSampleIsTheAverageRateSinceThePreviousReading() {
        RateHistory h = new RateHistory(4);
        h.record(0, 100, 10);

        h.record(10_000, 150, 30);

        assertThat(h.samples()).containsExactly(new RateHistory.Sample(10_000, 5.0, 2.0));
    }

    @Test
    void theRingKeepsOnlyTheNewestCapacitySamplesOldestFirst() {
        RateHistory h = new RateHistory(3);
        for (int i = 0; i <= 10; i++) {
            h.record(i * 1000L, i * i, 0);  // rate over second i: i*i - (i-1)*(i-1) = 2i - 1
        }

        List<RateHistory.Sample> s = h.samples();

        assertThat(s).hasSize(3);
        assertThat(s).extracting(RateHistory.Sample::atMillis).containsExactly(8000L, 9000L, 10_000L);
        assertThat(s).extracting(RateHistory.Sample::requestsPerSecond).containsExactly(15.0, 17.0, 19.0);
    }

    @Test
    void anHourAtTheDefaultIntervalFitsAndMoreDoesNotGrowIt() {
        RateHistory h = new RateHistory(RateHistory.CAPACITY);
        long step = RateHistory.INTERVAL.toMillis();
        for (int i = 0; i <= 3 * RateHistory.CAPACITY; i++) {
            h.record(i * step, i, i);
        }

        assertThat(h.samples()).hasSize(360);
        assertThat(RateHistory.CAPACITY * RateHistory.INTERVAL.toSeconds()).isEqualTo(3600);
    }

    @Test
    void aReadingNotLaterThanThePreviousIsIgnored() {
        RateHistory h = new RateHistory(4);
        h.record(5_000, 10, 10);

        h.record(5_000, 20, 20);
        h.record(4_000, 30, 30);

        assertThat(h.samples()).isEmpty();
    }

    @Test
    void aCounterThatWentDownCountsAsZero() {
        RateHistory h = new RateHistory(4);
        h.record(0, 100, 100);

        h.record(1_000, 50, 101);

        assertThat(h.samples()).containsExactly(new RateHistory.Sample(1_000, 0.0, 1.0));
    }

    @Test
    void aRingOfNothingIsRefused() {
        assertThatThrownBy(() -> new RateHistory(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
