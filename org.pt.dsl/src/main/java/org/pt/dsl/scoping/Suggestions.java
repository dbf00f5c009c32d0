package org.pt.dsl.scoping;

import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...": the one rule for every misspelt word of a spec (names, imports, units, formats, features,
 * purposes, attributes, PAT presets, outputs).
 *
 * <p>A candidate equal to the word ignoring case wins ({@code GIb}: {@code GiB}). Otherwise the nearest by edit
 * distance (insertions, deletions, substitutions and transpositions of adjacent characters, ignoring case) when it is
 * at most a third of the longer word's length, and at least one edit is always allowed ({@code pd} suggests
 * {@code pc}; {@code x} suggests nothing among {@code pc, arm}). Among equally near candidates one with the same first
 * letter wins ({@code KB}: {@code KiB}, not {@code B}), then the earlier one, so callers pass candidates in a stable
 * order. The word itself is never suggested.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code word}, if one is close enough. */
    public static Optional<String> closest(String word, Iterable<String> candidates) {
        for (String c : candidates) {
            if (c != null && !c.equals(word) && c.equalsIgnoreCase(word)) {
                return Optional.of(c);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean bestSameStart = false;
        for (String c : candidates) {
            if (c == null || c.equals(word)) {
                continue;
            }
            int d = distance(word, c);
            boolean sameStart = !word.isEmpty() && !c.isEmpty()
                    && Character.toLowerCase(word.charAt(0)) == Character.toLowerCase(c.charAt(0));
            if (d <= allowed(word, c) && (d < bestDistance || (d == bestDistance && sameStart && !bestSameStart))) {
                best = c;
                bestDistance = d;
                bestSameStart = sameStart;
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
