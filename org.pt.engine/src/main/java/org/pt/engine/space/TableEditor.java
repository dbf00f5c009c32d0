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
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;

/**
 * Carries out one map, unmap or protect on one root's tree. It runs twice through the same code: a planning
 * pass that only reads (finding conflicts and holes, and counting the tables each depth needs, by arithmetic
 * where no table exists yet) and an applying pass that writes, taking new tables from frames reserved after
 * planning. So an operation that is refused has changed nothing.
 */
final class TableEditor {

    enum Op {
        MAP, UNMAP, PROTECT
    }

    /** A table that does not exist yet (planning only). */
    private static final long ABSENT = -1L;

    private final Simulation sim;
    private final PagingFormat f;
    private final PhysicalMemory mem;
    private final Geometry g;
    private final int eb;
    private final Op op;
    private final long va0;
    private final long last0;
    private final long pa0;
    private final Attributes attrs;
    private final long cap;
    /** {@code pages = SIZE}: no leaf smaller than this (0: any); the planning pass refuses what would need one. */
    private final long floor;
    private final boolean remap;
    private final boolean dry;
    private final List<ArrayDeque<Long>> reserved;
    private final long[][] templates;

    /** Tables needed per depth (planning). */
    final long[] need;
    /** Pre-existing tables whose entries were written (applying); new tables are reached only through them. */
    final Set<Long> written = new HashSet<>();
    final List<Event> events = new ArrayList<>();
    MappingError error;

    TableEditor(Simulation sim, Geometry g, Op op, long va, long last, long pa, Attributes attrs,
            long cap, long floor, boolean remap, List<ArrayDeque<Long>> reserved) {
        this.sim = sim;
        this.f = sim.format();
        this.mem = sim.memory();
        this.g = g;
        this.eb = f.entryBytes();
        this.op = op;
        this.va0 = va;
        this.last0 = last;
        this.pa0 = pa;
        this.attrs = attrs;
        this.cap = cap;
        this.floor = floor;
        this.remap = remap;
        this.dry = reserved == null;
        this.reserved = reserved;
        this.need = new long[g.depth()];
        this.templates = new long[g.depth()][];
    }

    void run(long root) {
        visit(0, root, va0, last0);
    }

    // ---- traversal ---------------------------------------------------------------------------------

    private void visit(int d, long table, long s0, long t0) {
        Geometry.Level l = g.level(d);
        long eSize = l.entrySize();
        long cur = s0;
        while (error == null) {
            long eBase = cur & -eSize;
            long eLast = eBase + eSize - 1;
            long t = Long.compareUnsigned(t0, eLast) < 0 ? t0 : eLast;
            int i = (int) ((cur >>> l.shift()) & (l.entries() - 1));
            long done = handle(d, l, table, i, cur, t, t0, eBase, eLast);
            if (done == t0) {
                return;
            }
            cur = done + 1;
        }
    }

    /** Handles entry {@code i} for [s, t] (t ≤ entry end) and returns the last VA handled (≥ t). */
    private long handle(int d, Geometry.Level l, long table, int i, long s, long t, long t0, long eBase, long eLast) {
        int lvl = l.archLevel();
        long e = table == ABSENT ? 0 : mem.read(table + (long) i * eb);
        EntryKind k = table == ABSENT ? EntryKind.INVALID : f.kind(e, lvl);
        if (k == EntryKind.TABLE) {
            long child = f.address(e, lvl);
            PhysicalMemory.TableInfo info = d + 1 >= g.depth() ? null : mem.table(child);
            String bad = d + 1 >= g.depth() ? "is a table pointer at the last level"
                    : info == null ? "points at " + org.pt.engine.core.Unsigned.hex(child) + ", which holds no table"
                    : info.archLevel() != g.level(d + 1).archLevel()
                            ? "points at the " + levelName(info.archLevel()) + " table at "
                                    + org.pt.engine.core.Unsigned.hex(child)
                                    + " (a recursive entry): the builder does not map through it"
                            : null;
            if (bad != null) {
                error = new MappingError.MalformedEntry(l.name(), s, e, bad);
                return t0;
            }
        }
        switch (op) {
            case MAP:
                return handleMap(d, l, table, i, s, t, t0, eBase, eLast, e, k);
            case UNMAP:
                return handleUnmap(d, l, table, i, s, t, t0, eBase, eLast, e, k);
            default:
                return handleProtect(d, l, table, i, s, t, t0, eBase, eLast, e, k);
        }
    }

