package org.pt.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Permissions;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Run;
import org.pt.engine.walk.Translation;

/**
 * BENCHMARK BASELINE ONLY, not engine code: the leaf loops that {@code space.TableTree} replaced, as they stood at
 * commit b910400 (before the traversal), kept so {@link TraversalBenchmark} can measure old and new in one run on the
 * same memory. {@link #runs} is the old {@code AddressSpace.runs}/{@code listLeaves}; {@link #hazardScan} is the old
 * {@code Hazards.Leaves.scan}, the faster private copy. Only the public engine API is used, so this file also compiles
 * against the base commit. Nothing outside the benchmarks may call it.
 */
final class BaselineLoops {

    private BaselineLoops() {
    }

    /** The old {@code RunBuilder}: runs in VA order, with the {@code extend} shortcut the old loops used. */
    static final class OldRunBuilder {
        private final List<Run> done = new ArrayList<>();
        private boolean open;
        private long start;
        private long last;
        private long pa;
        private long pageSize;
        private Permissions permissions;
        private Attributes attributes;

        void add(long va, long vaLast, long pa0, long size, Permissions p, Attributes a) {
            if (open && last + 1 == va && pa + (last - start + 1) == pa0 && pageSize == size && permissions.equals(p)
                    && attributes.equals(a)) {
                last = vaLast;
                return;
            }
            flush();
            open = true;
            start = va;
            last = vaLast;
            pa = pa0;
            pageSize = size;
            permissions = p;
            attributes = a;
        }

        void extend(long vaLast) {
            last = vaLast;
        }

        boolean isOpen() {
            return open;
        }

        long lastVa() {
            return last;
        }

        void flush() {
            if (open) {
                done.add(new Run(AddressRange.inclusive(start, last), pa, pageSize, permissions, attributes));
                open = false;
            }
        }

        List<Run> finish() {
            flush();
            return List.copyOf(done);
        }
    }

    // ---- the old AddressSpace.runs ----------------------------------------------------------------------------------

    private static final class RunCollector {
        final OldRunBuilder runs = new OldRunBuilder();
        long prevEntry;
        long prevTable = -1;
        int prevIndex;
    }

    static List<Run> runs(AddressSpace s, AddressRange range) {
        PagingFormat f = s.simulation().format();
        RunCollector c = new RunCollector();
        for (Half h : f.halves()) {
            for (AddressRange part : h.ranges()) {
                range.intersection(part).ifPresent(r -> listLeaves(s, h, 0, s.root(h.index()), r, c));
            }
        }
        return c.runs.finish();
    }

    private static void listLeaves(AddressSpace s, Half h, int d, long table, AddressRange r, RunCollector c) {
        PagingFormat f = s.simulation().format();
        PhysicalMemory mem = s.simulation().memory();
        Geometry g = h.geometry();
        Geometry.Level l = g.level(d);
        long eSize = l.entrySize();
        long cur = r.start();
        int eb = f.entryBytes();
        while (true) {
            long eBase = cur & -eSize;
            long eLast = eBase + eSize - 1;
            long t = Long.compareUnsigned(r.last(), eLast) < 0 ? r.last() : eLast;
            int i = (int) ((cur >>> l.shift()) & (l.entries() - 1));
            long e = mem.read(table + (long) i * eb);
            EntryKind k = f.kind(e, l.archLevel());
            if (k == EntryKind.TABLE && d + 1 < g.depth()) {
                long child = f.address(e, l.archLevel());
                PhysicalMemory.TableInfo info = mem.table(child);
                if (info != null && info.archLevel() == g.level(d + 1).archLevel()) {
                    listLeaves(s, h, d + 1, child, AddressRange.inclusive(cur, t), c);
                }
            } else if (k == EntryKind.LEAF) {
                long size = f.leafSize(e, l.archLevel());
                long gBase = cur & -size;
                long gLast = gBase + size - 1;
                long end = Long.compareUnsigned(r.last(), gLast) < 0 ? r.last() : gLast;
                long inc = f.linearIncrement(l.archLevel(), size);
                boolean next = c.runs.isOpen() && inc != 0 && c.prevTable == table && c.prevIndex + 1 == i
                        && c.prevEntry + inc == e && c.runs.lastVa() + 1 == cur && cur == gBase;
                if (next) {
                    c.runs.extend(end);
                } else {
                    Translation tr = f.walk(mem, s.root(h.index()), h, cur, null, null);
                    if (tr instanceof Translation.Mapped m) {
                        c.runs.add(cur, end, m.pa(), size, m.permissions(), m.attributes());
                    } else {
                        c.runs.flush();
                    }
                }
                c.prevEntry = e;
                c.prevTable = table;
                c.prevIndex = i;
                t = end;
            }
            if (t == r.last()) {
                return;
            }
            cur = t + 1;
        }
    }

    // ---- the old Hazards.Leaves.scan --------------------------------------------------------------------------------

    /** The runs of a space and how many self-referencing entries the scan met. */
    record Scanned(List<Run> runs, int loops) {
    }

    private record SlotKey(int half, long start, long last, long raw) {
    }

    private record Slot(List<Run> runs, int loops) {
    }

    /** One scanner per machine, as {@code Hazards} made one: its cache spans the spaces it scans. */
    static final class HazardScanner {
        private final PagingFormat f;
        private final PhysicalMemory mem;
        private final int eb;
        private final Map<SlotKey, Slot> cache = new HashMap<>();

