package net.landht.dht;

/**
 * The bounds of {@link DhtClient} operations, per requester (an HTTP client's address) and in total. Sized for a few
 * hundred phones on a LAN, each with about four long-lived listens (account, inbox, peer keys; issue 11) and short
 * gets and puts. Over a bound the operation is refused with {@link DhtClient.Refused} and counted.
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
    /** landht's defaults: 32 / 1,024 searches, 64 / 4,096 listens, 64 / 4,096 permanent puts. */
    public static final ClientLimits DEFAULTS = new ClientLimits(32, 1024, 64, 4096, 64, 4096);

    public ClientLimits {
        if (searchesPerSource < 1 || searchesTotal < 1 || listensPerSource < 1 || listensTotal < 1
                || permanentPerSource < 1 || permanentTotal < 1) {
            throw new IllegalArgumentException("client limits must be at least 1");
        }
    }
}