    private long handleMap(int d, Geometry.Level l, long table, int i, long s, long t, long t0, long eBase, long eLast,
            long e, EntryKind k) {
        int lvl = l.archLevel();
        long pa = pa0 + (s - va0);
        if (k == EntryKind.TABLE) {
            if (floor != 0 && Long.compareUnsigned(l.entrySize(), floor) <= 0) {
                unmet(s, l.name() + " entry " + i + " for VA " + org.pt.engine.core.Unsigned.hex(s)
                        + " already points at a table");
                return t0;
            }
            visit(d + 1, f.address(e, lvl), s, t);
            return t;
        }
        if (k == EntryKind.LEAF) {
            long ls = f.leafSize(e, lvl);
            long gBase = s & -ls;
            long gLast = gBase + ls - 1;
            long upto = Long.compareUnsigned(t0, gLast) < 0 ? t0 : gLast;
            long existingPa = f.address(e, lvl) + (s - gBase);
            Attributes existing = f.leafAttributes(e, lvl);
            if (existingPa == pa && existing.equals(attrs)) {
                return upto;
            }
            if (!remap) {
                error = new MappingError.AlreadyMapped(AddressRange.inclusive(s, upto), existingPa, existing, pa, attrs);
                return t0;
            }
            int kind = chooseLeaf(l, table, i, s, t0, pa, true);
            if (kind >= 0 && Long.compareUnsigned(l.leafSizes()[kind], ls) >= 0) {
                // the same size in place, or a larger leaf at this level (an ARMv7 large page over small pages, a
                // supersection over sections: B3.5.1) whose entries the remap replaces all of
                long size = l.leafSizes()[kind];
                if (!dry) {
                    writeLeaves(d, l, table, i & -l.leafSpans()[kind], kind, pa, 1);
                    written.add(table);
                }
                return (s & -size) + size - 1;
            }
            if (dry) {
                if (s != gBase || upto != gLast) {
                    // the rest of the leaf stays mapped as before, in smaller leaves: they must reach its PA
                    long[] counted = need.clone();
                    carve(d, l.leafKind(ls), gBase, ls, s, upto, f.address(e, lvl));
                    System.arraycopy(counted, 0, need, 0, need.length);
                    if (error != null) {
                        return t0;
                    }
                }
                return mapInvalid(d, l, table, i, s, t, t0, eBase, pa, true);
            }
            split(d, l, table, i, e, gBase);
            return handle(d, l, table, i, s, t, t0, eBase, eLast);
        }
        return mapInvalid(d, l, table, i, s, t, t0, eBase, pa, false);
    }

    /** Maps [s, ...] into an entry that holds nothing (or, when planning a remap, a leaf that will be replaced). */
    private long mapInvalid(int d, Geometry.Level l, long table, int i, long s, long t, long t0, long eBase, long pa,
            boolean replacing) {
        int kind = chooseLeaf(l, table, i, s, t0, pa, replacing);
        if (floor != 0 && (kind >= 0 ? Long.compareUnsigned(l.leafSizes()[kind], floor) < 0
                : Long.compareUnsigned(l.entrySize(), floor) <= 0)) {
            unmet(s, cannotHold(l, table, i, s, pa));
            return t0;
        }
        if (kind >= 0) {
            long size = l.leafSizes()[kind];
            if (!dry) {
                long groups = emptyRun(l, table, i, leafRun(l, kind, s, t0, pa));
                writeLeaves(d, l, table, i, kind, pa, groups);
                written.add(table);
                return s + groups * size - 1;
            }
            return s + size - 1;
        }
        if (d + 1 >= g.depth()) {
            error = new MappingError.UnreachablePhysical(s, pa, f.unreachableReason(pa));
            return t0;
        }
        if (dry) {
            need[d + 1]++;
            countAbsent(d + 1, s, t, pa);
            return t;
        }
        long child = newTable(d + 1, eBase);
        mem.write(table + (long) i * eb, sim.tableEntry(child, l.archLevel()));
        written.add(table);
        fill(d + 1, child, s, t, pa);
        return t;
    }

