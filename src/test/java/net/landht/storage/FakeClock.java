package net.landht.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. */
final class FakeClock implements InstantSource {
    private long millis = 1_800_000_000_000L;

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }

    void advance(Duration d) {
        millis += d.toMillis();
    }

    void advanceMillis(long ms) {
        millis += ms;
    }
}
