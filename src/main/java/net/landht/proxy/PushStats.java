package net.landht.proxy;

/**
 * Pushes sent so far by platform and priority, for {@code /node/stats}' {@code androidPush}, {@code iosPush} and
 * {@code unifiedPush} (OpenDHT 3.3.0+ src/dht_proxy_server.cpp {@code ServerStats::toJson}; fact sheet
 * {@code dht-proxy.md} §4).
 */
public record PushStats(Count android, Count ios, Count unifiedPush) {
    /** No pushes (push notifications off). */
    public static final PushStats NONE = new PushStats(Count.ZERO, Count.ZERO, Count.ZERO);

    /** Pushes at high and at normal priority. */
    public record Count(long highPriority, long normalPriority) {
        static final Count ZERO = new Count(0, 0);

        /** Both counts added. */
        public static Count sum(Count a, Count b) {
            return new Count(a.highPriority + b.highPriority, a.normalPriority + b.normalPriority);
        }

        /** {@code {"highPriorityCount":n,"normalPriorityCount":n}}, as OpenDHT's {@code PushStats::toJson}. */
        String json() {
            return "{\"highPriorityCount\":" + highPriority + ",\"normalPriorityCount\":" + normalPriority + "}";
        }
    }
}
