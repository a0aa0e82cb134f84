package net.landht.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AnnounceScheduleTest {
    private final AnnounceSchedule schedule = new AnnounceSchedule();

    /** The seconds (0..until) at which {@code due} fires, asked every second. */
    private List<Integer> firesWhile(int from, int until, boolean connected) {
        List<Integer> out = new ArrayList<>();
        for (int s = from; s <= until; s++) {
            if (schedule.due(s * 1000L, connected)) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void whileAloneItReannouncesAfter10Then20Then40ThenEvery60Seconds() {
        schedule.restart(0);
        assertThat(firesWhile(0, 250, false)).containsExactly(10, 30, 70, 130, 190, 250);
    }

    @Test
    void withAGoodNodeItStaysQuiet() {
        schedule.restart(0);
        assertThat(firesWhile(0, 300, true)).isEmpty();
        assertThat(schedule.nextAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void losingEveryGoodNodeAnnouncesAtOnceAndBacksOffAgain() {
        schedule.restart(0);
        assertThat(firesWhile(0, 15, false)).containsExactly(10);
        assertThat(firesWhile(16, 100, true)).isEmpty();
        assertThat(firesWhile(101, 200, false)).containsExactly(101, 111, 131, 171);
    }

    @Test
    void restartBringsTheBackoffBackTo10Seconds() {
        schedule.restart(0);
        assertThat(firesWhile(0, 70, false)).containsExactly(10, 30, 70);
        schedule.restart(75_000);
        assertThat(firesWhile(76, 120, false)).containsExactly(85, 105);
    }
}
