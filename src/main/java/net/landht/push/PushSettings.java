package net.landht.push;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import net.landht.proxy.StateFile;

/**
 * How push notifications run.
 *
 * @param pushServer         gorush base URL ({@code http://host:port}), or null: android/ios pushes are not sent
 *                           [proxy.push-server]
 * @param pushHosts          hosts a UnifiedPush endpoint may name; empty = any [proxy.push-hosts]
 * @param maxSubscriptions   subscriptions in total; also the bound of permanent puts with a push request
 *                           [proxy.max-subscriptions]
 * @param maxPerSource       subscriptions per client address [proxy.max-subscriptions-per-source]
 * @param lifetime           a subscription's life from its last SUBSCRIBE (OpenDHT include/opendht/proxy.h
 *                           {@code OP_TIMEOUT}, 24 h)
 * @param margin             how long before its end the timeout push goes out ({@code OP_MARGIN}, 2 h)
 * @param sweepEvery         how often lifetimes are checked
 * @param sender             the gateway sender's bounds
 * @param stateFile          where subscriptions are kept across restarts
 */
public record PushSettings(URI pushServer, List<String> pushHosts, int maxSubscriptions, int maxPerSource,
                           Duration lifetime, Duration margin, Duration sweepEvery, PushSender.Settings sender,
                           StateFile stateFile) {
    public PushSettings {
        pushHosts = List.copyOf(pushHosts);
    }

    /** The settings with OpenDHT's times and landht's default bounds. */
    public static PushSettings of(URI pushServer, List<String> pushHosts, int maxSubscriptions, int maxPerSource) {
        return new PushSettings(pushServer, pushHosts, maxSubscriptions, maxPerSource, Duration.ofHours(24),
                Duration.ofHours(2), Duration.ofMinutes(1), PushSender.Settings.defaults(), StateFile.NONE);
    }

    /** These settings with subscriptions kept in {@code file}. */
    public PushSettings keptIn(StateFile file) {
        return new PushSettings(pushServer, pushHosts, maxSubscriptions, maxPerSource, lifetime, margin, sweepEvery,
                sender, file);
    }
}
