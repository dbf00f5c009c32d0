package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Query;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Run;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.Window;

/**
 * The cost report of a space as an {@link Answer.Report} ({@link Messages} renders one line per aspect), in this
 * order:
 * <ul>
 * <li>{@code tables}: tables per level, their bytes, and how many the space shares with other spaces;</li>
 * <li>{@code pages}: the mapped bytes per page size and the pages of each size, whose sum is the TLB entries that
 * cover every mapping (its TLB reach). Pages seen only through a recursive slot are not mappings and not counted;</li>
 * <li>{@code where}: where each table lives in the kernel's virtual memory under the space's strategy (the VA of its
 * first entry), root first, depth first, the first {@value #WHERE_LIMIT};</li>
 * <li>{@code va}: the virtual addresses the strategy takes from the layout;</li>
 * <li>{@code access}: what one table access costs (remaps, TLB invalidations, shootdowns) and what it reaches.</li>
 * </ul>
 * A report names one aspect ({@code report pages}) or none for all five; an unknown aspect is an
 * {@link Answer.UnknownReport}.
 */
final class Costs {

    static final List<String> ASPECTS = List.of("tables", "pages", "where", "va", "access", EventReport.ASPECT);

    /** How many tables a {@code where} report lists before "and N more". */
    static final int WHERE_LIMIT = 12;

    private Costs() {
    }

    /** The report {@code q} asks of space {@code b}, whose strategy resolved to {@code strategy}. */
    static Answer report(BuiltSpace b, Query.Report q, StrategyResolution strategy) {
        String what = q.what().orElse("");
        if (!what.isEmpty() && !ASPECTS.contains(what)) {
            return new Answer.UnknownReport(what, ASPECTS);
        }
        boolean all = what.isEmpty();
        Optional<Answer.Tables> tables = all || what.equals("tables") ? Optional.of(tables(b.space())) : Optional.empty();
        Optional<Answer.Pages> pages = all || what.equals("pages") ? Optional.of(pages(b.space())) : Optional.empty();
        Answer.StrategyUse use;
        if (!all && !List.of("where", "va", "access").contains(what)) {
            use = new Answer.StrategyUse.NotAsked();
        } else if (strategy instanceof StrategyResolution.Resolved r) {
            TableAccess access = r.access();
            use = new Answer.StrategyUse.Usable(access,
                    all || what.equals("where") ? Optional.of(where(b.space(), access)) : Optional.empty(),
                    all || what.equals("va") ? Optional.of(va(b.space(), access)) : Optional.empty(),
                    all || what.equals("access") ? Optional.of(access.cost()) : Optional.empty());
        } else {
            use = strategy instanceof StrategyResolution.None ? new Answer.StrategyUse.NoStrategy()
                    : new Answer.StrategyUse.Unusable();
        }
        return new Answer.Report(b.name(), tables, pages, use);
    }

    /** The space's tables per level, their bytes, and how many other spaces share. */
    static Answer.Tables tables(AddressSpace space) {
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
        return new Answer.Tables(mine.size(), bytes, space.tablesPerLevel(), shared);
    }

    /** Where the strategy reads each table of the space, root first, depth first: the first {@value #WHERE_LIMIT}. */
    static Answer.Where where(AddressSpace space, TableAccess access) {
        PagingFormat f = space.simulation().format();
        List<Answer.TableLocation> listed = new ArrayList<>();
        int[] total = {0};
        for (Half h : f.halves()) {
            Geometry.Level top = h.geometry().level(0);
            long base = h.ranges().size() == 1 ? h.ranges().get(0).start() : 0;
            where(space, access, h, 0, space.root(h.index()), base, top.shift() + top.indexBits(), h.ranges().size() > 1,
                    listed, total, new java.util.HashSet<>());
        }
        return new Answer.Where(listed, total[0]);
    }

    private static void where(AddressSpace space, TableAccess access, Half h, int d, long table, long va, int vaBits,
            boolean signExtend, List<Answer.TableLocation> listed, int[] total, java.util.Set<Long> seen) {
        if (!seen.add(table)) {
            return;
        }
        Geometry g = h.geometry();
        Geometry.Level l = g.level(d);
        total[0]++;
        if (listed.size() < WHERE_LIMIT) {
            Optional<AddressRange> translates = d == 0 ? Optional.empty()
                    : Optional.of(AddressRange.ofSize(va, g.level(d - 1).entrySize()));
            listed.add(new Answer.TableLocation(l.name(), d, table, translates, access.locate(space, space, h, d, va, table)));
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
            where(space, access, h, d + 1, child, childVa, vaBits, signExtend, listed, total, seen);
        }
    }

    /** Mapped bytes per page size; pages seen only through a recursive slot are not counted. */
    static Answer.Pages pages(AddressSpace space) {
        Map<Long, Long> bytesBySize = new java.util.HashMap<>();
        PagingFormat f = space.simulation().format();
        for (Half h : f.halves()) {
            leaves(space, h, 0, space.root(h.index()), bytesBySize, new java.util.HashSet<>());
        }
        return new Answer.Pages(bytesBySize);
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

    /** The VA the strategy takes, with what a direct map (also a window's bootstrap) covers. */
    static Answer.VaTaken va(AddressSpace space, TableAccess access) {
        TableAccess mapped = access instanceof Window w ? w.bootstrap() : access;
        return new Answer.VaTaken(access.vaUse(), mapped instanceof DirectMap dm ? Optional.of(coverage(space, dm))
                : Optional.empty());
    }

    /** The physical ranges a direct map covers in the space, at its offset, merged. */
    static Answer.Coverage coverage(AddressSpace space, DirectMap dm) {
        List<AddressRange> covered = new ArrayList<>();
        for (Run run : space.runs(dm.range())) {
            if (run.pa() != run.va().start() - dm.range().start()) {
                continue; // not at the direct map's offset: it does not serve the strategy
            }
            AddressRange pa = AddressRange.ofSize(run.pa(), run.va().size());
            if (!covered.isEmpty() && covered.get(covered.size() - 1).last() + 1 == pa.start()) {
                AddressRange prev = covered.remove(covered.size() - 1);
                pa = AddressRange.inclusive(prev.start(), pa.last());
            }
            covered.add(pa);
        }
        return new Answer.Coverage(dm.region(), covered);
    }
}
