package net.landht.storage;

import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

import net.landht.config.NodeConfig;
import net.landht.id.InfoHash;
import net.landht.value.EditPolicy;
import net.landht.value.Field;
import net.landht.value.PolicyDecision;
import net.landht.value.Query;
import net.landht.value.Refusal;
import net.landht.value.Value;
import net.landht.value.ValueType;

/**
 * The values stored on this node, per key, with OpenDHT's rules (fact sheet §8.2, §9): store and edit policies,
 * expiry per value type, refresh, remote listeners, and bounds on value size, values per key, total bytes and bytes
 * per source, each counted in {@link StorageCounters}. OpenDHT: src/dht.cpp {@code onAnnounce},
 * {@code storageStore}, {@code storageRefresh}, {@code expireStore}; src/storage.h.
 *
 * <p><b>Threading:</b> not thread-safe and lock-free by design: every method must be called on the DHT event-loop
 * thread, and the {@link StorageEvents} and {@link StorageChanges} sinks are called on it. Values are immutable,
 * so what {@link #get}, {@link #snapshot} and the sinks hand out may be passed to other threads.
 *
 * <p><b>Time:</b> all times come from the injected {@link InstantSource}. Nothing runs by itself: the caller
 * schedules one timer at {@link #nextExpiry()} and calls {@link #expire()} when it fires (and again after any
 * call that may have moved the next expiry earlier: put, refresh, listen).
 *
 * <p>Differences from OpenDHT, on purpose: a key whose last value and listener are gone is dropped at once (OpenDHT
 * keeps it up to a 2–6 min sweep, acking refreshes of values it no longer has); a value evicted by a cap the moment
 * it is stored is reported as refused; listener expiry is exact instead of swept.
 */
public final class Storage {
    private final Map<InfoHash, KeyEntry> keys = new HashMap<>();
    private final TreeSet<StoredValue> byExpiry = new TreeSet<>(StoredValue.BY_EXPIRY);
    private final NodeConfig.Storage config;
    private final InstantSource clock;
    private final EditPolicy policy;
    private final StorageChanges changes;
    private final StorageCounters counters = new StorageCounters();
    private final Quotas quotas;
    private final ListenerRegistry listeners;
    private long serial;

    /** A storage whose changes go nowhere but to listeners. */
    public Storage(NodeConfig.Storage config, InstantSource clock, StorageEvents events) {
        this(config, clock, events, StorageChanges.NONE);
    }

    /**
     * @param config  the bounds
     * @param clock   the time source for expiry
     * @param events  where listener notifications go
     * @param changes where every change is reported (the persistence journal)
     */
    public Storage(NodeConfig.Storage config, InstantSource clock, StorageEvents events, StorageChanges changes) {
        this(config, clock, events, changes, Accounting.HEAP);
    }

    /** As above, with values counted against the byte caps by {@code accounting}. */
    Storage(NodeConfig.Storage config, InstantSource clock, StorageEvents events, StorageChanges changes,
            Accounting accounting) {
        this.config = config;
        this.clock = clock;
        this.changes = changes;
        this.policy = new EditPolicy(config.maxValueBytes());
        this.quotas = new Quotas(config.maxTotalBytes(), config.maxBytesPerSource(), accounting);
        this.listeners = new ListenerRegistry(config.maxListenersPerKey(), config.maxListenersPerSource(), counters,
                events);
    }

    /**
     * Stores a value put by {@code source}. A put of content already stored under its id is a refresh; another
     * value with a stored id is an edit, decided by the stored value's type; a new id is decided by the new
     * value's type. Expiry is {@code min(created, now) + type expiry}. Listeners whose query matches get new and
     * edited values.
     *
     * @param source                       the sender (quotas, type 2 rewrite), or null when unknown
     * @param createdEpochMillisOrNegative the put's {@code c} in epoch milliseconds, or negative for "now"
     */
    public PutOutcome put(InfoHash key, Value value, InetAddress source, long createdEpochMillisOrNegative) {
        if (value.id() == Value.INVALID_ID) {
            return refuse(Refusal.INVALID_ID);
        }
        long now = clock.millis();
        KeyEntry entry = keys.get(key);
        StoredValue old = entry == null ? null : entry.values.get(value.id());
        if (old != null && old.value.contentEquals(value)) {
            refreshValue(old, now);
            counters.countRefreshedByPut();
            return PutOutcome.REFRESHED;
        }
        PolicyDecision decision = old == null ? policy.store(key, value, source)
                : policy.edit(key, old.value, value);
        if (decision instanceof PolicyDecision.Refuse r) {
            return refuse(r.reason());
        }
        Value accepted = ((PolicyDecision.Accept) decision).value();
        long created = createdEpochMillisOrNegative < 0 ? now : Math.min(createdEpochMillisOrNegative, now);
        long expiresAt = created + ValueType.of(accepted.type()).expiryMillis();
        if (expiresAt < now) {
            return refuse(Refusal.EXPIRED);
        }
        if (old == null && entry != null && entry.values.size() >= config.maxValuesPerKey()) {
            return refuse(Refusal.KEY_FULL);
        }
        if (!quotas.canEverHold(accepted)) {
            return refuse(Refusal.STORAGE_FULL);
        }
        if (entry == null) {
            entry = new KeyEntry(key);
            keys.put(key, entry);
        }
        StoredValue sv = old;
        if (sv == null) {
            sv = new StoredValue(entry, serial++, accepted, expiresAt, quotas.bucket(source));
            entry.values.put(accepted.id(), sv);
        } else {
            unindex(sv);
            sv.value = accepted;
            sv.expiresAtMillis = expiresAt;
            sv.bucket = quotas.bucket(source);
        }
        index(sv);
        changes.stored(key, accepted, expiresAt, sv.bucket.address);
        if (!enforceCaps(sv, old != null)) {
            return refuse(Refusal.STORAGE_FULL);
        }
        if (old == null) {
            counters.countStoredNew();
        } else {
            counters.countEdited();
        }
        listeners.notifyValue(entry, accepted);
        return old == null ? PutOutcome.STORED_NEW : PutOutcome.STORED_EDIT;
    }

