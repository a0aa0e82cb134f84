package net.landht.dht;

import net.landht.config.NodeConfig;

/**
 * The bounds of {@link DhtClient} operations, per requester (an HTTP client's address) and in total, from the
 * {@code proxy.max-searches…}, {@code proxy.max-listens…} and {@code proxy.max-permanent-puts…} settings
 * ({@link NodeConfig.Proxy}, whose defaults are sized for about 20 phones behind one NAT router, which all share
 * one address). Over a bound the operation is refused with {@link DhtClient.Refused} and counted.
 *
 * @param searchesPerSource  gets and puts (each runs searches) in flight for one requester
 * @param searchesTotal      gets and puts in flight in total
 * @param listensPerSource   listens open for one requester
 * @param listensTotal       listens open in total
 * @param permanentPerSource permanent puts kept for one requester
 * @param permanentTotal     permanent puts kept in total
 */
public record ClientLimits(int searchesPerSource, int searchesTotal, int listensPerSource, int listensTotal,
                           int permanentPerSource, int permanentTotal) {
    public ClientLimits {
        if (searchesPerSource < 1 || searchesTotal < 1 || listensPerSource < 1 || listensTotal < 1
                || permanentPerSource < 1 || permanentTotal < 1) {
            throw new IllegalArgumentException("client limits must be at least 1");
        }
    }

    /** The bounds a node's {@code [proxy]} settings give. */
    public static ClientLimits of(NodeConfig.Proxy p) {
        return new ClientLimits(p.maxSearchesPerSource(), p.maxSearches(), p.maxListensPerSource(), p.maxListens(),
                p.maxPermanentPutsPerSource(), p.maxPermanentPuts());
    }
}
