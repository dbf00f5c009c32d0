package org.pt.engine.space;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;

/**
 * The explicit compact: bottom-up, a table whose entries are all leaves of its largest size, with contiguous
 * physical addresses aligned to the parent entry and equal attributes, becomes one leaf in its parent (when the
 * parent level holds leaves of that size and no other space shares the table). Groups of entries that can form a
 * multi-entry leaf (ARMv7 supersection, large page) are merged in place.
 */
final class Compactor {
    private final PagingFormat f;
    private final PhysicalMemory mem;
    private final int eb;
    final List<Event> events = new ArrayList<>();
    final Set<Long> written = new HashSet<>();

    Compactor(PagingFormat f, PhysicalMemory mem) {
        this.f = f;
        this.mem = mem;
        this.eb = f.entryBytes();
    }

    /**
     * Compacts half {@code h} of {@code s}. Its tables are listed first, root first and depth first, by the
     * {@link TableTree} (which must not see the tree change), then each is finished after its children: its own
     * groups merged, then itself merged into its parent's entry.
     */
    void run(TableTree tree, AddressSpace s, Half h) {
        Geometry g = h.geometry();
        List<long[]> tables = new ArrayList<>(); // {depth, pa, va of entry 0}
        tree.visit(s, h, null, new TableTree.Visitor() {
            @Override
            public boolean table(Half half, int depth, long pa, long va, long last, int references) {
                tables.add(new long[] {depth, pa, va});
                return depth + 1 < g.depth();
            }
        });
        ArrayDeque<long[]> open = new ArrayDeque<>();
        for (long[] t : tables) {
            finish(g, open, (int) t[0]);
            open.push(t);
        }
        finish(g, open, 0);
    }

    /** Finishes the open tables at {@code depth} and below, deepest first. */
    private void finish(Geometry g, ArrayDeque<long[]> open, int depth) {
        while (!open.isEmpty() && open.peek()[0] >= depth) {
            long[] t = open.pop();
            int d = (int) t[0];
            mergeGroups(g.level(d), t[1], t[2]);
            if (d > 0) {
                tryMerge(g, d - 1, open.peek()[1], g.index(t[2], d - 1), t[1], t[2]);
            }
        }
    }

    private void tryMerge(Geometry g, int d, long table, int i, long child, long va) {
        Geometry.Level l = g.level(d);
        Geometry.Level c = g.level(d + 1);
        long eSize = l.entrySize();
        if (l.leafKind(eSize) < 0 || mem.table(child).references() != 1) {
            return;
        }
        long size = c.leafSizes()[0];
        int span = c.leafSpans()[0];
        long first = mem.read(child);
        if (f.kind(first, c.archLevel()) != EntryKind.LEAF || f.leafSize(first, c.archLevel()) != size) {
            return;
        }
        long base = f.address(first, c.archLevel());
        if ((base & (eSize - 1)) != 0) {
            return;
        }
        Attributes a = f.leafAttributes(first, c.archLevel());
        for (int j = 0; j < c.entries(); j++) {
            long e = mem.read(child + (long) j * eb);
            if (f.kind(e, c.archLevel()) != EntryKind.LEAF || f.leafSize(e, c.archLevel()) != size
                    || f.address(e, c.archLevel()) != base + (long) (j & -span) * c.entrySize()
                    || !f.leafAttributes(e, c.archLevel()).equals(a)) {
                return;
            }
        }
        long leaf = f.withAddress(f.leafTemplate(a, l.archLevel(), eSize), base, l.archLevel(), eSize);
        mem.write(table + (long) i * eb, leaf);
        written.add(table);
        mem.unreference(child);
        mem.freeTable(child);
        events.add(new Event.Merged(l.name(), table, i, va, eSize, c.name(), c.entries() / span, size));
        events.add(new Event.TableFreed(c.name(), child, AddressRange.ofSize(va, eSize)));
    }

    private void mergeGroups(Geometry.Level l, long table, long tableVa) {
        for (int k = 0; k + 1 < l.leafSizes().length; k++) {
            int span = l.leafSpans()[k];
            if (span <= 1) {
                continue;
            }
            long big = l.leafSizes()[k];
            long small = l.leafSizes()[k + 1];
            for (int i = 0; i + span <= l.entries(); i += span) {
                long e0 = mem.read(table + (long) i * eb);
                if (f.kind(e0, l.archLevel()) != EntryKind.LEAF || f.leafSize(e0, l.archLevel()) != small) {
                    continue;
                }
                long base = f.address(e0, l.archLevel());
                if ((base & (big - 1)) != 0) {
                    continue;
                }
                Attributes a = f.leafAttributes(e0, l.archLevel());
                boolean uniform = true;
                for (int j = 1; j < span && uniform; j++) {
                    long e = mem.read(table + (long) (i + j) * eb);
                    uniform = f.kind(e, l.archLevel()) == EntryKind.LEAF && f.leafSize(e, l.archLevel()) == small
                            && f.address(e, l.archLevel()) == base + j * l.entrySize()
                            && f.leafAttributes(e, l.archLevel()).equals(a);
                }
                if (!uniform) {
                    continue;
                }
                long v = f.withAddress(f.leafTemplate(a, l.archLevel(), big), base, l.archLevel(), big);
                mem.writeLinear(table + (long) i * eb, span, v, 0);
                written.add(table);
                events.add(new Event.Merged(l.name(), table, i, tableVa + i * l.entrySize(), big, l.name(),
                        (int) (big / small), small));
            }
        }
    }
}
