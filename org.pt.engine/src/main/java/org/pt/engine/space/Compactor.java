package org.pt.engine.space;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
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

    private int signBits = 64;

    /** @param signBits for a sign-extended space, the VA width to extend from (so entry VAs come out canonical) */
    void run(Geometry g, long root, long rootVa, int signBits) {
        this.signBits = signBits;
        compact(g, 0, root, rootVa);
    }

    private long canonical(long va) {
        return signBits >= 64 ? va : (va << (64 - signBits)) >> (64 - signBits);
    }

    private void compact(Geometry g, int d, long table, long tableVa) {
        Geometry.Level l = g.level(d);
        if (d + 1 < g.depth()) {
            for (int i = 0; i < l.entries(); i++) {
                long e = mem.read(table + (long) i * eb);
                if (f.kind(e, l.archLevel()) == EntryKind.TABLE) {
                    long va = canonical(tableVa + i * l.entrySize());
                    long child = f.address(e, l.archLevel());
                    PhysicalMemory.TableInfo info = mem.table(child);
                    if (info == null || info.archLevel() != g.level(d + 1).archLevel()) {
                        continue; // a recursive or foreign slot: not a tree to compact
                    }
                    compact(g, d + 1, child, va);
                    tryMerge(g, d, table, i, child, va);
                }
            }
        }
        mergeGroups(l, table, tableVa);
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
