package net.landht.net;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A fake clock and scheduler for the net package's tests: tasks run when the test advances time. */
final class NetTestClock implements InstantSource, Scheduler {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Object[]> tasks = new ArrayList<>();

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Object[] t = {now.plus(delay), task, false};
        tasks.add(t);
        return () -> t[2] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    void advance(Duration d) {
        Instant end = now.plus(d);
        while (true) {
            Object[] next = tasks.stream().filter(t -> !((Instant) t[0]).isAfter(end))
                    .min(Comparator.comparing(t -> (Instant) t[0])).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = (Instant) next[0];
            if (!(Boolean) next[2]) {
                ((Runnable) next[1]).run();
            }
        }
        now = end;
    }
}
