package net.landht.routing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.landht.id.InfoHash;

/**
 * The data structure under a {@link RoutingTable}: buckets in id order covering the whole id space, an index from id
 * to entry and the per-IP counts, kept consistent with each other. No policy: the table decides what goes where.
 * Event-loop thread only.
 */
final class BucketList {
    private final List<Bucket> buckets = new ArrayList<>();
    private final List<Bucket> view = Collections.unmodifiableList(buckets);
    private final Map<InfoHash, Node> index = new HashMap<>();
    private final IpAdmission admission;

    BucketList(IpAdmission admission) {
        this.admission = admission;
        buckets.add(new Bucket(InfoHash.ZERO, 0, null));
    }

    /** The buckets in id order (live, read-only). */
    List<Bucket> all() {
        return view;
    }

    int bucketCount() {
        return buckets.size();
    }

    Node find(InfoHash id) {
        return index.get(id);
    }

    int nodeCount() {
        return index.size();
    }

    IpAdmission admission() {
        return admission;
    }

    /** Index of the bucket that holds {@code id}: the last one whose first id is {@code <= id}. */
    int indexOf(InfoHash id) {
        return indexIn(buckets, 0, buckets.size() - 1, id);
    }

    /**
     * Index in {@code [lo, hi]} of the bucket of the sorted, contiguous {@code buckets} whose range holds {@code id}
     * (the last one starting at or before it).
     */
    static int indexIn(List<Bucket> buckets, int lo, int hi, InfoHash id) {
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (buckets.get(mid).first().compareTo(id) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    Bucket bucketFor(InfoHash id) {
        return buckets.get(indexOf(id));
    }

    /** Puts {@code node} at the front of {@code b} (the caller checked room and admission); drops a cached twin. */
    Node add(Bucket b, Node node) {
        b.mutableNodes().add(0, node);
        index.put(node.id(), node);
        admission.added(node.address());
        Node c = b.cachedOrNull();
        if (c != null && c.id().equals(node.id())) {
            b.setCached(null);
        }
        return node;
    }

    /** Bookkeeping for a node the caller just took out of its bucket's node list. */
    void removed(Node node) {
        index.remove(node.id());
        admission.removed(node.address());
    }

    /** Moves an entry to a new address (the caller checked admission). */
    void move(Node node, InetSocketAddress to) {
        admission.removed(node.address());
        node.moveTo(to);
        admission.added(to);
    }

    /** Replaces the bucket at {@code i} by its two halves. */
    void split(int i) {
        Bucket[] halves = buckets.get(i).split();
        buckets.set(i, halves[0]);
        buckets.add(i + 1, halves[1]);
    }

    /** Every entry, bucket by bucket. */
    List<Node> allNodes() {
        List<Node> all = new ArrayList<>(index.size());
        buckets.forEach(b -> all.addAll(b.nodes()));
        return all;
    }
}
