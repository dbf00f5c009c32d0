package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Query;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.strategy.AccessCost;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.VaUse;
import org.pt.engine.strategy.Window;

/**
 * The cost report of a space: one {@link Code#COST} info per aspect, each on the report statement, in this order:
 * <ul>
 * <li>{@code tables}: tables per level, their bytes, and how many the space shares with other spaces;</li>
 * <li>{@code pages}: the mapped bytes per page size and the pages of each size, whose sum is the TLB entries that
 * cover every mapping (its TLB reach). Pages seen only through a recursive slot are not mappings and not counted;</li>
 * <li>{@code where}: where each table lives in the kernel's virtual memory under the space's strategy (the VA of its
 * first entry), root first, depth first, the first {@value #WHERE_LIMIT};</li>
 * <li>{@code va}: the virtual addresses the strategy takes from the layout;</li>
 * <li>{@code access}: what one table access costs (remaps, TLB invalidations, shootdowns) and what it reaches.</li>
 * </ul>
 * A report names one aspect ({@code report pages}) or none for all five. An unknown aspect is a {@link Code#REPORT}
 * error naming the four.
 */
final class Costs {

    static final List<String> ASPECTS = List.of("tables", "pages", "where", "va", "access", EventReport.ASPECT);

    /** How many tables a {@code where} report lists before "and N more". */
    static final int WHERE_LIMIT = 12;

    private Costs() {
    }

    static List<Finding> report(BuiltSpace b, Query.Report q, Map<String, BuiltSpace> all) {
        Subject at = new Subject.QueryRef(b.name(), q.index());
        String what = q.what().orElse("");
        if (!what.isEmpty() && !ASPECTS.contains(what)) {
            return List.of(Finding.error(Code.UNKNOWN_REPORT, "unknown report '" + what + "': one of " + String.join(", ", ASPECTS),
                    at).withData("aspects", String.join(",", ASPECTS)));
        }
        List<Finding> out = new ArrayList<>();
        if (what.isEmpty() || what.equals("tables")) {
            out.add(Finding.info(Code.COST_REPORT, tables(b, all), at));
        }
        if (what.isEmpty() || what.equals("pages")) {
            out.add(Finding.info(Code.COST_REPORT, pages(b.space()), at));
        }
        Strategies.Resolution r = Strategies.resolve(b.spec());
        if (!(r instanceof Strategies.Resolution.Resolved resolved)) {
            if (what.isEmpty() || what.equals("where") || what.equals("va") || what.equals("access")) {
                out.add(Finding.info(Code.COST_REPORT, r instanceof Strategies.Resolution.None
                        ? "space '" + b.name() + "' names no strategy for reaching page tables"
                        : "the strategy of space '" + b.name() + "' is not usable (see its error)", at));
            }
            return out;
        }
        if (what.isEmpty() || what.equals("where")) {
            out.add(Finding.info(Code.COST_REPORT, where(b, resolved.access()), at));
        }
        if (what.isEmpty() || what.equals("va")) {
            out.add(Finding.info(Code.COST_REPORT, va(b, resolved.access()), at));
        }
        if (what.isEmpty() || what.equals("access")) {
            out.add(Finding.info(Code.COST_REPORT, access(resolved.access()), at));
        }
        return out;
    }

