package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * "The first N, then 'and N more'": admits at most {@code limit} items per key (a space, say) and counts the rest,
 * summing their sizes, for the one line that says what was left out. Keys are compared by identity (a space's spec may
 * be large to hash).
 */
final class Listing<K> {

    /** What was left out under one key. */
    interface Omitted<K> {
        void more(K key, long count, long bytes);
    }

    private final int limit;
    /** Per key, in the order first seen: items listed, items left out, bytes left out. */
    private final Map<K, long[]> counts = new IdentityHashMap<>();
    private final List<K> order = new ArrayList<>();

    Listing(int limit) {
        this.limit = limit;
    }

    /** True when the item is listed; otherwise it is counted as left out. */
    boolean admit(K key) {
        return admit(key, 0);
    }

    /** True when the item (of {@code bytes}) is listed; otherwise it is counted, with its bytes, as left out. */
    boolean admit(K key, long bytes) {
        long[] c = counts(key);
        if (c[0] < limit) {
            c[0]++;
            return true;
        }
        c[1]++;
        c[2] += bytes;
        return false;
    }

    /** How many items of {@code key} are listed. */
    int listed(K key) {
        return (int) counts(key)[0];
    }

    /** How many items of {@code key} are left out. */
    long omitted(K key) {
        return counts(key)[1];
    }

    /** Each key with items left out, in the order the keys were first admitted. */
    void omitted(Omitted<K> o) {
        for (K k : order) {
            long[] c = counts.get(k);
            if (c[1] > 0) {
                o.more(k, c[1], c[2]);
            }
        }
    }

    private long[] counts(K key) {
        return counts.computeIfAbsent(key, k -> {
            order.add(k);
            return new long[3];
        });
    }
}
