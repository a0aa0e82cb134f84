package net.landht.storage;

import java.util.ArrayList;
import java.util.List;

import net.landht.id.InfoHash;
import net.landht.value.Value;

/** Records every event the storage delivers, in order. */
final class RecordingEvents implements StorageEvents {
    enum Kind { VALUES, REFRESHED, EXPIRED }

    /** One delivered event; {@code ids} holds value ids (for VALUES, the values' ids). */
    record Event(Kind kind, ListenerId listener, InfoHash key, List<Long> ids, List<Value> values) {
    }

    final List<Event> events = new ArrayList<>();

    @Override
    public void onValues(ListenerId listener, InfoHash key, List<Value> values) {
        events.add(new Event(Kind.VALUES, listener, key, values.stream().map(Value::id).toList(), values));
    }

    @Override
    public void onRefreshed(ListenerId listener, InfoHash key, List<Long> valueIds) {
        events.add(new Event(Kind.REFRESHED, listener, key, valueIds, List.of()));
    }

    @Override
    public void onExpired(ListenerId listener, InfoHash key, List<Long> valueIds) {
        events.add(new Event(Kind.EXPIRED, listener, key, valueIds, List.of()));
    }

    List<Event> of(ListenerId listener) {
        return events.stream().filter(e -> e.listener().equals(listener)).toList();
    }

    List<Event> take() {
        List<Event> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
