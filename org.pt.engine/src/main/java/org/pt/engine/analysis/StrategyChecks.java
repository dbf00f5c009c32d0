package org.pt.engine.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.Feasibility;
import org.pt.engine.strategy.Identity;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.SelfEntry;
import org.pt.engine.strategy.TableOffset;
import org.pt.engine.strategy.Window;

/**
 * A space's strategy against its layout and machine, the rules that need the spec: each strategy's region exists and
 * has the purpose it needs; a window is page-aligned, holds a page per CPU and names how its own page table is
 * reached; a recursive slot is exactly one top-level entry (on PAE four page-directory entries, 8 MiB at a 2 MiB
 * boundary inside one GiB, in a page directory of the space's own), collides with no region, and a foreign slot is
 * another free top-level entry; no mapping of the space lies in either slot. A slot collision carries the free slot
 * its quick fix moves to ({@code freeSlot=N}). Runs once per space, when it is built ({@link Analysis}); the result is
 * kept in {@link BuiltSpace#strategy()}.
 */
final class StrategyChecks {

    private StrategyChecks() {
    }

    /** The space's strategy against its layout and machine. */
    static StrategyResolution resolve(SpaceSpec s) {
        if (s.strategy().isEmpty()) {
            return StrategyResolution.NONE;
        }
        return resolve(s, s.strategy().get());
    }

    private static StrategyResolution refused(Finding f) {
        return new StrategyResolution.Refused(List.of(f));
    }

