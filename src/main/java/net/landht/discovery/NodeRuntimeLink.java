package net.landht.discovery;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.landht.NodeRuntime;
import net.landht.dht.DhtService;
import net.landht.id.InfoHash;

/** The DHT of a running node, reached only through its event loop (the DHT state is touched nowhere else). */
final class NodeRuntimeLink implements DhtLink {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntimeLink.class);
    /** How long the discovery thread waits for the event loop to count good nodes. */
    private static final long CONNECTED_TIMEOUT_MILLIS = 1000;

    private final NodeRuntime rt;

    NodeRuntimeLink(NodeRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void feed(InfoHash id, InetSocketAddress address, Runnable onAnswer) {
        try {
            rt.loop().execute(() -> rt.dht().onDiscoveredPeer(id, address, onAnswer));
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop stopped: peer {} not added", id);
        }
    }

    /** False as well when the event loop does not answer in time (an extra announcement costs little). */
    @Override
    public boolean connected() {
        DhtService d = rt.dht();
        try {
            return rt.loop().submit(() -> d.node().hasGoodNode())
                    .get(CONNECTED_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }
}
