/**
 * Push notifications for the DHT proxy's phones (fact sheet {@code dht-proxy.md} §7–§10, §14; OpenDHT
 * src/dht_proxy_server.cpp): {@link net.landht.push.PushService} answers SUBSCRIBE/UNSUBSCRIBE (handed over by the
 * proxy as a {@link net.landht.proxy.ProxyPush}), keeps one DHT listen per subscription with its 22 h/24 h timers,
 * and turns each change into a gorush or UnifiedPush POST ({@code PushForms}, {@link net.landht.push.WebPushEncryption})
 * sent by a bounded sender on its own threads ({@code PushSender}). Depends on {@code proxy}, {@code http} (the
 * exchange it answers), {@code dht} (the client) and {@code value}; nothing depends on it but the daemon's wiring and
 * {@code ops.PushSection}.
 */
package net.landht.push;
