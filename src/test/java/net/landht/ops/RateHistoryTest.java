package net.landht.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart's ring of rate samples: rates from counter deltas, the bound, the order. */
class RateHistoryTest {

    /** A reading: {@code record(atMillis, requests, replies)}. */
    private record Reading(long atMillis, long requests, long replies) {
    }

    /** Rows (behaviour, readings given in order to a ring of 4, the samples it then holds). */
    static Stream<Arguments> readings() {
        return Stream.of(
                arguments("the first reading is only a baseline", List.of(new Reading(1_000, 50, 40)), List.of()),
                arguments("a sample is the average rate since the previous reading",
                        List.of(new Reading(0, 100, 10), new Reading(10_000, 150, 30)),
                        List.of(new RateHistory.Sample(10_000, 5.0, 2.0))),
                arguments("a reading not later than the previous is ignored",
                        List.of(new Reading(5_000, 10, 10), new Reading(5_000, 20, 20), new Reading(4_000, 30, 30)),
                        List.of()),
                arguments("a counter that went down counts as zero",
                        List.of(new Reading(0, 100, 100), new Reading(1_000, 50, 101)),
                        List.of(new RateHistory.Sample(1_000, 0.0, 1.0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readings")
    void samplesAreRatesBetweenSuccessiveReadings(String behaviour, List<Reading> readings,
            List<RateHistory.Sample> expected) {
        RateHistory h = new RateHistory(4);
        for (Reading r : readings) {
            h.record(r.atMillis, r.requests, r.replies);
        }

        assertThat(h.samples()).containsExactlyElementsOf(expected);
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
    void aRingOfNothingIsRefused() {
        assertThatThrownBy(() -> new RateHistory(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
