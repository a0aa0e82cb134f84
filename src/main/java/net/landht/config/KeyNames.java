package net.landht.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the valid name nearest to a mistyped one, for "did you mean" hints. */
final class KeyNames {
    private KeyNames() {
    }

    /**
     * The candidate nearest to {@code wrong}, or null when none is close. Dotted names are also matched on their last
     * part alone, so {@code dht.max-value-bytes} finds {@code storage.max-value-bytes} and a top-level {@code port}
     * finds {@code dht.port}.
     */
    static String nearest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT).replace('_', '-');
        String wLeaf = leaf(w);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String c : candidates) {
            int score = distance(w, c);
            if (!leaf(c).equals(c) || !wLeaf.equals(w)) {
                score = Math.min(score, distance(wLeaf, leaf(c)) + 1);
            }
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        int allowed = Math.max(2, wLeaf.length() / 3);
        return bestScore <= allowed ? best : null;
    }

    private static String leaf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions: "prot" is 1 from "port"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
