package net.landht;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.ScheduledFuture;

import net.landht.dht.DhtCounters;
import net.landht.dht.DhtService;

/**
 * The periodic one-line INFO summary: good/dubious nodes per family, stored values, requests in/out per second,
 * drops since the last line, then what other components add (the DHT proxy's clients). Runs on the event loop, so it
 * reads the DHT state safely.
 */
final class SummaryLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("landht.summary");

    private final ScheduledFuture<?> task;
    private final Supplier<String> more;
    private long lastIn;
    private long lastOut;
    private long lastDrops;

    private SummaryLog(NodeRuntime rt, Duration every, Supplier<String> more) {
        this.more = more;
        this.task = rt.loop().scheduleAtFixedRate(() -> logOnce(rt.dht(), every), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the summary, or returns a no-op when {@code logging.stats-interval} is 0.
     *
     * @param more the end of the line, e.g. {@code "; proxy: 3 connections, 2 listens"} (thread-safe; may be empty)
     */
    static AutoCloseable start(NodeRuntime rt, Supplier<String> more) {
        Duration every = rt.config().logging().statsInterval();
        if (every.isZero() || every.isNegative()) {
            return () -> { };
        }
        return new SummaryLog(rt, every, more);
    }

    private void logOnce(DhtService dht, Duration every) {
        DhtCounters c = dht.counters();
        double secs = every.toMillis() / 1000.0;
        long in = c.requestsIn();
        long out = c.requestsOut();
        long drops = c.drops();
        var v4 = dht.counts4();
        var v6 = dht.counts6();
        LOG.info("nodes v4 {} good/{} dubious, v6 {} good/{} dubious; {} values, {} listeners; "
                        + "requests in {}/s out {}/s; drops {}{}", v4.good(), v4.dubious(), v6.good(), v6.dubious(),
                dht.storage().valueCount(), dht.storage().listenerCount(), String.format("%.1f", (in - lastIn) / secs),
                String.format("%.1f", (out - lastOut) / secs), drops - lastDrops, more.get());
        lastIn = in;
        lastOut = out;
        lastDrops = drops;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
