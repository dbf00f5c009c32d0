package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Half;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Query;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Run;
import org.pt.engine.space.TableTree;
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

    static final List<String> ASPECTS = List.of("tables", "pages", "where", "va", "access", EventReport.ASPECT,
            LayoutReport.ASPECT);

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
        if (what.equals(LayoutReport.ASPECT)) {
            return LayoutReport.answer(b.name(), b.spec().layout());
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
        List<Answer.TableLocation> listed = new ArrayList<>();
        Listing<AddressSpace> shown = new Listing<>(WHERE_LIMIT);
        eachTableOnce(space, new TableTree.Visitor() {
            @Override
            public boolean table(Half h, int d, long pa, long va, long last, int references) {
                if (shown.admit(space)) {
                    Optional<AddressRange> translates = d == 0 ? Optional.empty()
                            : Optional.of(AddressRange.inclusive(va, last));
                    listed.add(new Answer.TableLocation(h.geometry().level(d).name(), d, pa, translates,
                            access.locate(space, space, h, d, va, pa)));
                }
                return d + 1 < h.geometry().depth();
            }
        });
        return new Answer.Where(listed, listed.size() + (int) shown.omitted(space));
    }

    /** Mapped bytes per page size; pages seen only through a recursive slot are not counted. */
    static Answer.Pages pages(AddressSpace space) {
        Map<Long, Long> bytesBySize = new java.util.HashMap<>();
        eachTableOnce(space, new TableTree.Visitor() {
            @Override
            public void leaves(Half h, int d, long table, int index, int count, long raw, long increment, long va,
                    long pageSize) {
                // each entry's share of its page (ARMv7 spans: one entry of sixteen)
                bytesBySize.merge(pageSize, count * h.geometry().level(d).entrySize(), Long::sum);
            }
        });
        return new Answer.Pages(bytesBySize);
    }

    /** Traverses {@code space} half by half, a table reached twice in one half only the first time. */
    private static void eachTableOnce(AddressSpace space, TableTree.Visitor v) {
        TableTree tree = space.simulation().tree();
        for (Half h : space.simulation().format().halves()) {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            tree.visit(space, h, null, new TableTree.Visitor() {
                @Override
                public boolean table(Half half, int depth, long pa, long va, long last, int references) {
                    return seen.add(pa) && v.table(half, depth, pa, va, last, references);
                }

                @Override
                public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment,
                        long va, long pageSize) {
                    v.leaves(half, depth, table, index, count, raw, increment, va, pageSize);
                }
            });
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
            if (dm.virt(run.pa()) != run.va().start()) {
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
