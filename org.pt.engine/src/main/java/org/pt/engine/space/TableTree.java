package org.pt.engine.space;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;

/**
 * The one traversal of a space's table tree: every table (root first, depth first, entries in index order), every
 * leaf and every self-referencing entry, each with its half, depth, table, index, raw entry and the VA it translates.
 * {@code runs}, the hazard checks, strategy verification, cost reports, compaction (which lists the tables, then edits)
 * and emitters all read the tree through it.
 *
 * <p><b>Which entries are followed.</b> An entry is followed when the format reads it as a table entry, it is not at
 * the last depth, and it points at a table that the memory records as a table of the next level of the walk. Any
 * other table entry ({@link Visitor#selfMap}) maps tables rather than memory and is not followed: a recursive slot
 * (pointing at the root or, on PAE, at a page directory), a foreign slot (at another space's root), or an entry
 * pointing at no table. Following one would list every entry of the space again as a page, or loop. This is the only
 * place that rule is written.
 *
 * <p><b>VAs.</b> The VA of an entry is that of its first byte, sign-extended in a half that holds both ends of a
 * sign-extended space (x86_64, RISC-V); in AArch64's TTBR1 half it starts at the bottom of the high half.
 *
 * <p><b>Leaves come in groups.</b> Consecutive leaves of one table whose raw entries step by the format's
 * {@link PagingFormat#linearIncrement} (equal flags, contiguous physical addresses: a direct map) are one call: the
 * k-th entry is {@code raw + k * increment}. A full table of 512 such PTEs is one call, so a traversal of 16 M pages
 * costs 32 K calls; a visitor that needs each entry loops over the group. A leaf that spans several entries (ARMv7
 * large pages and supersections) is reported once per entry, each with the span's page size.
 *
 * <p><b>Ranges.</b> {@link #visit(AddressSpace, AddressRange, Visitor)} reads only the entries whose VA range overlaps
 * the given range and never enters a table outside it; an entry at either edge is reported whole.
 *
 * <p><b>Sharing.</b> {@link Visitor#table} gets the table's reference count (entries and root registers pointing at
 * it): above one for a table several spaces share, and for a table a recursive entry also points at.
 * {@link #holders} says exactly which spaces reach each table.
 *
 * <p>A traversal allocates one entry buffer per depth and nothing per table or entry. It reads the tables as they are
 * while it runs: a visitor must not change them.
 */
public final class TableTree {

    /**
     * What a traversal reports. Every method has an empty default, so a visitor overrides what it needs. Halves are
     * the format's {@link Half} records; {@code depth} counts from the root (0), {@code half.geometry().level(depth)}
     * is the level.
     */
    public interface Visitor {
        /**
         * A table, before its entries. {@code va} is the VA its entry 0 translates, {@code last} the last VA its last
         * entry translates. Return false to skip its entries (a visitor of tables only skips the last level this way).
         */
        default boolean table(Half half, int depth, long pa, long va, long last, int references) {
            return true;
        }

        /**
         * {@code count} consecutive leaf entries of the table at {@code table} from {@code index}: the first is
         * {@code raw} and translates from {@code va}; each is {@code raw + k * increment} (increment 0 when
         * {@code count} is 1) and maps a page of {@code pageSize} (larger than an entry for a spanning leaf).
         */
        default void leaves(Half half, int depth, long table, int index, int count, long raw, long increment, long va,
                long pageSize) {
        }

        /** A table entry that is not followed (recursive, foreign, or pointing at no table of the next level). */
        default void selfMap(Half half, int depth, long table, int index, long raw, long va) {
        }
    }

    private final PagingFormat f;
    private final PhysicalMemory mem;

    public TableTree(Simulation sim) {
        this.f = sim.format();
        this.mem = sim.memory();
    }

    /** Every table, leaf and self-map entry of {@code s}, half by half. */
    public void visit(AddressSpace s, Visitor v) {
        for (Half h : f.halves()) {
            visit(s, h, null, v);
        }
    }