    /** Maps [s, t] into a table allocated by this operation, which is known to be empty: no reads, no checks. */
    private void fill(int d, long table, long s, long t, long pa) {
        Geometry.Level l = g.level(d);
        long eSize = l.entrySize();
        long cur = s;
        while (true) {
            long eBase = cur & -eSize;
            long eLast = eBase + eSize - 1;
            long te = Long.compareUnsigned(t, eLast) < 0 ? t : eLast;
            int i = (int) ((cur >>> l.shift()) & (l.entries() - 1));
            long epa = pa + (cur - s);
            int kind = chooseLeaf(l, ABSENT, i, cur, t, epa, false);
            long done;
            if (kind >= 0) {
                long groups = leafRun(l, kind, cur, t, epa);
                writeLeaves(d, l, table, i, kind, epa, groups);
                done = cur + groups * l.leafSizes()[kind] - 1;
            } else {
                long child = newTable(d + 1, eBase);
                mem.write(table + (long) i * eb, sim.tableEntry(child, l.archLevel()));
                fill(d + 1, child, cur, te, epa);
                done = te;
            }
            if (done == t) {
                return;
            }
            cur = done + 1;
        }
    }

    private long handleUnmap(int d, Geometry.Level l, long table, int i, long s, long t, long t0, long eBase, long eLast,
            long e, EntryKind k) {
        int lvl = l.archLevel();
        if (k == EntryKind.INVALID) {
            return t;
        }
        if (k == EntryKind.TABLE) {
            long child = f.address(e, lvl);
            boolean whole = s == eBase && t == eLast;
            if (whole) {
                if (!dry) {
                    mem.write(table + (long) i * eb, 0);
                    written.add(table);
                    release(d + 1, child, eBase);
                }
                return t;
            }
            visit(d + 1, child, s, t);
            if (!dry && sim.tree().isEmpty(g.level(d + 1), child) && mem.table(child).references() == 1) {
                mem.write(table + (long) i * eb, 0);
                written.add(table);
                release(d + 1, child, eBase);
            }
            return t;
        }
        long ls = f.leafSize(e, lvl);
        long gBase = s & -ls;
        long gLast = gBase + ls - 1;
        long upto = Long.compareUnsigned(t0, gLast) < 0 ? t0 : gLast;
        if (s == gBase && upto == gLast) {
            if (!dry) {
                int span = (int) (ls >>> l.shift());
                int first = span > 1 ? i & -span : i;
                mem.writeLinear(table + (long) first * eb, Math.max(span, 1), 0, 0);
                written.add(table);
            }
            return gLast;
        }
        if (dry) {
            carve(d, l.leafKind(ls), gBase, ls, s, upto, f.address(e, lvl));
            return upto;
        }
        split(d, l, table, i, e, gBase);
        return handle(d, l, table, i, s, t, t0, eBase, eLast);
    }

    private long handleProtect(int d, Geometry.Level l, long table, int i, long s, long t, long t0, long eBase,
            long eLast, long e, EntryKind k) {
        int lvl = l.archLevel();
        if (k == EntryKind.INVALID) {
            error = new MappingError.NotMapped(AddressRange.inclusive(s, t));
            return t0;
        }
        if (k == EntryKind.TABLE) {
            visit(d + 1, f.address(e, lvl), s, t);
            return t;
        }
        long ls = f.leafSize(e, lvl);
        long gBase = s & -ls;
        long gLast = gBase + ls - 1;
        long upto = Long.compareUnsigned(t0, gLast) < 0 ? t0 : gLast;
        Attributes existing = f.leafAttributes(e, lvl);
        if (existing.equals(attrs)) {
            return upto;
        }
        if (s == gBase && upto == gLast) {
            if (!dry) {
                int kind = l.leafKind(ls);
                int span = l.leafSpans()[kind];
                int first = span > 1 ? i & -span : i;
                writeLeaves(d, l, table, first, kind, f.address(e, lvl), 1);
                written.add(table);
            }
            return gLast;
        }
        if (dry) {
            carve(d, l.leafKind(ls), gBase, ls, s, upto, f.address(e, lvl));
            return upto;
        }
        split(d, l, table, i, e, gBase);
        return handle(d, l, table, i, s, t, t0, eBase, eLast);
    }

    private String levelName(int archLevel) {
        for (Geometry.Level x : g.levels()) {
            if (x.archLevel() == archLevel) {
                return x.name();
            }
        }
        return "level " + archLevel;
    }

    // ---- leaves ------------------------------------------------------------------------------------

