package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;

/**
 * Overlaps among ranges written in order (regions of a layout, the physical ranges or the pools of a machine), grouped
 * by the range written later: for each range that overlaps earlier ones, how many it overlaps and the first
 * {@code named} of them by address. One group per range, never one finding per pair: a thousand ranges that all
 * overlap give 999 groups, not 499,500 pairs.
 *
 * <p>Time O(n log n + named · n log n) for n ranges, whatever the number of overlapping pairs: the ranges are
 * inserted in the order written into two Fenwick trees (counts by start and by last address, from which the number
 * of earlier ranges overlapping the next is one subtraction) and a segment tree of the highest last address by start
 * position, which lists the overlapping ones in address order by pruning every subtree that ends below the range.
 */
final class Overlaps {

    /** Range {@code index} overlaps {@code count} earlier ranges; {@code first} are the first of them by address. */
    record Group(int index, int count, List<Integer> first) {
        Group {
            first = List.copyOf(first);
        }
    }

    private Overlaps() {
    }

    /** The groups of {@code ranges} (in the order written), by the index of the later range. */
    static List<Group> of(List<AddressRange> ranges, int named) {
        int n = ranges.size();
        // positions by (start, index): ties keep the order written, so equal starts list the earlier range first
        Integer[] byStart = new Integer[n];
        for (int i = 0; i < n; i++) {
            byStart[i] = i;
        }
        Arrays.sort(byStart, (a, b) -> {
            int c = Long.compareUnsigned(ranges.get(a).start(), ranges.get(b).start());
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] position = new int[n];
        long[] starts = new long[n];
        for (int p = 0; p < n; p++) {
            position[byStart[p]] = p;
            starts[p] = ranges.get(byStart[p]).start();
        }
        long[] lasts = new long[n];
        for (int i = 0; i < n; i++) {
            lasts[i] = ranges.get(i).last();
        }
        long[] sortedLasts = lasts.clone();
        sortUnsigned(sortedLasts);

        Fenwick startsIn = new Fenwick(n);
        Fenwick lastsIn = new Fenwick(n);
        MaxTree highest = new MaxTree(n);
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AddressRange r = ranges.get(i);
            // earlier ranges starting at or below r.last(), less those ending below r.start() (which start below it too)
            int startsUpTo = upperBound(starts, r.last());
            int count = startsIn.sum(startsUpTo) - lastsIn.sum(lowerBound(sortedLasts, r.start()));
            if (count > 0) {
                List<Integer> first = new ArrayList<>();
                highest.collect(startsUpTo, r.start(), Math.min(named, count), first, byStart);
                out.add(new Group(i, count, first));
            }
            startsIn.add(position[i]);
            lastsIn.add(lowerBound(sortedLasts, r.last()));
            highest.set(position[i], r.last());
        }
        return out;
    }

    /** The number of {@code sorted} values at or below {@code v} (unsigned). */
    private static int upperBound(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Unsigned.lessOrEqual(sorted[mid], v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of {@code sorted} values below {@code v} (unsigned). */
    private static int lowerBound(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Unsigned.lessThan(sorted[mid], v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void sortUnsigned(long[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
    }

    /** Counts by position: {@code add} one at a position, {@code sum} of the positions below a bound. */
    private static final class Fenwick {
        private final int[] tree;

        Fenwick(int n) {
            tree = new int[n + 1];
        }

        void add(int position) {
            for (int i = position + 1; i < tree.length; i += i & -i) {
                tree[i]++;
            }
        }

        /** The count at positions {@code 0 .. bound - 1}. */
        int sum(int bound) {
            int s = 0;
            for (int i = bound; i > 0; i -= i & -i) {
                s += tree[i];
            }
            return s;
        }
    }

    /** The highest last address of the ranges inserted so far, by start position; empty positions hold nothing. */
    private static final class MaxTree {
        private final int size;
        private final long[] max;
        private final boolean[] any;

        MaxTree(int n) {
            int s = 1;
            while (s < n) {
                s <<= 1;
            }
            size = s;
            max = new long[2 * s];
            any = new boolean[2 * s];
        }

        void set(int position, long last) {
            int i = position + size;
            max[i] = last;
            any[i] = true;
            for (i >>= 1; i > 0; i >>= 1) {
                boolean l = any[2 * i];
                boolean r = any[2 * i + 1];
                any[i] = l || r;
                max[i] = !l ? max[2 * i + 1] : !r ? max[2 * i] : Unsigned.max(max[2 * i], max[2 * i + 1]);
            }
        }

        /**
         * Adds to {@code out}, in position order, the indices of up to {@code limit} inserted ranges at positions
         * below {@code bound} whose last address is at or above {@code from}.
         */
        void collect(int bound, long from, int limit, List<Integer> out, Integer[] byStart) {
            collect(1, 0, size, bound, from, limit, out, byStart);
        }

        private void collect(int node, int lo, int hi, int bound, long from, int limit, List<Integer> out,
                Integer[] byStart) {
            if (out.size() >= limit || lo >= bound || !any[node] || Unsigned.lessThan(max[node], from)) {
                return;
            }
            if (hi - lo == 1) {
                out.add(byStart[lo]);
                return;
            }
            int mid = (lo + hi) >>> 1;
            collect(2 * node, lo, mid, bound, from, limit, out, byStart);
            collect(2 * node + 1, mid, hi, bound, from, limit, out, byStart);
        }
    }
}