    /** The tables, leaves and self-map entries of {@code s} that translate VAs inside {@code range}. */
    public void visit(AddressSpace s, AddressRange range, Visitor v) {
        for (Half h : f.halves()) {
            visit(s, h, range, v);
        }
    }

    /** One half of {@code s}; {@code range} null for the whole half. Nothing is reported when the range misses the half. */
    public void visit(AddressSpace s, Half h, AddressRange range, Visitor v) {
        if (range != null && h.ranges().stream().noneMatch(range::overlaps)) {
            return;
        }
        Geometry g = h.geometry();
        int maxEntries = 0;
        for (Geometry.Level l : g.levels()) {
            maxEntries = Math.max(maxEntries, l.entries());
        }
        Walker w = new Walker(s, h, v, new long[g.depth()][maxEntries]);
        long root = s.root(h.index());
        Geometry.Level top = g.level(0);
        long rootVa = h.ranges().size() == 1 ? h.ranges().get(0).start() : 0;
        int vaBits = h.ranges().size() > 1 ? top.shift() + top.indexBits() : 64;
        long rootLast = w.entryVa(rootVa, top.entries() - 1, top, vaBits) + (top.entrySize() - 1);
        PhysicalMemory.TableInfo info = mem.table(root);
        if (!v.table(h, 0, root, rootVa, rootLast, info == null ? 0 : info.references())) {
            return;
        }
        for (AddressRange part : h.ranges()) {
            AddressRange r = range == null ? part : range.intersection(part).orElse(null);
            if (r != null) {
                w.entries(0, root, rootVa, vaBits, g.index(r.start(), 0), g.index(r.last(), 0), r);
            }
        }
    }

    /** The state of one traversal of one half. */
    private final class Walker {
        private final Half h;
        private final Geometry g;
        private final Visitor v;
        private final long[][] buffers;
        private final long root;
        private final int eb = f.entryBytes();

        Walker(AddressSpace s, Half h, Visitor v, long[][] buffers) {
            this.h = h;
            this.g = h.geometry();
            this.v = v;
            this.buffers = buffers;
            this.root = s.root(h.index());
        }

        /** VA of entry {@code i} of a table whose entry 0 translates {@code base}. */
        long entryVa(long base, int i, Geometry.Level l, int vaBits) {
            long va = base + ((long) i << l.shift());
            return vaBits < 64 ? (va << (64 - vaBits)) >> (64 - vaBits) : va;
        }

        /** Entries {@code lo..hi} of the table at {@code table} (depth {@code d}, entry 0 at {@code base}). */
        void entries(int d, long table, long base, int vaBits, int lo, int hi, AddressRange range) {
            Geometry.Level l = g.level(d);
            if (lo == 0 && hi == l.entries() - 1 && l.tableBytes() == mem.frameBytes()
                    && linearLeaves(d, l, table, base, vaBits)) {
                return;
            }
            int arch = l.archLevel();
            boolean last = d + 1 >= g.depth();
            int nextArch = last ? -1 : g.level(d + 1).archLevel();
            long[] e = buffers[d];
            mem.readEntries(table, lo, hi - lo + 1, e);
            int groupStart = -1; // first entry of the open leaf group
            long groupRaw = 0;
            long increment = 0;
            long groupSize = 0;
            long expected = 0; // the raw entry that would continue the open group
            for (int i = lo; i <= hi; i++) {
                long raw = e[i];
                if (groupStart >= 0) {
                    if (raw == expected && increment != 0) {
                        expected += increment;
                        continue;
                    }
                    v.leaves(h, d, table, groupStart, i - groupStart, groupRaw, i - groupStart > 1 ? increment : 0,
                            entryVa(base, groupStart, l, vaBits), groupSize);
                    groupStart = -1;
                }
                EntryKind k = f.kind(raw, arch);
                if (k == EntryKind.LEAF) {
                    groupStart = i;
                    groupRaw = raw;
                    groupSize = f.leafSize(raw, arch);
                    increment = groupSize == l.entrySize() ? f.linearIncrement(arch, groupSize) : 0;
                    expected = raw + increment;
                } else if (k == EntryKind.TABLE && !last) {
                    long child = f.address(raw, arch);
                    long va = entryVa(base, i, l, vaBits);
                    PhysicalMemory.TableInfo info = child == root ? null : mem.table(child);
                    if (info == null || info.archLevel() != nextArch) {
                        v.selfMap(h, d, table, i, raw, va);
                        continue;
                    }
                    Geometry.Level next = g.level(d + 1);
                    long childLast = va + (l.entrySize() - 1);
                    if (v.table(h, d + 1, child, va, childLast, info.references())) {
                        int clo = 0;
                        int chi = next.entries() - 1;
                        if (range != null) {
                            if (Long.compareUnsigned(range.start(), va) > 0) {
                                clo = g.index(range.start(), d + 1);
                            }
                            if (Long.compareUnsigned(range.last(), childLast) < 0) {
                                chi = g.index(range.last(), d + 1);
                            }
                        }
                        entries(d + 1, child, va, 64, clo, chi, range);
                    }
                }
            }
            if (groupStart >= 0) {
                v.leaves(h, d, table, groupStart, hi + 1 - groupStart, groupRaw, hi > groupStart ? increment : 0,
                        entryVa(base, groupStart, l, vaBits), groupSize);
            }
        }

