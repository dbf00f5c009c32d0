package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Query;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.Run;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.Feasibility;
import org.pt.engine.strategy.Identity;
import org.pt.engine.strategy.Location;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.SoftwareWalk;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.TableOffset;
import org.pt.engine.strategy.Window;
import org.pt.engine.walk.Translation;

/**
 * Each space's strategy for reaching page tables: resolved against the space's layout and machine into a
 * {@link TableAccess}, installed into the new space (the recursive entries, the window's page table), verified once
 * every space is built (every table of the space is reached where the strategy says), and used to answer reach
 * queries with the kernel's software walk.
 *
 * <p>Decisions:
 * <ul>
 * <li>Resolution is a pure function of the spec, so install, verify, reach and the cost report each resolve again;
 * only install reports why a strategy cannot be used, the others then stay silent about it.</li>
 * <li>A recursive slot is one top-level entry whose region is exactly that entry's range. On PAE it is four
 * page-directory entries (an 8 MiB region inside one GiB, 2 MiB aligned); install allocates all four page directories
 * first, since the recursive entries must point at each. A space that shares its kernel half and whose slot lies in a
 * half that is shared as a whole root (AArch64 TTBR1) gets its slot from the root it shares and writes none.</li>
 * <li>A foreign slot is not written at install: the kernel loads it with the root of the space it edits, so a reach
 * query loads it for the walk and restores it (its cost names the load). Install checks that it is free of regions,
 * and the walk that it is free of mappings.</li>
 * <li>On AArch64 the MMU reads every table descriptor as the page that maps its table when it goes through a
 * recursive slot, so every table descriptor of the machine is written with {@link TableAccess#tableDescriptorBits()}
 * when it is created (the simulation is made with them): tables are final when built.</li>
 * <li>On PAE the page directory holding the recursive entries must be the space's own: a space that shares a kernel
 * half containing them is refused (its shared page directory would hold the other space's recursive entries).</li>
 * <li>Verify checks every table with the MMU's walk in the space, as a kernel write (the kernel reads entries to
 * edit them: a read-only mapping is reported as such), and reports the first {@value #MAX_FINDINGS} tables it misses,
 * the last with "and N more". Reach queries do the same through {@link SoftwareWalk}.</li>
 * </ul>
 */
final class Strategies {

    /** The most tables one verify reports one by one. */
    static final int MAX_FINDINGS = 3;