        HazardScanner(AddressSpace any) {
            this.f = any.simulation().format();
            this.mem = any.simulation().memory();
            this.eb = f.entryBytes();
        }

        Scanned scan(AddressSpace s) {
            OldRunBuilder sink = new OldRunBuilder();
            int loops = 0;
            for (Half h : f.halves()) {
                long root = s.root(h.index());
                Geometry.Level top = h.geometry().level(0);
                long eSize = top.entrySize();
                for (AddressRange part : h.ranges()) {
                    long cur = part.start();
                    while (true) {
                        long eLast = (cur & -eSize) + eSize - 1;
                        long t = Unsigned.min(part.last(), eLast);
                        long e = mem.read(root + (long) h.geometry().index(cur, 0) * eb);
                        if (f.kind(e, top.archLevel()) != EntryKind.INVALID) {
                            SlotKey key = new SlotKey(h.index(), cur, t, e);
                            Slot slot = cache.get(key);
                            if (slot == null) {
                                OldRunBuilder one = new OldRunBuilder();
                                int[] found = {0};
                                table(h, root, 0, root, cur, t, one, found);
                                slot = new Slot(one.finish(), found[0]);
                                cache.put(key, slot);
                            }
                            for (Run r : slot.runs()) {
                                sink.add(r.va().start(), r.va().last(), r.pa(), r.pageSize(), r.permissions(), r.attributes());
                            }
                            loops += slot.loops();
                        }
                        if (t == part.last()) {
                            break;
                        }
                        cur = t + 1;
                    }
                }
            }
            return new Scanned(sink.finish(), loops);
        }

        private void table(Half h, long root, int d, long table, long start, long last, OldRunBuilder out, int[] loops) {
            Geometry g = h.geometry();
            Geometry.Level l = g.level(d);
            long eSize = l.entrySize();
            long cur = start;
            boolean linear = false;
            long prevRaw = 0;
            long increment = 0;
            while (true) {
                long eBase = cur & -eSize;
                long eLast = eBase + eSize - 1;
                long t = Unsigned.min(last, eLast);
                int i = (int) ((cur >>> l.shift()) & (l.entries() - 1));
                long e = mem.read(table + (long) i * eb);
                if (linear && increment != 0 && e == prevRaw + increment && cur == eBase && t == eLast) {
                    out.extend(t);
                    prevRaw = e;
                } else {
                    linear = false;
                    EntryKind k = f.kind(e, l.archLevel());
                    if (k == EntryKind.TABLE && d + 1 < g.depth()) {
                        long child = f.address(e, l.archLevel());
                        PhysicalMemory.TableInfo info = mem.table(child);
                        if (info != null && info.archLevel() != g.level(d + 1).archLevel()) {
                            loop(h, root, d, i, cur, loops);
                        } else {
                            table(h, root, d + 1, child, cur, t, out, loops);
                        }
                    } else if (k == EntryKind.LEAF) {
                        long size = f.leafSize(e, l.archLevel());
                        long gLast = (cur & -size) + size - 1;
                        long end = Unsigned.min(last, gLast);
                        Translation tr = f.walk(mem, root, h, cur, null, null);
                        if (tr instanceof Translation.Mapped m) {
                            out.add(cur, end, m.pa(), size, m.permissions(), m.attributes());
                            linear = size == eSize && cur == eBase && end == eLast;
                            prevRaw = e;
                            increment = f.linearIncrement(l.archLevel(), size);
                        }
                        t = end;
                    }
                }
                if (t == last) {
                    return;
                }
                cur = t + 1;
            }
        }

        /** The old self-map probe: one walk of the VA that follows the entry at every level. */
        private void loop(Half h, long root, int d, int i, long va, int[] loops) {
            Geometry g = h.geometry();
            long probe = va & -g.level(d).entrySize();
            for (int k = d + 1; k < g.depth(); k++) {
                Geometry.Level l = g.level(k);
                probe |= ((long) i & (l.entries() - 1)) << l.shift();
            }
            if (f.walk(mem, root, h, probe, null, null) instanceof Translation.Mapped) {
                loops[0]++;
            }
        }
    }

    /** The old {@code Costs.leaves} (at b35a26f^): mapped bytes per page size, one entry read at a time. */
    static Map<Long, Long> costPages(AddressSpace space) {
        Map<Long, Long> out = new HashMap<>();
        for (Half h : space.simulation().format().halves()) {
            costLeaves(space, h, 0, space.root(h.index()), out, new java.util.HashSet<>());
        }
        return out;
    }

    private static void costLeaves(AddressSpace space, Half h, int d, long table, Map<Long, Long> out,
            java.util.Set<Long> seen) {
        if (!seen.add(table)) {
            return;
        }
        PagingFormat f = space.simulation().format();
        PhysicalMemory mem = space.simulation().memory();
        Geometry g = h.geometry();
        Geometry.Level l = g.level(d);
        for (int j = 0; j < l.entries(); j++) {
            long e = mem.read(table + (long) j * f.entryBytes());
            EntryKind k = f.kind(e, l.archLevel());
            if (k == EntryKind.LEAF) {
                out.merge(f.leafSize(e, l.archLevel()), l.entrySize(), Long::sum);
            } else if (k == EntryKind.TABLE && d + 1 < g.depth()) {
                long child = f.address(e, l.archLevel());
                PhysicalMemory.TableInfo info = mem.table(child);
                if (info != null && info.archLevel() == g.level(d + 1).archLevel()) {
                    costLeaves(space, h, d + 1, child, out, seen);
                }
            }
        }
    }
}