    /** The values under {@code key} matching {@code query}'s conditions, in storage (arrival) order. */
    public List<Value> get(InfoHash key, Query query) {
        KeyEntry entry = keys.get(key);
        if (entry == null) {
            return List.of();
        }
        List<Value> out = new ArrayList<>();
        for (StoredValue sv : entry.values.values()) {
            if (query.matches(sv.value)) {
                out.add(sv.value);
            }
        }
        return out;
    }

    /** The {@code fileds} reply for a query that selects fields: the selected fields of each matching value. */
    public SelectedFields fields(InfoHash key, Query query) {
        List<Field> fields = query.sortedSelect();
        List<Object> values = new ArrayList<>();
        for (Value v : get(key, query)) {
            for (Field f : fields) {
                values.add(v.fieldValue(f));
            }
        }
        return new SelectedFields(fields, values);
    }

    /**
     * Refreshes a value: it lives on from now for its type's lifetime (never shorter than before). Every listener of
     * the key gets {@code re}, even when the id is unknown, as OpenDHT does.
     */
    public RefreshOutcome refresh(InfoHash key, long valueId) {
        KeyEntry entry = keys.get(key);
        if (entry == null) {
            counters.countRefreshNoStorage();
            return RefreshOutcome.NO_STORAGE;
        }
        StoredValue sv = entry.values.get(valueId);
        if (sv == null) {
            listeners.notifyRefreshed(entry, valueId);
            counters.countRefreshUnknownId();
            return RefreshOutcome.UNKNOWN_ID_ACKED;
        }
        refreshValue(sv, clock.millis());
        counters.countRefreshed();
        return RefreshOutcome.REFRESHED;
    }

    /**
     * Adds or renews a listener of {@code key}. A new listener at once gets the stored values matching
     * {@code query}; a known one (same key and id) only has its timestamp and query renewed. A listener is forgotten
     * 10 minutes after its last listen.
     *
     * @param source the listener's address, for the per-source bound (null when unknown)
     */
    public ListenOutcome listen(InfoHash key, ListenerId id, Query query, InetAddress source) {
        long now = clock.millis();
        KeyEntry entry = keys.get(key);
        Listener known = listeners.find(entry, id);
        if (known != null) {
            listeners.renew(known, query, now);
            return ListenOutcome.REFRESHED;
        }
        SourceKey sk = SourceKey.of(source);
        ListenOutcome admitted = listeners.admit(entry, sk);
        if (admitted != ListenOutcome.ADDED) {
            return admitted;
        }
        if (entry == null) {
            entry = new KeyEntry(key);
            keys.put(key, entry);
        }
        listeners.add(entry, id, query, sk, now);
        return ListenOutcome.ADDED;
    }

    /**
     * Removes what is due: listeners idle for more than 10 minutes first, then values whose expiry has come; the
     * remaining listeners of each key get one {@code exp} with all its expired ids.
     *
     * @return the number of values that expired
     */
    public int expire() {
        long now = clock.millis();
        for (KeyEntry e : listeners.expire(now)) {
            dropIfEmpty(e);
        }
        Map<KeyEntry, List<Long>> expired = new LinkedHashMap<>();
        int n = 0;
        while (!byExpiry.isEmpty() && byExpiry.first().expiresAtMillis <= now) {
            StoredValue sv = byExpiry.first();
            remove(sv);
            expired.computeIfAbsent(sv.entry, e -> new ArrayList<>()).add(sv.value.id());
            n++;
        }
        counters.countExpired(n);
        for (Map.Entry<KeyEntry, List<Long>> e : expired.entrySet()) {
            listeners.notifyExpired(e.getKey(), e.getValue());
        }
        return n;
    }

