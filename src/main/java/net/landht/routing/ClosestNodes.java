package net.landht.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import net.landht.id.InfoHash;

/**
 * Exact k-closest selection over a bucket list, without looking at the whole table.
 *
 * <p>Buckets are the leaves of a binary trie, so XOR order visits whole subtrees: first the target's own bucket (all
 * ids sharing its {@code depth} bits with the target), then for {@code level = depth-1 .. 0} the sibling subtree that
 * shares exactly {@code level} bits, each a run of buckets adjacent to what was already visited. Every node of a
 * subtree is closer than every node of the next one, so once {@code count} nodes are collected after a whole subtree,
 * the rest of the table cannot contribute. Only the collected candidates are sorted.
 *
 * <p>OpenDHT walks buckets alternately left and right and stops at {@code count} nodes
 * (OpenDHT: src/routing_table.cpp, {@code findClosestNodes}), which can miss closer nodes on one side; this walk
 * returns the true k closest.
 */
final class ClosestNodes {
    private ClosestNodes() {
    }

    /**
     * The {@code count} nodes accepted by {@code filter} closest to {@code target}, closest first.
     *
     * @param buckets the table's buckets in id order, covering the whole id space
     * @param home    index in {@code buckets} of the bucket that contains {@code target}
     */
    static List<Node> select(List<Bucket> buckets, int home, InfoHash target, int count, Predicate<Node> filter) {
        if (count <= 0) {
            return new ArrayList<>();
        }
        List<Node> found = new ArrayList<>(count + Bucket.TARGET_NODES);
        addMatching(buckets.get(home), filter, found);
        int lo = home;
        int hi = home;
        for (int level = buckets.get(home).depth() - 1; level >= 0 && found.size() < count; level--) {
            while (lo > 0 && buckets.get(lo - 1).first().commonPrefixBits(target) >= level) {
                addMatching(buckets.get(--lo), filter, found);
            }
            while (hi < buckets.size() - 1 && buckets.get(hi + 1).first().commonPrefixBits(target) >= level) {
                addMatching(buckets.get(++hi), filter, found);
            }
        }
        found.sort((a, b) -> target.xorCompare(a.id(), b.id()));
        return found.size() > count ? new ArrayList<>(found.subList(0, count)) : found;
    }

    private static void addMatching(Bucket bucket, Predicate<Node> filter, List<Node> out) {
        for (Node n : bucket.nodes()) {
            if (filter.test(n)) {
                out.add(n);
            }
        }
    }
}
