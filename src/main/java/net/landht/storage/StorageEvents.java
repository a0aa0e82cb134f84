package net.landht.storage;

import java.util.List;

import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * Where {@link Storage} delivers listener notifications; the caller turns them into {@code update} messages (or
 * version-0 replies). Called on the loop thread, after the storage change is complete; each event reaches each
 * listener exactly once. Delivery works on a copy of the listener list, so an implementation may call back into
 * the storage.
 * OpenDHT: src/dht.cpp, {@code storageChanged}, {@code storageRefresh}, {@code storageRemoved}.
 */
public interface StorageEvents {
    /** Values new or edited under {@code key} matching the listener's query, or the current ones of a new listener. */
    void onValues(ListenerId listener, InfoHash key, List<Value> values);

    /** Value ids refreshed under {@code key} ({@code re}); sent to every listener of the key, known id or not. */
    void onRefreshed(ListenerId listener, InfoHash key, List<Long> valueIds);

    /** Value ids that expired or were evicted under {@code key} ({@code exp}); sent to every listener of the key. */
    void onExpired(ListenerId listener, InfoHash key, List<Long> valueIds);

    /** A sink that drops everything. */
    StorageEvents NONE = new StorageEvents() {
        @Override
        public void onValues(ListenerId listener, InfoHash key, List<Value> values) {
        }

        @Override
        public void onRefreshed(ListenerId listener, InfoHash key, List<Long> valueIds) {
        }

        @Override
        public void onExpired(ListenerId listener, InfoHash key, List<Long> valueIds) {
        }
    };
}
