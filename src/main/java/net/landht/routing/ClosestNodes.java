package net.landht.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import net.landht.id.InfoHash;

/**
 * Exact k-closest selection over a bucket list, without looking at the whole table.
 *
 * <p>Buckets are the leaves of a binary trie, so for any two buckets every id of one is closer (XOR) to a target than
 * every id of the other: buckets can be visited whole, nearest first. The nearest is the target's own bucket (all
 * ids sharing its {@code depth} bits with the target); then, for {@code level = depth-1 .. 0}, the sibling subtree
 * that shares exactly {@code level} bits with the target, a run of buckets adjacent to what was already visited.
 * Within that subtree the order is the same walk again, from the bucket nearest the target with bit {@code level}
 * flipped (the subtree's ids all differ from the target in that bit), so a sibling subtree that holds most of the
 * table (the one around our own id) is entered only as deep as needed. The walk stops as soon as {@code count} nodes
 * are collected after a whole bucket; only those candidates (at most {@code count + 7}) are sorted.
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
        walk(buckets, home, 0, buckets.size() - 1, 0, target, count, filter, found);
        found.sort((a, b) -> target.xorCompare(a.id(), b.id()));
        return found.size() > count ? new ArrayList<>(found.subList(0, count)) : found;
    }

    /**
     * Adds the nodes of the buckets {@code [lo, hi]}, nearest to {@code target} first, until {@code count} are found.
     * {@code [lo, hi]} is a whole subtree: every id in it shares at least {@code minLevel} bits with {@code target},
     * and {@code home} is the bucket of it that contains {@code target}.
     */
    private static void walk(List<Bucket> buckets, int home, int lo, int hi, int minLevel, InfoHash target,
                             int count, Predicate<Node> filter, List<Node> found) {
        addMatching(buckets.get(home), filter, found);
        int a = home;
        int b = home;
        for (int level = buckets.get(home).depth() - 1; level >= minLevel && found.size() < count; level--) {
            int na = a;
            while (na > lo && buckets.get(na - 1).first().commonPrefixBits(target) >= level) {
                na--;
            }
            int nb = b;
            while (nb < hi && buckets.get(nb + 1).first().commonPrefixBits(target) >= level) {
                nb++;
            }
            if (na < a || nb > b) {
                // the sibling subtree at this level: on one side only, since it is one contiguous id range
                int from = na < a ? na : b + 1;
                int to = na < a ? a - 1 : nb;
                InfoHash mirrored = withBitFlipped(target, level);
                walk(buckets, BucketList.indexIn(buckets, from, to, mirrored), from, to, level + 1, mirrored, count, filter,
                        found);
                a = na;
                b = nb;
            }
        }
    }

    private static InfoHash withBitFlipped(InfoHash id, int bit) {
        byte[] b = id.toBytes();
        b[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        return InfoHash.of(b);
    }

    private static void addMatching(Bucket bucket, Predicate<Node> filter, List<Node> out) {
        for (Node n : bucket.nodes()) {
            if (filter.test(n)) {
                out.add(n);
            }
        }
    }
}
