package org.pt.dsl.scoping;

import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...": the candidate closest to a misspelt name, by edit distance (insertions, deletions,
 * substitutions and transpositions of adjacent characters, ignoring case).
 *
 * <p>A candidate is close enough when its distance is at most a third of the longer name's length, and at least one
 * edit is always allowed ({@code pd} suggests {@code pc}; {@code x} suggests nothing among {@code pc, arm}). Among
 * equally close candidates the first one given wins, so callers pass candidates in a stable order.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code name}, if one is close enough; never {@code name} itself. */
    public static Optional<String> closest(String name, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate == null || candidate.equals(name)) {
                continue;
            }
            int distance = distance(name, candidate);
            if (distance <= allowed(name, candidate) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int allowed(String a, String b) {
        return Math.max(1, Math.max(a.length(), b.length()) / 3);
    }

    /** Optimal string alignment distance between {@code a} and {@code b}, ignoring case. */
    static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int n = s.length();
        int m = t.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