    /**
     * The largest leaf kind at this level that covers [s, ...) within t0, has an aligned PA, obeys the policy and,
     * for a kind spanning several entries, finds them all empty (unless overwriting the existing group).
     */
    private int chooseLeaf(Geometry.Level l, long table, int i, long s, long t0, long pa, boolean overwrite) {
        long[] sizes = l.leafSizes();
        for (int k = 0; k < sizes.length; k++) {
            long size = sizes[k];
            if (cap != -1L && Long.compareUnsigned(size, cap) > 0) {
                continue;
            }
            if ((s & (size - 1)) != 0 || (pa & (size - 1)) != 0 || Long.compareUnsigned(t0 - s, size - 1) < 0) {
                continue;
            }
            if (!f.leafReaches(l.archLevel(), size, pa)) {
                continue;
            }
            int span = l.leafSpans()[k];
            if (span > 1 && table != ABSENT) {
                // all entries empty, or, when a remap overwrites, none a table pointer (whose tables would be lost)
                boolean free = true;
                for (int j = i & -span; j < (i & -span) + span; j++) {
                    EntryKind in = f.kind(mem.read(table + (long) j * eb), l.archLevel());
                    if (overwrite ? in == EntryKind.TABLE : in != EntryKind.INVALID) {
                        free = false;
                        break;
                    }
                }
                if (!free) {
                    continue;
                }
            }
            return k;
        }
        return -1;
    }

    /** Refuses the operation: {@code pages = floor} cannot be met at VA {@code s}. */
    private void unmet(long s, String reason) {
        if (error == null) {
            error = new MappingError.PageSizeUnmet(floor, reason);
        }
    }

    /** Why entry i of a table at level l cannot hold a leaf of {@code floor} for VA s and PA pa. */
    private String cannotHold(Geometry.Level l, long table, int i, long s, long pa) {
        String at = "VA " + org.pt.engine.core.Unsigned.hex(s) + " to PA " + org.pt.engine.core.Unsigned.hex(pa);
        if (l.leafKind(floor) < 0) {
            return l.name() + " has no " + org.pt.engine.core.SizeUnit.format(floor) + " pages (" + at + ")";
        }
        if (!f.leafReaches(l.archLevel(), floor, pa)) {
            return at + ": " + f.unreachableReason(pa);
        }
        return at + ": the " + l.name() + " entries a " + org.pt.engine.core.SizeUnit.format(floor)
                + " page takes are in use";
    }

    /** How many consecutive leaf groups of {@code kind} fit from s within t0 and the table's end. */
    private long leafRun(Geometry.Level l, int kind, long s, long t0, long pa) {
        long size = l.leafSizes()[kind];
        if (l.leafSpans()[kind] > 1) {
            return 1;
        }
        long tableLast = s | ((l.entrySize() << l.indexBits()) - 1);
        if (l.shift() + l.indexBits() >= 64) {
            tableLast = -1L;
        }
        long end = Long.compareUnsigned(t0, tableLast) < 0 ? t0 : tableLast;
        long n = ((end - s) >>> Long.numberOfTrailingZeros(size)) + ((((end - s) & (size - 1)) == size - 1) ? 1 : 0);
        for (int k = 0; k < kind; k++) {
            // a larger leaf of this level (ARMv7 large page, supersection) may fit from its next boundary on
            long big = l.leafSizes()[k];
            if (((s ^ pa) & (big - 1)) == 0 && (cap == -1L || Long.compareUnsigned(big, cap) <= 0)) {
                n = Math.min(n, (big - (s & (big - 1))) / size);
            }
        }
        return reaching(l.archLevel(), size, pa, n);
    }