    /** {@code space 'kernel' has 7 tables (28 KiB): 1 PML4, 2 PDPT, 2 PD, 2 PT; 3 of them shared with other spaces} */
    static String tables(BuiltSpace b, Map<String, BuiltSpace> all) {
        AddressSpace space = b.space();
        PhysicalMemory mem = space.simulation().memory();
        java.util.Set<Long> mine = space.simulation().tablesOf(space);
        java.util.Set<Long> others = new java.util.HashSet<>();
        for (AddressSpace o : space.simulation().spaces()) {
            if (o != space) {
                others.addAll(space.simulation().tablesOf(o));
            }
        }
        long bytes = 0;
        int shared = 0;
        for (long t : mine) {
            bytes += mem.table(t).bytes();
            if (others.contains(t)) {
                shared++;
            }
        }
        StringBuilder sb = new StringBuilder("space '").append(b.name()).append("' has ").append(mine.size())
                .append(mine.size() == 1 ? " table (" : " tables (").append(SizeUnit.format(bytes)).append("):");
        String sep = " ";
        for (Map.Entry<String, Long> e : space.tablesPerLevel().entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        if (shared > 0) {
            sb.append("; ").append(shared).append(shared == 1 ? " of them is" : " of them are")
                    .append(" shared with other spaces");
        }
        return sb.toString();
    }

    /**
     * {@code tables of 'kernel' through recursive slot PML4[510]: PML4 0x200_0000 at 0xffff_ff7f_bfdf_e000; PDPT
     * 0x200_1000 (0xffff_8880_0000_0000) at 0xffff_ff7f_bfc8_8000; ...}
     */
    static String where(BuiltSpace b, TableAccess access) {
        AddressSpace space = b.space();
        PagingFormat f = space.simulation().format();
        StringBuilder sb = new StringBuilder("tables of '").append(b.name()).append("' through ").append(access.describe())
                .append(':');
        int[] listed = {0, 0};
        for (Half h : f.halves()) {
            Geometry.Level top = h.geometry().level(0);
            long base = h.ranges().size() == 1 ? h.ranges().get(0).start() : 0;
            where(space, access, h, 0, space.root(h.index()), base, top.shift() + top.indexBits(), h.ranges().size() > 1,
                    sb, listed, new java.util.HashSet<>());
        }
        if (listed[1] > listed[0]) {
            sb.append(" (and ").append(listed[1] - listed[0]).append(" more)");
        }
        return sb.toString();
    }

    private static void where(AddressSpace space, TableAccess access, Half h, int d, long table, long va, int vaBits,
            boolean signExtend, StringBuilder sb, int[] listed, java.util.Set<Long> seen) {
        if (!seen.add(table)) {
            return;
        }
        Geometry g = h.geometry();
        Geometry.Level l = g.level(d);
        listed[1]++;
        if (listed[0] < WHERE_LIMIT) {
            listed[0]++;
            sb.append(listed[0] == 1 ? " " : "; ").append(l.name()).append(' ').append(Unsigned.hex(table));
            if (d > 0) {
                sb.append(" (").append(Unsigned.hex(va)).append(')');
            }
            sb.append(' ').append(describe(access.locate(space, space, h, d, va, table)));
        }
        if (d + 1 >= g.depth()) {
            return;
        }
        PagingFormat f = space.simulation().format();
        PhysicalMemory mem = space.simulation().memory();
        for (int i = 0; i < l.entries(); i++) {
            long e = mem.read(table + (long) i * f.entryBytes());
            if (f.kind(e, l.archLevel()) != EntryKind.TABLE) {
                continue;
            }
            long child = f.address(e, l.archLevel());
            PhysicalMemory.TableInfo info = mem.table(child);
            if (info == null || info.archLevel() != g.level(d + 1).archLevel()) {
                continue; // a recursive or foreign slot
            }
            long childVa = va + i * l.entrySize();
            if (signExtend && vaBits < 64) {
                childVa = (childVa << (64 - vaBits)) >> (64 - vaBits);
            }
            where(space, access, h, d + 1, child, childVa, vaBits, signExtend, sb, listed, seen);
        }
    }

    private static String describe(org.pt.engine.strategy.Location loc) {
        if (loc instanceof org.pt.engine.strategy.Location.At at) {
            return "at " + Unsigned.hex(at.va());
        }
        if (loc instanceof org.pt.engine.strategy.Location.Foreign fo) {
            return "at " + Unsigned.hex(fo.va()) + " once " + fo.level() + "[" + fo.slot() + "] holds its root";
        }
        if (loc instanceof org.pt.engine.strategy.Location.Windowed w) {
            return "at " + Unsigned.hex(w.va()) + " after a remap of the window";
        }
        if (loc instanceof org.pt.engine.strategy.Location.Skipped sk) {
            return "not read (" + sk.why() + ")";
        }
        return "unreachable (" + ((org.pt.engine.strategy.Location.Unreachable) loc).reason() + ")";
    }

    /** {@code space 'kernel' maps 4 GiB in 4 pages of 1 GiB and 64 KiB in 16 pages of 4 KiB: 20 TLB entries cover it} */
    static String pages(AddressSpace space) {
        Map<Long, Long> bytesBySize = new TreeMap<>(Collections.reverseOrder(Long::compareUnsigned));
        PagingFormat f = space.simulation().format();
        for (Half h : f.halves()) {
            leaves(space, h, 0, space.root(h.index()), bytesBySize, new java.util.HashSet<>());
        }
        if (bytesBySize.isEmpty()) {
            return "space '" + space.name() + "' maps nothing";
        }
        StringBuilder sb = new StringBuilder("space '").append(space.name()).append("' maps ");
        long entries = 0;
        int k = 0;
        for (Map.Entry<Long, Long> e : bytesBySize.entrySet()) {
            long pages = e.getValue() / e.getKey();
            entries += pages;
            sb.append(k == 0 ? "" : k == bytesBySize.size() - 1 ? " and " : ", ").append(SizeUnit.format(e.getValue()))
                    .append(" in ").append(pages).append(pages == 1 ? " page of " : " pages of ")
                    .append(SizeUnit.format(e.getKey()));
            k++;
        }
        return sb.append(": ").append(entries).append(entries == 1 ? " TLB entry covers" : " TLB entries cover")
                .append(" every mapping").toString();
    }

    /** Adds each leaf's share of its page (ARMv7 spans: one entry of sixteen) per page size; skips recursive entries. */
    private static void leaves(AddressSpace space, Half h, int d, long table, Map<Long, Long> out, java.util.Set<Long> seen) {
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
                    leaves(space, h, d + 1, child, out, seen);
                }
            }
        }
    }

    /** {@code recursive slot PML4[510] takes 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) of VA} */
    static String va(BuiltSpace b, TableAccess access) {
        VaUse use = access.vaUse();
        StringBuilder sb = new StringBuilder(use.what()).append(" takes ");
        List<AddressRange> ranges = use.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            sb.append(i == 0 ? "" : i == ranges.size() - 1 ? " and " : ", ").append(ranges.get(i));
        }
        sb.append(" of VA");
        if (!use.note().isEmpty()) {
            sb.append("; ").append(use.note());
        }
        TableAccess mapped = access instanceof Window w ? w.bootstrap() : access;
        if (mapped instanceof DirectMap dm) {
            sb.append("; '").append(dm.region()).append("' maps ").append(Strategies.coverage(b.space(), dm));
        }
        return sb.toString();
    }

    /** {@code one table access by window 'w' costs 1 remap ... ; it reaches any table of any space, ...} */
    static String access(TableAccess access) {
        AccessCost c = access.cost();
        StringBuilder sb = new StringBuilder("one table access by ").append(access.describe()).append(" costs ");
        if (c.isFree()) {
            sb.append("no remap and no TLB invalidation");
        } else {
            sb.append(c.remaps()).append(c.remaps() == 1 ? " remap (a page-table entry write) and " : " remaps and ")
                    .append(c.invalidations()).append(c.invalidations() == 1 ? " TLB invalidation (" : " TLB invalidations (")
                    .append(c.invalidation()).append(')');
            if (access instanceof Window w) {
                if (c.shootdownCpus() > 0) {
                    sb.append(", plus a TLB shootdown to ").append(c.shootdownCpus()).append(" other CPU")
                            .append(c.shootdownCpus() == 1 ? "" : "s").append(" (one window page for ")
                            .append(c.shootdownCpus() + 1).append(" CPUs)");
                } else {
                    sb.append(w.perCpu() ? " and no shootdown (one window page per CPU)" : " and no shootdown (1 CPU)");
                }
            }
        }
        return sb.append("; it reaches ").append(access.reaches()).toString();
    }
}