    private Strategies() {
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
            return new StrategyResolution.Resolved(new DirectMap(r.name(), r.range()));
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
        if (refusal.isPresent()) {
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "a recursive slot is impossible on " + f.name() + ": "
                    + refusal.get(), at, rat));
        }
        Half h = f.halfOf(r.range().start());
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
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "a recursive slot is impossible in the "
                    + h.rootRegister() + " half of " + f.name() + ": " + in.reason(), at, rat));
        }
        for (Region other : l.regions()) {
            if (other != r && other.purpose() != Purpose.SELF_MAP && other.range().overlaps(want)) {
                return refused(collision(s, "recursive slot " + slotName + " " + want + " of region '" + r.name()
                        + "' overlaps region '" + other.name() + "' " + other.range(), h, Set.of(slot), at, rat));
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
                return refused(collision(s, "foreign slot " + fsName + " is the recursive slot itself", h, Set.of(slot), at));
            }
            AddressRange frange = Slots.range(f, h, fs);
            for (Region other : l.regions()) {
                if (other.purpose() != Purpose.SELF_MAP && other.range().overlaps(frange)) {
                    return refused(collision(s, "foreign slot " + fsName + " " + frange + " overlaps region '"
                            + other.name() + "' " + other.range(), h, Set.of(slot, fs), at,
                            new Subject.RegionRef(l.name(), other.name())));
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
            return refused(Finding.error(Code.STRATEGY_INFEASIBLE, "region '" + r.name() + "' " + range + " is a PDPT entry: "
                    + Recursive.paeTopLevelReason(), at, rat));
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

    /** A slot collision with the quick fix's free slot, when there is one. */
    private static Finding collision(SpaceSpec s, String what, Half h, Set<Integer> taken, Subject... subjects) {
        OptionalInt free = freeSlot(s, h, taken, null);
        Finding f = Finding.error(Code.STRATEGY_SLOT_COLLISION, what + (free.isPresent()
                ? "; " + h.geometry().level(0).name() + "[" + free.getAsInt() + "] is free"
                : "; no top-level slot of the kernel half is free"), subjects);
        return free.isPresent() ? f.withData("freeSlot", Integer.toString(free.getAsInt())) : f;
    }

    /**
     * The highest top-level slot of {@code h} inside the kernel half (or anywhere in {@code h} when it has no part of
     * the kernel half) that no region of the layout, no explicit mapping of the space, none of {@code taken} and (when
     * {@code space} is given) no present entry of its root uses.
     */
    static OptionalInt freeSlot(SpaceSpec s, Half h, Set<Integer> taken, AddressSpace space) {
        PagingFormat f = s.layout().machine().format();
        Geometry.Level top = h.geometry().level(0);
        AddressRange kernel = Analysis.kernelHalf(f);
        boolean inKernel = false;
        for (AddressRange part : h.ranges()) {
            inKernel |= part.overlaps(kernel);
        }
        for (int i = top.entries() - 1; i >= 0; i--) {
            AddressRange r = Slots.range(f, h, i);
            if (taken.contains(i) || (inKernel && !kernel.contains(r))) {
                continue;
            }
            boolean used = false;
            for (Region region : s.layout().regions()) {
                used |= region.range().overlaps(r);
            }
            for (Operation op : s.operations()) {
                if (op instanceof Operation.Map m && m.va().isPresent()) {
                    used |= m.va().get().overlaps(r);
                }
            }
            if (space != null) {
                long e = space.simulation().memory().read(space.root(h.index()) + (long) i * f.entryBytes());
                used |= f.kind(e, top.archLevel()) != EntryKind.INVALID;
            }
            if (!used) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    // ---- install ---------------------------------------------------------------------------------------------------

    /** Writes what the strategy needs into a new space (recursive entries, a window's page table), before sharing and mappings. */
    static List<Finding> install(SpaceSpec s, AddressSpace space, StrategyResolution r) {
        if (r instanceof StrategyResolution.Refused refused) {
            return refused.findings();
        }
        if (!(r instanceof StrategyResolution.Resolved resolved)) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        write(s, space, resolved.access(), out);
        return out;
    }

    private static void write(SpaceSpec s, AddressSpace space, TableAccess access, List<Finding> out) {
        Subject at = new Subject.StrategyRef(s.name());
        if (access instanceof Recursive rec) {
            writeRecursive(s, space, rec, at, out);
        } else if (access instanceof Window w) {
            write(s, space, w.bootstrap(), out);
            for (int cpu = 0; cpu < w.pages(); cpu++) {
                OpResult res = space.ensureTables(w.half().index(), w.windowVa(cpu), w.leafDepth());
                if (res instanceof OpResult.Rejected rej) {
                    out.add(Finding.error(Code.WINDOW_UNREACHABLE, "the page table of window '" + w.region() + "' at "
                            + Unsigned.hex(w.windowVa(cpu)) + " cannot be allocated in space '" + s.name() + "': "
                            + rej.error().message(), at));
                    return;
                }
            }
        }
    }

    private static void writeRecursive(SpaceSpec s, AddressSpace space, Recursive rec, Subject at, List<Finding> out) {
        PagingFormat f = space.simulation().format();
        Half h = rec.half();
        if (rec.isPaeDirectories()) {
            Geometry g = h.geometry();
            long[] pds = new long[4];
            for (int i = 0; i < 4; i++) {
                long va = (long) i << g.level(0).shift();
                OpResult res = space.ensureTables(h.index(), va, 1);
                if (res instanceof OpResult.Rejected rej) {
                    out.add(Finding.error(Code.STRATEGY_INFEASIBLE, "the page directory for " + Unsigned.hex(va)
                            + " that the recursive entries need cannot be allocated: " + rej.error().message(), at));
                    return;
                }
                long pdpte = space.simulation().memory().read(space.root(h.index()) + (long) i * f.entryBytes());
                pds[i] = f.address(pdpte, g.level(0).archLevel());
            }
            for (int i = 0; i < 4; i++) {
                long va = rec.slotRange().start() + ((long) i << g.level(1).shift());
                OpResult res = space.setTableEntry(h.index(), va, 1, rec.entryFor(pds[i]));
                if (res instanceof OpResult.Rejected rej) {
                    out.add(Finding.error(Code.STRATEGY_SLOT_COLLISION, rej.error().message(), at));
                    return;
                }
            }
            return;
        }
        if (sharesWholeHalf(s, f, h)) {
            return; // the slot comes with the root this space shares
        }
        OpResult res = space.setRootEntry(h.index(), rec.slot(), rec.entryFor(space.root(h.index())));
        if (res instanceof OpResult.Rejected rej) {
            out.add(collision(s, rej.error().message(), h, Set.of(rec.slot()), at));
        }
    }

    /** Whether the space shares its kernel half and that half is {@code h}'s whole root (AArch64 TTBR1). */
    private static boolean sharesWholeHalf(SpaceSpec s, PagingFormat f, Half h) {
        return s.shareKernelWith().isPresent() && f.halves().size() > 1 && h.ranges().size() == 1
                && h.ranges().get(0).equals(Analysis.kernelHalf(f));
    }

    // ---- verify ----------------------------------------------------------------------------------------------------

    /** Checks that the strategy reaches every table of the space. */
    static List<Finding> verify(BuiltSpace b, Map<String, BuiltSpace> all) {
        if (!(b.strategy() instanceof StrategyResolution.Resolved r)) {
            return List.of();
        }
        TableAccess access = r.access();
        List<Finding> out = new ArrayList<>();
        if (access instanceof Window w) {
            verifyWindow(b, w, out);
            return out;
        }
        if (access instanceof Recursive rec) {
            slotMappings(b, rec, out);
            if (!installed(b, rec, out)) {
                return out;
            }
            verifyRecursive(b, rec, out);
            return out;
        }
        verifyByPa(b, access, out);
        return out;
    }

    /** Explicit mappings of the space in the recursive (or foreign) slot: the builder refuses them; say why. */
    private static void slotMappings(BuiltSpace b, Recursive rec, List<Finding> out) {
        SpaceSpec s = b.spec();
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
                Set<Integer> taken = new java.util.HashSet<>(Set.of(rec.slot()));
                rec.foreignSlot().ifPresent(taken::add);
                Finding f = rec.isPaeDirectories()
                        ? Finding.error(Code.STRATEGY_SLOT_COLLISION, "mapping " + va + " overlaps " + which + " " + hit,
                                new Subject.StrategyRef(s.name()), new Subject.OperationRef(s.name(), m.index()))
                        : collision(s, "mapping " + va + " overlaps " + which + " " + hit, rec.half(), taken,
                                new Subject.StrategyRef(s.name()), new Subject.OperationRef(s.name(), m.index()));
                out.add(f);
            }
        }
    }

    /** Whether the recursive entries are in place; when a shared root lacks them, says so. */
    private static boolean installed(BuiltSpace b, Recursive rec, List<Finding> out) {
        AddressSpace space = b.space();
        PagingFormat f = space.simulation().format();
        PhysicalMemory mem = space.simulation().memory();
        Half h = rec.half();
        if (rec.isPaeDirectories()) {
            long root = space.root(h.index());
            long pdpte = mem.read(root + (long) rec.slot() * f.entryBytes());
            if (f.kind(pdpte, h.geometry().level(0).archLevel()) != EntryKind.TABLE) {
                return false;
            }
            long pd = f.address(pdpte, h.geometry().level(0).archLevel());
            long e = mem.read(pd + (long) rec.firstPd() * f.entryBytes());
            return f.kind(e, h.geometry().level(1).archLevel()) == EntryKind.TABLE;
        }
        long root = space.root(h.index());
        long e = mem.read(root + (long) rec.slot() * f.entryBytes());
        int top = h.geometry().level(0).archLevel();
        if (f.kind(e, top) == EntryKind.TABLE && f.address(e, top) == root) {
            return true;
        }
        if (sharesWholeHalf(b.spec(), f, h)) {
            String owner = b.spec().shareKernelWith().get();
            out.add(Finding.error(Code.STRATEGY_INFEASIBLE, "space '" + b.name() + "' shares the " + h.rootRegister()
                    + " root of '" + owner + "', which has no recursive entry at " + rec.slotName()
                    + ": a shared root carries the recursive slot of the space that owns it",
                    new Subject.StrategyRef(b.name()), new Subject.ShareRef(b.name())));
        }
        return false;
    }

    /** Every table of the space's tree under the slot's root, at its recursive VA. */
    private static void verifyRecursive(BuiltSpace b, Recursive rec, List<Finding> out) {
        AddressSpace space = b.space();
        Half h = rec.half();
        List<String> misses = new ArrayList<>();
        int[] count = new int[1];
        visit(space, h, 0, space.root(h.index()), 0, (d, table, prefix) -> {
            Location loc = rec.locate(space, space, h, d, prefix, table);
            if (loc instanceof Location.At at) {
                SoftwareWalk.Landing l = SoftwareWalk.land(space, at.va(), table);
                if (!l.ok()) {
                    count[0]++;
                    if (misses.size() < MAX_FINDINGS) {
                        misses.add("table " + levelName(space, table) + " at " + Unsigned.hex(table) + " of space '"
                                + b.name() + "' is not reachable by " + rec.describe() + ": " + Unsigned.hex(at.va()) + " "
                                + Messages.landing(l, b.name()));
                    }
                }
            }
        });
        report(b, misses, count[0], "", out);
    }

    private interface TableVisitor {
        void table(int depth, long pa, long prefixVa);
    }

    /** Depth-first over a half's tree, root first; entries pointing at a table of another level (recursive) are not followed. */
    private static void visit(AddressSpace space, Half h, int d, long table, long prefix, TableVisitor v) {
        v.table(d, table, prefix);
        Geometry g = h.geometry();
        if (d + 1 >= g.depth()) {
            return;
        }
        PagingFormat f = space.simulation().format();
        PhysicalMemory mem = space.simulation().memory();
        Geometry.Level l = g.level(d);
        Geometry.Level next = g.level(d + 1);
        for (int j = 0; j < l.entries(); j++) {
            long e = mem.read(table + (long) j * f.entryBytes());
            if (f.kind(e, l.archLevel()) != EntryKind.TABLE) {
                continue;
            }
            long child = f.address(e, l.archLevel());
            PhysicalMemory.TableInfo info = mem.table(child);
            if (info != null && info.archLevel() == next.archLevel()) {
                visit(space, h, d + 1, child, prefix | ((long) j << l.shift()), v);
            }
        }
    }

    /** Direct map, identity, table map: every table of the space at the VA its PA gives. */
    private static void verifyByPa(BuiltSpace b, TableAccess access, List<Finding> out) {
        AddressSpace space = b.space();
        Half h0 = space.simulation().format().halves().get(0);
        List<Long> tables = new ArrayList<>(space.simulation().tablesOf(space));
        tables.sort(Long::compareUnsigned);
        List<String> misses = new ArrayList<>();
        int count = 0;
        for (long t : tables) {
            Location loc = access.locate(space, space, h0, 0, 0, t);
            String why;
            if (loc instanceof Location.At at) {
                SoftwareWalk.Landing l = SoftwareWalk.land(space, at.va(), t);
                if (l.ok()) {
                    continue;
                }
                why = Unsigned.hex(at.va()) + " " + Messages.landing(l, b.name());
            } else {
                why = loc instanceof Location.Unreachable u ? u.reason() : String.valueOf(loc);
            }
            count++;
            if (misses.size() < MAX_FINDINGS) {
                misses.add("table " + levelName(space, t) + " at " + Unsigned.hex(t) + " of space '" + b.name()
                        + "' is not reachable by " + access.describe() + ": " + why);
            }
        }
        String suffix = coverage(space, access);
        report(b, misses, count, suffix, out);
    }

    /** {@code ; 'physmap' maps physical 0x0 ..= 0x3fff_ffff (1 GiB)} when {@code access} is a direct map. */
    private static String coverage(AddressSpace space, TableAccess access) {
        return access instanceof DirectMap dm ? "; " + Messages.coverage(Costs.coverage(space, dm)) : "";
    }

    private static void report(BuiltSpace b, List<String> misses, int count, String suffix, List<Finding> out) {
        for (int i = 0; i < misses.size(); i++) {
            String m = misses.get(i);
            if (i == misses.size() - 1 && count > misses.size()) {
                int more = count - misses.size();
                m += " (and " + more + " more table" + (more == 1 ? "" : "s") + ")";
            }
            out.add(Finding.error(Code.STRATEGY_MISSES_TABLE, m + suffix, new Subject.StrategyRef(b.name())));
        }
    }

    /** The window's page table exists in the space and its bootstrap strategy reaches the window's entries. */
    private static void verifyWindow(BuiltSpace b, Window w, List<Finding> out) {
        AddressSpace space = b.space();
        Subject at = new Subject.StrategyRef(b.name());
        for (int cpu = 0; cpu < w.pages(); cpu++) {
            long va = w.windowVa(cpu);
            Window.Pte pte = w.pte(space, cpu);
            if (pte instanceof Window.Pte.Missing m) {
                out.add(Finding.error(Code.WINDOW_UNREACHABLE, "window '" + w.region() + "' " + w.range()
                        + " has no page table in space '" + b.name() + "' at " + Unsigned.hex(va) + " (" + m.why() + ")", at));
                return;
            }
            long ptePa = ((Window.Pte.Found) pte).ptePa();
            Location loc = w.bootstrap().locate(space, space, w.half(), w.leafDepth(), va, ptePa);
            String why;
            if (loc instanceof Location.At a) {
                SoftwareWalk.Landing l = SoftwareWalk.land(space, a.va(), ptePa);
                if (l.ok()) {
                    continue;
                }
                why = Unsigned.hex(a.va()) + " " + Messages.landing(l, b.name());
            } else {
                why = loc instanceof Location.Unreachable u ? u.reason() : String.valueOf(loc);
            }
            String suffix = coverage(space, w.bootstrap());
            out.add(Finding.error(Code.WINDOW_UNREACHABLE, "the page table of window '" + w.region() + "' (its entry for "
                    + Unsigned.hex(va) + " at " + Unsigned.hex(ptePa) + ") is not reachable by " + w.bootstrap().describe()
                    + ": " + why + suffix, at));
            return;
        }
    }

    /** {@code PT}: the name of the level a table at {@code pa} serves. */
    static String levelName(AddressSpace space, long pa) {
        PagingFormat f = space.simulation().format();
        int arch = space.simulation().memory().table(pa).archLevel();
        for (Half h : f.halves()) {
            for (Geometry.Level l : h.geometry().levels()) {
                if (l.archLevel() == arch) {
                    return l.name();
                }
            }
        }
        return "level " + arch;
    }

}
