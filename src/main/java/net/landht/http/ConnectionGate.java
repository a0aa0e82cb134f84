package net.landht.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import net.landht.net.Cidr;
import net.landht.net.SourcePrefix;

/**
 * Admits or refuses a new TCP connection: the allow-list shared with the UDP side ({@code limits.allow}: when not
 * empty, only sources in it), a bound on open connections in total and per source (IPv4 address or IPv6 /64,
 * {@link SourcePrefix}). Thread-safe. The per-source map holds only sources with an open connection, so it is
 * bounded by the total.
 */
final class ConnectionGate {
    private final List<Cidr> allow;
    private final int maxTotal;
    private final int maxPerSource;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<SourcePrefix, Integer> perSource = new ConcurrentHashMap<>();

    ConnectionGate(List<Cidr> allow, int maxTotal, int maxPerSource) {
        this.allow = List.copyOf(allow);
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
    }

    /**
     * Takes a slot for a connection from {@code source}.
     *
     * @return null when admitted (call {@link #release} once it closes), else why not
     */
    HttpCounters.Refusal admit(InetAddress source) {
        if (!allow.isEmpty() && !Cidr.anyContains(allow, source)) {
            return HttpCounters.Refusal.NOT_ALLOWED;
        }
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return HttpCounters.Refusal.TOO_MANY_CONNECTIONS;
        }
        boolean[] over = new boolean[1];
        perSource.compute(SourcePrefix.of(source), (k, n) -> {
            int c = n == null ? 0 : n;
            if (c >= maxPerSource) {
                over[0] = true;
                return n;
            }
            return c + 1;
        });
        if (over[0]) {
            total.decrementAndGet();
            return HttpCounters.Refusal.TOO_MANY_FROM_SOURCE;
        }
        return null;
    }

    /** Gives back the slot {@link #admit} took for {@code source}. */
    void release(InetAddress source) {
        perSource.computeIfPresent(SourcePrefix.of(source), (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }
}
