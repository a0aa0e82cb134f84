package net.landht.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.landht.net.Scheduler;

/** Tests only: a clock and scheduler in one: time moves only when a test advances it, running the tasks that fall due. */
public final class ManualScheduler implements Scheduler, InstantSource {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Task> tasks = new ArrayList<>();
    private long seq;

    private static final class Task {
        final Instant at;
        final long order;
        final Runnable run;
        boolean cancelled;

        Task(Instant at, long order, Runnable run) {
            this.at = at;
            this.order = order;
            this.run = run;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), seq++, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Moves time forward by {@code d}, running every task due on the way, in time order. */
    public void advance(Duration d) {
        Instant end = now.plus(d);
        while (true) {
            Task next = tasks.stream().filter(t -> !t.at.isAfter(end))
                    .min(Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            if (next.at.isAfter(now)) {
                now = next.at;
            }
            if (!next.cancelled) {
                next.run.run();
            }
        }
        now = end;
    }
}
