package org.pt.engine.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The tree of tables that translates one half of the virtual address space, root first. Depth 0 is the
 * root table; each depth knows its architectural level number, the VA bits it indexes, the size and
 * alignment of its tables and the leaf (page or block) sizes it may hold. Leaf sizes that span several
 * consecutive entries (ARMv7 supersections and large pages) carry their span.
 */
public final class Geometry {

    /** One depth of the tree. */
    public record Level(int archLevel, String name, int shift, int entries, int tableBytes, int tableAlign,
            long[] leafSizes, int[] leafSpans) {

        /** Bytes of VA covered by one entry. */
        public long entrySize() {
            return 1L << shift;
        }

        /** Number of VA bits indexed at this level. */
        public int indexBits() {
            return Integer.numberOfTrailingZeros(entries);
        }

        public boolean holdsLeaves() {
            return leafSizes.length > 0;
        }

        /** The leaf kind index whose size is {@code size}, or -1. */
        public int leafKind(long size) {
            for (int i = 0; i < leafSizes.length; i++) {
                if (leafSizes[i] == size) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final Level[] levels;

    public Geometry(List<Level> levels) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a geometry needs at least one level");
        }
        this.levels = levels.toArray(new Level[0]);
    }

    public int depth() {
        return levels.length;
    }

    public Level level(int depth) {
        return levels[depth];
    }

    public Level leafLevel() {
        return levels[levels.length - 1];
    }

    public List<Level> levels() {
        return List.of(levels);
    }

    /** Index of {@code va} in the table at {@code depth}. */
    public int index(long va, int depth) {
        Level l = levels[depth];
        return (int) ((va >>> l.shift()) & (l.entries() - 1));
    }

    /** Every leaf size of this tree, largest first. */
    public List<Long> pageSizes() {
        List<Long> all = new ArrayList<>();
        for (Level l : levels) {
            for (long s : l.leafSizes()) {
                all.add(s);
            }
        }
        all.sort((a, b) -> Long.compareUnsigned(b, a));
        return all;
    }

    /** Smallest page size. */
    public long smallestPage() {
        long[] s = leafLevel().leafSizes();
        return s[s.length - 1];
    }
}