        /**
         * A whole table of one group of leaves that the memory knows to be one ({@link PhysicalMemory#isLinearFrame}:
         * one run wrote the frame whole with the increment the group steps by): reported as the scan below reports it,
         * in one call, with only the first entry read. A direct map of 16 M pages is 32 K such tables. False when the
         * memory does not know it: then the entries are scanned.
         */
        private boolean linearLeaves(int d, Geometry.Level l, long table, long base, int vaBits) {
            int arch = l.archLevel();
            long raw = mem.read(table);
            if (f.kind(raw, arch) != EntryKind.LEAF || f.leafSize(raw, arch) != l.entrySize()) {
                return false;
            }
            long increment = f.linearIncrement(arch, l.entrySize());
            if (!mem.isLinearFrame(table, increment)) {
                return false;
            }
            v.leaves(h, d, table, 0, l.entries(), raw, increment, entryVa(base, 0, l, vaBits), l.entrySize());
            return true;
        }
    }

    /** Every table of {@code s} (one traversal that reads no last-level table). */
    public Set<Long> tables(AddressSpace s) {
        Set<Long> out = new java.util.HashSet<>();
        visit(s, new Visitor() {
            @Override
            public boolean table(Half half, int depth, long pa, long va, long last, int references) {
                out.add(pa);
                return depth + 1 < half.geometry().depth();
            }
        });
        return out;
    }

    /** Tables of {@code s} per level name, every level listed (0 when it has none), root level first. */
    public Map<String, Long> tablesPerLevel(AddressSpace s) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Half h : f.halves()) {
            for (Geometry.Level l : h.geometry().levels()) {
                out.putIfAbsent(l.name(), 0L);
            }
        }
        visit(s, new Visitor() {
            @Override
            public boolean table(Half half, int depth, long pa, long va, long last, int references) {
                out.merge(half.geometry().level(depth).name(), 1L, Long::sum);
                return depth + 1 < half.geometry().depth();
            }
        });
        return out;
    }

    /** For every table of {@code spaces}, the names (sorted) of the spaces whose trees reach it. */
    public Map<Long, Set<String>> holders(List<AddressSpace> spaces) {
        Map<Long, Set<String>> out = new java.util.HashMap<>();
        for (AddressSpace s : spaces) {
            for (long t : tables(s)) {
                out.computeIfAbsent(t, k -> new TreeSet<>()).add(s.name());
            }
        }
        return out;
    }

    /** Whether every entry of the table at {@code pa} (of {@code l}) is invalid. */
    public boolean isEmpty(Geometry.Level l, long pa) {
        int eb = f.entryBytes();
        for (int j = 0; j < l.entries(); j++) {
            if (f.kind(mem.read(pa + (long) j * eb), l.archLevel()) != EntryKind.INVALID) {
                return false; // most tables stop at their first entries: no bulk read, nothing allocated
            }
        }
        return true;
    }

}
