package net.landht.push;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.landht.dht.DhtClient;
import net.landht.id.InfoHash;
import net.landht.net.SourcePrefix;

/**
 * The push subscriptions, one per (token, key, client id) as in OpenDHT (src/dht_proxy_server.cpp
 * {@code subscribe}: {@code pushListeners_[token][key]} holding one listener per client id), bounded in total and
 * per source address (IPv6: its /64, {@link SourcePrefix}). Thread-safe: every method is synchronized; a
 * {@link Subscription}'s mutable fields are only changed under this object's lock too.
 */
final class Subscriptions {
    /** What identifies a subscription. */
    record Id(String token, InfoHash key, String clientId) {
    }

    /** One subscription: its request (the session id changes on a re-SUBSCRIBE), its DHT listen and its time. */
    static final class Subscription {
        final Id id;
        final InetAddress source;
        final Platform platform;
        PushRequest request;
        long refreshedMillis;
        boolean timeoutSent;
        DhtClient.Operation listen;

        Subscription(Id id, InetAddress source, PushRequest request, long nowMillis) {
            this.id = id;
            this.source = source;
            this.request = request;
            this.platform = request.platform();
            this.refreshedMillis = nowMillis;
        }
    }

    /** What {@link #sweep} found: subscriptions due their timeout push, and ended ones (already removed). */
    record Due(List<Subscription> timeouts, List<Subscription> ended) {
    }

    private final int maxTotal;
    private final int maxPerSource;
    private final Map<Id, Subscription> byId = new LinkedHashMap<>();
    private final Map<SourcePrefix, Integer> perSource = new HashMap<>();
    private final PushCounters counters;

    Subscriptions(int maxTotal, int maxPerSource, PushCounters counters) {
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
        this.counters = counters;
    }

    synchronized Subscription find(Id id) {
        return byId.get(id);
    }

    /**
     * A re-SUBSCRIBE: the request (new session id) and the time are renewed.
     *
     * @return false when the subscription ended meanwhile
     */
    synchronized boolean refresh(Subscription s, PushRequest r, long nowMillis) {
        if (byId.get(s.id) != s) {
            return false;
        }
        s.request = r;
        s.refreshedMillis = nowMillis;
        s.timeoutSent = false;
        return true;
    }

    /** Adds {@code s}; returns the bound it would break, or null when added. */
    synchronized PushCounters.Refusal add(Subscription s) {
        if (byId.size() >= maxTotal) {
            return PushCounters.Refusal.TOTAL;
        }
        if (perSource.getOrDefault(SourcePrefix.of(s.source), 0) >= maxPerSource) {
            return PushCounters.Refusal.PER_SOURCE;
        }
        byId.put(s.id, s);
        perSource.merge(SourcePrefix.of(s.source), 1, Integer::sum);
        counters.openChanged(s.platform, 1);
        return null;
    }

    /** Sets the DHT listen of {@code s}; false when {@code s} was removed meanwhile (the caller cancels it). */
    synchronized boolean attach(Subscription s, DhtClient.Operation listen) {
        s.listen = listen;
        return byId.get(s.id) == s;
    }

    /** Whether {@code s} is still subscribed; its request then, or null. */
    synchronized PushRequest requestIfCurrent(Subscription s) {
        return byId.get(s.id) == s ? s.request : null;
    }

    /** Removes and returns the subscription, or null. The caller cancels its listen. */
    synchronized Subscription remove(Id id) {
        Subscription s = byId.remove(id);
        if (s != null) {
            perSource.computeIfPresent(SourcePrefix.of(s.source), (k, n) -> n == 1 ? null : n - 1);
            counters.openChanged(s.platform, -1);
        }
        return s;
    }

    /** Removes every subscription of {@code token}. */
    synchronized List<Subscription> removeToken(String token) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : List.copyOf(byId.values())) {
            if (s.id.token().equals(token)) {
                out.add(remove(s.id));
            }
        }
        return out;
    }

    /** Removes every subscription (at shutdown). */
    synchronized List<Subscription> clear() {
        List<Subscription> all = List.copyOf(byId.values());
        all.forEach(s -> remove(s.id));
        return all;
    }

    /**
     * Finds the subscriptions not refreshed for {@code timeoutAfterMillis} that have not had their timeout push
     * (marked as sent now) and removes those not refreshed for {@code endAfterMillis}.
     */
    synchronized Due sweep(long nowMillis, long timeoutAfterMillis, long endAfterMillis) {
        List<Subscription> timeouts = new ArrayList<>();
        List<Subscription> ended = new ArrayList<>();
        for (Subscription s : List.copyOf(byId.values())) {
            long age = nowMillis - s.refreshedMillis;
            if (age >= endAfterMillis) {
                ended.add(remove(s.id));
            } else if (age >= timeoutAfterMillis && !s.timeoutSent) {
                s.timeoutSent = true;
                timeouts.add(s);
            }
        }
        return new Due(timeouts, ended);
    }

    /** The subscriptions now, as saved across restarts. */
    synchronized List<SavedSubscriptions.Saved> snapshot() {
        List<SavedSubscriptions.Saved> out = new ArrayList<>(byId.size());
        for (Subscription s : byId.values()) {
            out.add(new SavedSubscriptions.Saved(s.id.key(), s.source, s.request, s.refreshedMillis));
        }
        return out;
    }

    synchronized int size() {
        return byId.size();
    }

    /** Subscriptions now, by platform. */
    synchronized Map<Platform, Integer> byPlatform() {
        Map<Platform, Integer> m = new java.util.EnumMap<>(Platform.class);
        for (Subscription s : byId.values()) {
            m.merge(s.platform, 1, Integer::sum);
        }
        return m;
    }
}