    private static StrategyResolution resolve(SpaceSpec s, StrategySpec st) {
        Layout l = s.layout();
        Machine m = l.machine();
        PagingFormat f = m.format();
        Subject at = new Subject.StrategyRef(s.name());
        if (st instanceof StrategySpec.Identity) {
            return new StrategyResolution.Resolved(new Identity(m.tablePools()));
        }
        String regionName = st instanceof StrategySpec.Recursive r ? r.region()
                : st instanceof StrategySpec.DirectMap d ? d.region()
                : st instanceof StrategySpec.TableOffset t ? t.region() : ((StrategySpec.Window) st).region();
        Optional<Region> region = l.region(regionName);
        if (region.isEmpty()) {
            return refused(Finding.error(Code.STRATEGY_REGION_MISSING, "the strategy of space '" + s.name()
                    + "' uses region '" + regionName + "', which layout '" + l.name() + "' does not have", at));
        }
        Region r = region.get();
        Subject rat = new Subject.RegionRef(l.name(), r.name());
        if (st instanceof StrategySpec.Recursive rec) {
            if (r.purpose() != Purpose.SELF_MAP) {
                return wrongPurpose(s, "recursive", Purpose.SELF_MAP.keyword(), r, at, rat);
            }
            return recursive(s, rec, r, at, rat);
        }
        if (st instanceof StrategySpec.DirectMap) {
            if (r.purpose() != Purpose.DIRECT_MAP) {
                return wrongPurpose(s, "direct-map", Purpose.DIRECT_MAP.keyword(), r, at, rat);
            }
            return new StrategyResolution.Resolved(new DirectMap(r.name(), r.range(), r.physicalBase()));
        }
        if (st instanceof StrategySpec.TableOffset) {
            if (!r.purpose().isKernel()) {
                return wrongPurpose(s, "table-map", "kernel-half", r, at, rat);
            }
            if (m.tablePools().isEmpty()) {
                return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "machine '" + m.name()
                        + "' has no table pool for the table map of space '" + s.name() + "' to offset from", at));
            }
            long base = m.tablePools().stream().mapToLong(AddressRange::start).min().getAsLong();
            return new StrategyResolution.Resolved(new TableOffset(r.name(), r.range(), base));
        }
        StrategySpec.Window w = (StrategySpec.Window) st;
        if (r.purpose() != Purpose.WINDOW) {
            return wrongPurpose(s, "window", Purpose.WINDOW.keyword(), r, at, rat);
        }
        Half h = f.halfOf(r.range().start());
        if (h == null) {
            return new StrategyResolution.Refused(List.of()); // LayoutChecks reports the untranslatable region
        }
        long page = h.geometry().smallestPage();
        int pages = w.perCpu() ? m.cpus() : 1;
        if (!Unsigned.isAligned(r.range().start(), page)) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "window '" + r.name() + "' " + r.range()
                    + " does not start at a " + SizeUnit.format(page) + " page boundary", at, rat));
        }
        if (Long.compareUnsigned(r.range().size() / page, pages) < 0) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "window '" + r.name() + "' " + r.range()
                    + " holds " + r.range().size() / page + " page" + (r.range().size() / page == 1 ? "" : "s")
                    + "; one window page per CPU for " + pages + " CPUs needs " + SizeUnit.format(pages * page), at, rat));
        }
        if (w.bootstrap().isEmpty()) {
            return refused(Finding.error(Code.WINDOW_UNREACHABLE, "window '" + r.name() + "' of space '" + s.name()
                    + "' names no strategy that reaches its own page table", at, rat));
        }
        if (w.bootstrap().get() instanceof StrategySpec.Window) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "window '" + r.name() + "' of space '" + s.name()
                    + "' cannot reach its own page table through another window", at, rat));
        }
        StrategyResolution boot = resolve(s, w.bootstrap().get());
        if (!(boot instanceof StrategyResolution.Resolved b)) {
            return boot;
        }
        return new StrategyResolution.Resolved(new Window(f, r.name(), r.range(), w.perCpu(), m.cpus(), b.access()));
    }

    private static StrategyResolution wrongPurpose(SpaceSpec s, String kind, String purpose, Region r, Subject at, Subject rat) {
        return refused(Finding.error(Code.STRATEGY_REGION_MISSING, "the " + kind + " strategy of space '" + s.name()
                + "' needs a " + purpose + " region, but region '" + r.name() + "' " + r.range() + " is a "
                + r.purpose().keyword() + " region", at, rat));
    }

    private static StrategyResolution recursive(SpaceSpec s, StrategySpec.Recursive rec, Region r, Subject at, Subject rat) {
        Layout l = s.layout();
        PagingFormat f = l.machine().format();
        Optional<String> refusal = f.recursiveRefusal();
        Half h = f.halfOf(r.range().start());
        if (refusal.isPresent()) {
            Finding why = Finding.error(Code.STRATEGY_INFEASIBLE, "a recursive slot is impossible on " + f.name() + ": "
                    + refusal.get(), at, rat);
            return refused(h == null || !h.contains(r.range()) ? why
                    : selfEntry(why, s, h, r.topLevelSlot().orElse(h.geometry().index(r.range().start(), 0))));
        }
        if (h == null || !h.contains(r.range())) {
            return new StrategyResolution.Refused(List.of()); // LayoutChecks reports the untranslatable region
        }
        Geometry g = h.geometry();
        if (f instanceof X86Format x && x.mode() == X86Format.Mode.PAE) {
            return pae(s, rec, r, h, at, rat);
        }
        int slot = r.topLevelSlot().orElse(g.index(r.range().start(), 0));
        if (slot < 0 || slot >= g.level(0).entries()) {
            return new StrategyResolution.Refused(List.of()); // LayoutChecks reports the slot out of range
        }
        AddressRange want = Slots.range(f, h, slot);
        String slotName = g.level(0).name() + "[" + slot + "]";
        if (!want.equals(r.range())) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "a recursive slot is one top-level entry, such as "
                    + slotName + " " + want + "; region '" + r.name() + "' is " + r.range(), at, rat));
        }
        Recursive access = Recursive.topLevel(f, h, slot, rec.foreignSlot(), r.name());
        if (access.feasibility() instanceof Feasibility.Infeasible in) {
            return refused(selfEntry(Finding.error(Code.STRATEGY_INFEASIBLE, "a recursive slot is impossible in the "
                    + h.rootRegister() + " half of " + f.name() + ": " + in.reason(), at, rat), s, h, slot));
        }
        for (Region other : l.regions()) {
            if (other != r && other.purpose() != Purpose.SELF_MAP && other.range().overlaps(want)) {
                return refused(collision(s, "recursive slot " + slotName + " " + want + " of region '" + r.name()
                        + "' overlaps region '" + other.name() + "' " + other.range(), h, Set.of(slot), at, rat)
                        .withData(COLLIDES, RECURSIVE));
            }
        }
        if (rec.foreignSlot().isPresent()) {
            int fs = rec.foreignSlot().getAsInt();
            if (fs < 0 || fs >= g.level(0).entries()) {
                return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "foreign slot " + fs + " is not a "
                        + g.level(0).name() + " entry (0 to " + (g.level(0).entries() - 1) + ")", at));
            }
            String fsName = g.level(0).name() + "[" + fs + "]";
            if (fs == slot) {
                return refused(collision(s, "foreign slot " + fsName + " is the recursive slot itself", h, Set.of(slot), at)
                        .withData(COLLIDES, FOREIGN));
            }
            AddressRange frange = Slots.range(f, h, fs);
            for (Region other : l.regions()) {
                if (other.purpose() != Purpose.SELF_MAP && other.range().overlaps(frange)) {
                    return refused(collision(s, "foreign slot " + fsName + " " + frange + " overlaps region '"
                            + other.name() + "' " + other.range(), h, Set.of(slot, fs), at,
                            new Subject.RegionRef(l.name(), other.name())).withData(COLLIDES, FOREIGN));
                }
            }
        }
        return new StrategyResolution.Resolved(access);
    }

    private static StrategyResolution pae(SpaceSpec s, StrategySpec.Recursive rec, Region r, Half h, Subject at, Subject rat) {
        PagingFormat f = s.layout().machine().format();
        Geometry g = h.geometry();
        AddressRange range = r.range();
        long pdEntry = g.level(1).entrySize();
        if (Unsigned.isAligned(range.start(), g.level(0).entrySize()) && range.size() == g.level(0).entrySize()) {
            return refused(selfEntry(Finding.error(Code.STRATEGY_INFEASIBLE, "region '" + r.name() + "' " + range
                    + " is a PDPT entry: " + Recursive.paeTopLevelReason(), at, rat), s, h, g.index(range.start(), 0)));
        }
        int pdpt = g.index(range.start(), 0);
        int first = g.index(range.start(), 1);
        if (!Unsigned.isAligned(range.start(), pdEntry) || range.size() != 4 * pdEntry || first > g.level(1).entries() - 4) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "on " + f.name() + " a recursive strategy takes four "
                    + "page-directory entries: 8 MiB at a 2 MiB boundary inside one GiB; region '" + r.name() + "' is "
                    + range, at, rat));
        }
        Recursive access = Recursive.paeDirectories(f, pdpt, first, r.name());
        if (access.feasibility() instanceof Feasibility.Infeasible in) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, in.reason(), at, rat));
        }
        AddressRange kernelHalf = Analysis.kernelHalf(f);
        if (s.shareKernelWith().isPresent() && kernelHalf.overlaps(range)) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "the recursive entries " + access.slotName() + " "
                    + range + " lie in the kernel half " + kernelHalf + " that space '" + s.name() + "' shares with '"
                    + s.shareKernelWith().get() + "': each space needs its own page directory there", at, rat));
        }
        for (Region other : s.layout().regions()) {
            if (other != r && other.purpose() != Purpose.SELF_MAP && other.range().overlaps(range)) {
                return refused(Finding.error(Code.STRATEGY_SLOT_COLLISION, "recursive entries " + access.slotName() + " "
                        + range + " of region '" + r.name() + "' overlap region '" + other.name() + "' " + other.range(),
                        at, rat));
            }
        }
        return new StrategyResolution.Resolved(access);
    }

    /**
     * {@code why} with what the MMU would do, at each level, with a self entry in top-level slot {@code slot} of
     * {@code h}: the root taken at the lowest table pool (where the first space's root goes), or 0 without a pool.
     */
    private static Finding selfEntry(Finding why, SpaceSpec s, Half h, int slot) {
        Machine m = s.layout().machine();
        long root = m.tablePools().stream().mapToLong(AddressRange::start).min().orElse(0L);
        Optional<SelfEntry> e = slot < 0 || slot >= h.geometry().level(0).entries() ? Optional.empty()
                : SelfEntry.walk(m.format(), h, slot, root);
        return e.map(x -> Messages.withSelfEntry(why, x)).orElse(why);
    }

    /** Data of a slot collision: which slot collides, {@link #RECURSIVE} or {@link #FOREIGN} (for the quick fix). */
    static final String COLLIDES = "collides";
    static final String RECURSIVE = "recursive";
    static final String FOREIGN = "foreign";

    /** A slot collision with the quick fix's free slot, when there is one. */
    static Finding collision(SpaceSpec s, String what, Half h, Set<Integer> taken, Subject... subjects) {
        OptionalInt free = Slots.free(s, h, taken, null);
        Finding f = Finding.error(Code.STRATEGY_SLOT_COLLISION, what + (free.isPresent()
                ? "; " + h.geometry().level(0).name() + "[" + free.getAsInt() + "] is free"
                : "; no top-level slot of the kernel half is free"), subjects);
        return free.isPresent() ? f.withData("freeSlot", Integer.toString(free.getAsInt())) : f;
    }

    /** Explicit mappings of the space in the recursive (or foreign) slot: the builder refuses them; say why. */
    static void slotMappings(SpaceSpec s, Recursive rec, List<Finding> out) {
        for (Operation op : s.operations()) {
            if (!(op instanceof Operation.Map m) || m.va().isEmpty()) {
                continue;
            }
            AddressRange va = m.va().get();
            String which = null;
            AddressRange hit = null;
            if (va.overlaps(rec.slotRange())) {
                which = (rec.isPaeDirectories() ? "recursive entries " : "recursive slot ") + rec.slotName();
                hit = rec.slotRange();
            } else if (rec.foreignRange().isPresent() && va.overlaps(rec.foreignRange().get())) {
                which = "foreign slot " + rec.foreignName().get();
                hit = rec.foreignRange().get();
            }
            if (which != null) {
                Set<Integer> taken = new HashSet<>(Set.of(rec.slot()));
                rec.foreignSlot().ifPresent(taken::add);
                Finding f = rec.isPaeDirectories()
                        ? Finding.error(Code.STRATEGY_SLOT_COLLISION, "mapping " + va + " overlaps " + which + " " + hit,
                                new Subject.StrategyRef(s.name()), new Subject.OperationRef(s.name(), m.index()))
                        : collision(s, "mapping " + va + " overlaps " + which + " " + hit, rec.half(), taken,
                                new Subject.StrategyRef(s.name()), new Subject.OperationRef(s.name(), m.index()));
                out.add(f.withData(COLLIDES, which.startsWith(FOREIGN) ? FOREIGN : RECURSIVE));
            }
        }
    }

}