    /**
     * How many of the {@code n} consecutive leaves of {@code size} from {@code pa} have entries that can hold their PA.
     * Whether a leaf reaches its PA is monotonic (every PA below a bound: 4 GiB for x86-32 PTEs and ARMv7 sections),
     * so the first leaf that does not reach is found by bisection.
     */
    private long reaching(int archLevel, long size, long pa, long n) {
        if (f.leafReaches(archLevel, size, pa + (n - 1) * size)) {
            return n;
        }
        long lo = -1;
        long hi = n - 1;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (f.leafReaches(archLevel, size, pa + mid * size)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** At most {@code max}, the number of consecutive invalid entries from i (runs into an existing table stop at its first entry in use). */
    private long emptyRun(Geometry.Level l, long table, int i, long max) {
        long n = 1;
        while (n < max && f.kind(mem.read(table + (i + n) * eb), l.archLevel()) == EntryKind.INVALID) {
            n++;
        }
        return n;
    }

    private long template(int d, Geometry.Level l, int kind) {
        long[] cache = templates[d];
        if (cache == null) {
            cache = new long[l.leafSizes().length * 2];
            templates[d] = cache;
        }
        if (cache[kind * 2 + 1] == 0) {
            cache[kind * 2] = f.leafTemplate(attrs, l.archLevel(), l.leafSizes()[kind]);
            cache[kind * 2 + 1] = 1;
        }
        return cache[kind * 2];
    }

    /** Writes {@code groups} consecutive leaves of {@code kind} from entry i, mapping from pa, with this op's attributes. */
    private void writeLeaves(int d, Geometry.Level l, long table, int i, int kind, long pa, long groups) {
        long size = l.leafSizes()[kind];
        int span = l.leafSpans()[kind];
        long tmpl = template(d, l, kind);
        writeLeavesWith(l, table, i, kind, pa, groups, tmpl, size, span);
    }

    private void writeLeavesWith(Geometry.Level l, long table, int i, int kind, long pa, long groups, long tmpl,
            long size, int span) {
        int lvl = l.archLevel();
        long inc = f.linearIncrement(lvl, size);
        long at = table + (long) i * eb;
        if (span == 1 && inc != 0) {
            mem.writeLinear(at, groups, f.withAddress(tmpl, pa, lvl, size), inc);
            return;
        }
        for (long gIdx = 0; gIdx < groups; gIdx++) {
            long v = f.withAddress(tmpl, pa + gIdx * size, lvl, size);
            mem.writeLinear(at + gIdx * span * eb, span, v, 0);
        }
    }

    /**
     * Splits the leaf (group) at entry i into the next size down, preserving every address and attribute: into
     * smaller leaves at the same level (ARMv7 supersection, large page) or into a new table one level down.
     */
    private void split(int d, Geometry.Level l, long table, int i, long e, long gBase) {
        int lvl = l.archLevel();
        long ls = f.leafSize(e, lvl);
        int kind = l.leafKind(ls);
        long base = f.address(e, lvl);
        Attributes a = f.leafAttributes(e, lvl);
        written.add(table);
        if (kind + 1 < l.leafSizes().length) {
            long next = l.leafSizes()[kind + 1];
            int span = l.leafSpans()[kind];
            int first = i & -span;
            long tmpl = f.leafTemplate(a, lvl, next);
            writeLeavesWith(l, table, first, kind + 1, base, ls / next, tmpl, next, l.leafSpans()[kind + 1]);
            events.add(new Event.Split(l.name(), table, first, gBase, ls, l.name(), (int) (ls / next), next));
            return;
        }
        Geometry.Level c = g.level(d + 1);
        long next = c.leafSizes()[0];
        long child = newTable(d + 1, gBase);
        long tmpl = f.leafTemplate(a, c.archLevel(), next);
        writeLeavesWith(c, child, 0, 0, base, l.entrySize() / next, tmpl, next, c.leafSpans()[0]);
        mem.write(table + (long) i * eb, sim.tableEntry(child, lvl));
        events.add(new Event.Split(l.name(), table, i, gBase, ls, c.name(), (int) (l.entrySize() / next), next));
    }

    // ---- tables ------------------------------------------------------------------------------------

    private long newTable(int d, long va) {
        ArrayDeque<Long> q = reserved.get(d);
        Long pa = q.poll();
        if (pa == null) {
            throw new IllegalStateException("planning reserved too few tables at depth " + d);
        }
        mem.reference(pa);
        long served = g.level(d - 1).entrySize();
        events.add(new Event.TableAllocated(g.level(d).name(), pa, AddressRange.ofSize(va, served)));
        return pa;
    }

    /** Drops one reference to a table; frees it and its subtree when none remain. */
    private void release(int d, long table, long va) {
        if (mem.unreference(table) > 0) {
            return;
        }
        Geometry.Level l = g.level(d);
        if (d + 1 < g.depth()) {
            for (int j = 0; j < l.entries(); j++) {
                long e = mem.read(table + (long) j * eb);
                if (f.kind(e, l.archLevel()) == EntryKind.TABLE) {
                    release(d + 1, f.address(e, l.archLevel()), va + j * l.entrySize());
                }
            }
        }
        mem.freeTable(table);
        events.add(new Event.TableFreed(l.name(), table, AddressRange.ofSize(va, g.level(d - 1).entrySize())));
    }

    // ---- planning arithmetic -----------------------------------------------------------------------

    /** Counts the tables below an absent table at depth d needed to map [s, t] from pa, without visiting entries. */
    private void countAbsent(int d, long s, long t, long pa) {
        Geometry.Level l = g.level(d);
        long eSize = l.entrySize();
        long cur = s;
        while (true) {
            long eBase = cur & -eSize;
            long eLast = eBase + eSize - 1;
            long epa = pa + (cur - s);
            long end;
            if (cur == eBase && Long.compareUnsigned(t, eLast) >= 0) {
                long n = ((t - cur) >>> l.shift()) + (((t - cur) & (eSize - 1)) == eSize - 1 ? 1 : 0);
                addFull(d, epa, n);
                end = cur + n * eSize - 1;
            } else {
                end = Long.compareUnsigned(t, eLast) < 0 ? t : eLast;
                need[d + 1]++;
                countAbsent(d + 1, cur, end, epa);
            }
            if (end == t || error != null) {
                return;
            }
            cur = end + 1;
        }
    }

    /** Adds the tables needed for {@code times} full entries at depth d whose PAs are aligned like epa. */
    private void addFull(int d, long epa, long times) {
        Geometry.Level l = g.level(d);
        long eSize = l.entrySize();
        int kind = l.leafKind(eSize);
        if (kind >= 0 && (cap == -1L || Long.compareUnsigned(eSize, cap) <= 0) && (epa & (eSize - 1)) == 0) {
            long leaves = reaching(l.archLevel(), eSize, epa, times);
            if (leaves == times) {
                return;
            }
            // the entries from the first whose PA this leaf size cannot hold need smaller leaves, or are refused
            epa += leaves * eSize;
            times -= leaves;
        }
        if (floor != 0 && Long.compareUnsigned(eSize, floor) <= 0 && l.leafKind(floor) < 0) {
            unmet(va0 + (epa - pa0), cannotHold(l, ABSENT, 0, va0 + (epa - pa0), epa));
            return;
        }
        if (d + 1 >= g.depth()) {
            if (error == null) {
                error = new MappingError.UnreachablePhysical(va0 + (epa - pa0), epa, f.unreachableReason(epa));
            }
            return;
        }
        need[d + 1] += times;
        addFull(d + 1, epa, Math.multiplyExact(times, (long) g.level(d + 1).entries()));
    }

    /**
     * Counts the tables a split of the leaf [base, base+size) at depth d needs so that [s, t] becomes its own
     * leaves: each boundary strictly inside the leaf is carved down until it falls on a leaf edge.
     */
    private void carve(int d, int kind, long base, long size, long s, long t, long leafPa) {
        long[] points = {s, t + 1};
        carvePoints(d, kind, base, size, points, leafPa - base);
    }

    /** @param paOffset the leaf's PA minus its VA, so a sub-leaf at VA v maps PA v + paOffset */
    private void carvePoints(int d, int kind, long base, long size, long[] points, long paOffset) {
        Geometry.Level l = g.level(d);
        int nd;
        int nk;
        if (kind + 1 < l.leafSizes().length) {
            nd = d;
            nk = kind + 1;
        } else {
            need[d + 1]++;
            nd = d + 1;
            nk = 0;
        }
        long next = g.level(nd).leafSizes()[nk];
        if (!f.leafReaches(g.level(nd).archLevel(), next, base + paOffset)) {
            if (error == null) {
                error = new MappingError.UnreachablePhysical(base, base + paOffset,
                        "splitting this " + org.pt.engine.core.SizeUnit.format(size) + " leaf would need smaller leaves; "
                                + f.unreachableReason(base + paOffset));
            }
            return;
        }
        long done = -1;
        for (long p : points) {
            boolean inside = Long.compareUnsigned(p, base) > 0 && Long.compareUnsigned(p - base, size) < 0;
            if (!inside || (p & (next - 1)) == 0) {
                continue;
            }
            long sub = p & -next;
            if (sub == done) {
                continue;
            }
            done = sub;
            carvePoints(nd, nk, sub, next, points, paOffset);
        }
    }
}
