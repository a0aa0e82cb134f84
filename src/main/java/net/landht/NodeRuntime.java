package net.landht;

import java.time.InstantSource;
import java.util.random.RandomGenerator;

import io.netty.channel.EventLoop;

import net.landht.config.NodeConfig;
import net.landht.dht.DhtService;
import net.landht.id.InfoHash;
import net.landht.net.UdpTransport;

/**
 * What a running node's optional components (persistence, peer discovery, ops HTTP) are started with.
 * {@link DhtService} is touched only on {@link #loop()}: post work there with {@code loop().execute(...)} and read
 * state there with {@code loop().submit(...)}.
 *
 * @param config       the validated configuration
 * @param configSource where the configuration came from (for logs and /stats)
 * @param id           our node id
 * @param transport    the bound UDP sockets
 * @param dht          the DHT (event loop only)
 * @param loop         the event loop that owns the DHT state
 * @param clock        wall clock
 * @param random       randomness
 */
public record NodeRuntime(NodeConfig config, String configSource, InfoHash id, UdpTransport transport,
                          DhtService dht, EventLoop loop, InstantSource clock, RandomGenerator random) {
}