    /** When {@link #expire()} next has work (a value's expiry or a listener's end), if ever. */
    public Optional<Instant> nextExpiry() {
        long next = byExpiry.isEmpty() ? Long.MAX_VALUE : byExpiry.first().expiresAtMillis;
        OptionalLong l = listeners.nextDeadline();
        if (l.isPresent()) {
            next = Math.min(next, l.getAsLong());
        }
        return next == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
    }

    /** Every stored value with its key, expiry and source, for a snapshot; safe to hand to another thread. */
    public List<StoredEntry> snapshot() {
        List<StoredEntry> out = new ArrayList<>(byExpiry.size());
        for (KeyEntry e : keys.values()) {
            for (StoredValue sv : e.values.values()) {
                out.add(new StoredEntry(e.key, sv.value, sv.expiresAtMillis, sv.bucket.address));
            }
        }
        return out;
    }

    /**
     * Puts back a value from saved state, without policy checks (it passed them when first stored) and without
     * reporting to {@link StorageChanges}; the bounds still apply.
     *
     * @return false when it was not restored: expired, id 0, already present, too large, key full, or evicted
     */
    public boolean restore(InfoHash key, Value value, long expiresAtMillis, InetAddress source) {
        KeyEntry entry = keys.get(key);
        if (expiresAtMillis <= clock.millis() || value.id() == Value.INVALID_ID
                || value.size() > config.maxValueBytes()
                || (entry != null && (entry.values.containsKey(value.id())
                        || entry.values.size() >= config.maxValuesPerKey()))
                || !quotas.canEverHold(value)) {
            return false;
        }
        if (entry == null) {
            entry = new KeyEntry(key);
            keys.put(key, entry);
        }
        StoredValue sv = new StoredValue(entry, serial++, value, expiresAtMillis, quotas.bucket(source));
        entry.values.put(value.id(), sv);
        index(sv);
        return enforceCaps(sv, false);
    }

    /** The counters of refusals, evictions and expiries. */
    public StorageCounters counters() {
        return counters;
    }

    /** Number of stored values. */
    public int valueCount() {
        return byExpiry.size();
    }

    /** Number of keys with values or listeners. */
    public int keyCount() {
        return keys.size();
    }

    /**
     * What the byte caps count: the sum over stored values of {@link Accounting#charge} (packed bytes + 640 per
     * value), i.e. about the heap the stored values use.
     */
    public long totalBytes() {
        return quotas.totalBytes();
    }

    /** Number of remote listeners. */
    public int listenerCount() {
        return listeners.size();
    }

    /** Number of sources (IPv4 addresses, IPv6 /64s) holding values. */
    public int sourceCount() {
        return quotas.sourceCount();
    }

    private PutOutcome refuse(Refusal reason) {
        counters.countRefused(reason);
        return PutOutcome.refused(reason);
    }

    /** A refresh: listeners get {@code re}; the value lives at least its type's lifetime from now. */
    private void refreshValue(StoredValue sv, long now) {
        listeners.notifyRefreshed(sv.entry, sv.value.id());
        unindex(sv);
        sv.expiresAtMillis = Math.max(sv.expiresAtMillis, now + ValueType.of(sv.value.type()).expiryMillis());
        index(sv);
        changes.refreshed(sv.entry.key, sv.value.id(), sv.expiresAtMillis);
    }

    /**
     * Evicts until the source of {@code sv} and the whole store are within their byte caps; listeners get
     * {@code exp} for every evicted value they may know.
     *
     * @param known whether listeners already know {@code sv}'s id (an edit)
     * @return false when {@code sv} itself was evicted
     */
    private boolean enforceCaps(StoredValue sv, boolean known) {
        boolean kept = true;
        while (true) {
            StoredValue victim = quotas.overSourceCap(sv.bucket);
            boolean forSource = victim != null;
            if (victim == null) {
                victim = quotas.overTotalCap();
            }
            if (victim == null) {
                break;
            }
            remove(victim);
            if (victim == sv) {
                kept = false;
                if (!known) {
                    continue;
                }
            } else if (forSource) {
                counters.countEvictedSourceBytes();
            } else {
                counters.countEvictedTotalBytes();
            }
            listeners.notifyExpired(victim.entry, List.of(victim.value.id()));
        }
        return kept;
    }

    private void index(StoredValue sv) {
        byExpiry.add(sv);
        quotas.add(sv);
    }

    private void unindex(StoredValue sv) {
        byExpiry.remove(sv);
        quotas.remove(sv);
    }

    private void remove(StoredValue sv) {
        unindex(sv);
        sv.entry.values.remove(sv.value.id());
        dropIfEmpty(sv.entry);
        changes.removed(sv.entry.key, sv.value.id());
    }

    private void dropIfEmpty(KeyEntry e) {
        if (e.isEmpty()) {
            keys.remove(e.key, e);
        }
    }
}
