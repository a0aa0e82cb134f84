package net.landht.proxy;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import net.landht.dht.DhtClient;

/**
 * Counters of the DHT proxy, thread-safe; exported by ops ({@code /metrics}, {@code /stats}) and read for
 * {@code GET /node/stats}.
 */
public final class ProxyCounters {
    /**
     * How a put ended: stored (or an existing permanent put extended), failed (502), a body that could not be read,
     * or a value landht's store refused with no node holding it ({@link PutRefusals}).
     */
    public enum PutOutcome { STORED, FAILED, BAD_REQUEST, REFUSED }

    private final long startMillis;
    private final LongAdder gets = new LongAdder();
    private final LongAdder listens = new LongAdder();
    private final AtomicInteger openListens = new AtomicInteger();
    private final AtomicInteger openGets = new AtomicInteger();
    private final LongAdder permanentPuts = new LongAdder();
    private final LongAdder permanentRestored = new LongAdder();
    private final LongAdder permanentSkipped = new LongAdder();
    private final LongAdder valuesSent = new LongAdder();
    private final Map<PutOutcome, LongAdder> puts = new EnumMap<>(PutOutcome.class);
    private final Map<DhtClient.Limit, LongAdder> refused = new EnumMap<>(DhtClient.Limit.class);

    /** @param startMillis when the proxy started, Unix milliseconds */
    public ProxyCounters(long startMillis) {
        this.startMillis = startMillis;
        for (PutOutcome o : PutOutcome.values()) {
            puts.put(o, new LongAdder());
        }
        for (DhtClient.Limit l : DhtClient.Limit.values()) {
            refused.put(l, new LongAdder());
        }
    }

    void getStarted() {
        gets.increment();
        openGets.incrementAndGet();
    }

    void getEnded() {
        openGets.decrementAndGet();
    }

    void listenStarted() {
        listens.increment();
        openListens.incrementAndGet();
    }

    void listenEnded() {
        openListens.decrementAndGet();
    }

    void put(PutOutcome o, boolean permanent) {
        puts.get(o).increment();
        if (permanent && o == PutOutcome.STORED) {
            permanentPuts.increment();
        }
    }

    void permanentPutRestored() {
        permanentRestored.increment();
    }

    void permanentPutSkipped() {
        permanentSkipped.increment();
    }

    void refuse(DhtClient.Limit l) {
        refused.get(l).increment();
    }

    void valuesSent(int n) {
        valuesSent.add(n);
    }

    public long startMillis() {
        return startMillis;
    }

    public long gets() {
        return gets.sum();
    }

    public int openGets() {
        return openGets.get();
    }

    public long listens() {
        return listens.sum();
    }

    public int openListens() {
        return openListens.get();
    }

    public long puts(PutOutcome o) {
        return puts.get(o).sum();
    }

    public long permanentPuts() {
        return permanentPuts.sum();
    }

    /** Saved permanent puts put again at start. */
    public long permanentPutsRestored() {
        return permanentRestored.sum();
    }

    /** Saved permanent puts not restored at start: past their lifetime, damaged, refused (or an unreadable file). */
    public long permanentPutsSkipped() {
        return permanentSkipped.sum();
    }

    public long refused(DhtClient.Limit l) {
        return refused.get(l).sum();
    }

    /** Value lines written to get and listen streams. */
    public long valuesSent() {
        return valuesSent.sum();
    }
}
