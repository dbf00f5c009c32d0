package org.pt.engine.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.TableTree;

/**
 * A recursive (self-referencing) slot: top-level entry {@code r} of a root points at the root itself, so the MMU
 * walking a VA whose top index is {@code r} reads the root as the next level, and every table of the tree appears as
 * a page inside that entry's range. With {@code k} leading copies of {@code r} the walk stops {@code k} levels early:
 * the table at depth {@code d} (0 is the root) on the path of target VA {@code v} is the page at
 * <pre>
 *   index_p = r                     for p &lt; D - d
 *   index_p = index(v, p - (D - d))  for p &ge; D - d
 * </pre>
 * (D levels, index_p placed at level p's shift, the VA made canonical): on x86_64 with r = 511 the PML4 is at
 * {@code 0xffff_ffff_ffff_f000} and the PDPT of PML4 slot k at {@code 0xffff_ffff_ffe0_0000 + k * 4096}.
 *
 * <p><b>Foreign slot.</b> A second top-level entry {@code F}, loaded with another root, reaches that root's tables:
 * the indices are {@code r} for p &lt; D - d - 1, then {@code F} at p = D - d - 1, then the target's indices. The walk
 * stays in the kernel's root through its own slot and steps into the other root at the last moment, so the other
 * space needs no recursive slot of its own. The kernel loads {@code F} when it edits another space (one entry write
 * and the invalidation of what was cached through {@code F}); on AArch64 a foreign slot also reaches the kernel's own
 * tables under the other root register (TTBR0_EL1 from a slot in TTBR1_EL1).
 *
 * <p><b>PAE</b> (3 levels, a 4-entry PDPT of 32 bytes): the PDPT cannot be the recursive table. A PDPT entry pointing
 * at the PDPT would take 1 GiB, a quarter of the 4 GiB VA, read the 32-byte PDPT as a page directory whose entries 4
 * to 511 are whatever memory follows it, and give read access only (RW and US are reserved in PDPTEs, so they read as
 * 0). Instead four consecutive entries {@code PD_p[j..j+3]} of one page directory point at the four page directories
 * {@code PD_0..PD_3}, taking 8 MiB: the page table of (i, k) is at {@code p<<30 | (j+i)<<21 | k<<12} and
 * {@code PD_i} at {@code p<<30 | (j+p)<<21 | (j+i)<<12} (with p = 3, j = 508: page tables from {@code 0xff80_0000},
 * page directories at {@code 0xffff_c000 + i * 4096}). The PDPT itself is not mapped; the kernel needs not read it, as
 * all four page directories must exist and stay fixed while the recursive entries point at them.
 */
public final class Recursive implements TableAccess {

    private final PagingFormat f;
    private final Half half;
    private final String region;
    /** The top-level slot; for PAE the PDPT index of the page directory holding the four entries. */
    private final int slot;
    /** -1 when there is no foreign slot. */
    private final int foreign;
    /** PAE only: the first of the four page-directory entries; -1 for top-level recursion. */
    private final int firstPd;
    private final int depth;
    private final int[] shifts;
    private final int[] entries;
    private final long pageMask;

    private Recursive(PagingFormat f, Half half, String region, int slot, int foreign, int firstPd) {
        this.f = f;
        this.half = half;
        this.region = region;
        this.slot = slot;
        this.foreign = foreign;
        this.firstPd = firstPd;
        Geometry g = half.geometry();
        this.depth = g.depth();
        this.shifts = new int[depth];
        this.entries = new int[depth];
        for (int d = 0; d < depth; d++) {
            shifts[d] = g.level(d).shift();
            entries[d] = g.level(d).entries();
        }
        this.pageMask = (1L << shifts[depth - 1]) - 1;
    }

    /**
     * Recursion through top-level entry {@code slot} of {@code half}'s root, optionally with a foreign slot.
     *
     * @param region the layout region the slot takes, for messages
     */
    public static Recursive topLevel(PagingFormat f, Half half, int slot, OptionalInt foreign, String region) {
        return new Recursive(f, half, region, slot, foreign.orElse(-1), -1);
    }

    /** PAE recursion through {@code PD_pdpt[firstPd .. firstPd+3]}. */
    public static Recursive paeDirectories(PagingFormat f, int pdpt, int firstPd, String region) {
        return new Recursive(f, f.halves().get(0), region, pdpt, -1, firstPd);
    }

    public PagingFormat format() {
        return f;
    }

    /** The half whose root holds the slot. */
    public Half half() {
        return half;
    }

    public int slot() {
        return slot;
    }

    public OptionalInt foreignSlot() {
        return foreign < 0 ? OptionalInt.empty() : OptionalInt.of(foreign);
    }

    public boolean isPaeDirectories() {
        return firstPd >= 0;
    }

    /** PAE: the first of the four page-directory entries. */
    public int firstPd() {
        return firstPd;
    }

    public String region() {
        return region;
    }

    /** {@code PML4[510]}; for PAE {@code PD[508..511] of PDPT[3]}. */
    public String slotName() {
        if (isPaeDirectories()) {
            return half.geometry().level(1).name() + "[" + firstPd + ".." + (firstPd + 3) + "] of "
                    + half.geometry().level(0).name() + "[" + slot + "]";
        }
        return topName() + "[" + slot + "]";
    }

    /** {@code PML4[509]}, or empty. */
    public Optional<String> foreignName() {
        return foreign < 0 ? Optional.empty() : Optional.of(topName() + "[" + foreign + "]");
    }

    private String topName() {
        return half.geometry().level(0).name();
    }

    /** The VA the recursive entries take. */
    public AddressRange slotRange() {
        if (isPaeDirectories()) {
            return AddressRange.ofSize(((long) slot << shifts[0]) | ((long) firstPd << shifts[1]), 4L << shifts[1]);
        }
        return Vas.slotRange(half, slot);
    }

    /** The foreign slot's VA, or empty. */
    public Optional<AddressRange> foreignRange() {
        return foreign < 0 ? Optional.empty() : Optional.of(Vas.slotRange(half, foreign));
    }

    /** The recursive entry for a root (top-level) or page directory (PAE) at {@code tablePa}. */
    public long entryFor(long tablePa) {
        int arch = half.geometry().level(isPaeDirectories() ? 1 : 0).archLevel();
        return f.selfMapEntry(tablePa, arch).orElseThrow(
                () -> new IllegalStateException("no recursive entry on " + f.name()));
    }

    @Override
    public Feasibility feasibility() {
        Optional<String> refused = f.recursiveRefusal();
        if (refused.isPresent()) {
            return new Feasibility.Infeasible(refused.get());
        }
        boolean pae = f instanceof X86Format x && x.mode() == X86Format.Mode.PAE;
        if (pae && !isPaeDirectories()) {
            return new Feasibility.Infeasible(paeTopLevelReason());
        }
        if (pae && foreign >= 0) {
            return new Feasibility.Infeasible("a foreign slot needs a recursive top-level entry; on " + f.name()
                    + " the recursive entries are page-directory entries");
        }
        Geometry.Level root = half.geometry().level(0);
        long page = pageMask + 1;
        if (!pae && root.tableBytes() < page) {
            return new Feasibility.Infeasible("the " + half.rootRegister() + " root of " + f.name() + " has "
                    + root.entries() + " entries (" + SizeUnit.format(root.tableBytes()) + "), less than a "
                    + SizeUnit.format(page) + " page, and a table entry addresses whole pages");
        }
        return Feasibility.FEASIBLE;
    }

    /** Why PAE refuses a recursive PDPT entry, with the alternative. */
    public static String paeTopLevelReason() {
        return "a recursive PDPT entry would take 1 GiB, a quarter of the 4 GiB VA, read the 32-byte PDPT as a page "
                + "directory whose entries 4 to 511 are the memory after it, and give read access only (RW is reserved "
                + "in PDPTEs); use four page-directory entries instead: 8 MiB such as 0xff80_0000 ..= 0xffff_ffff (8 MiB)";
    }

    @Override
    public String describe() {
        String s = (isPaeDirectories() ? "recursive entries " : "recursive slot ") + slotName();
        if (f.halves().size() > 1) {
            s += " of " + half.rootRegister();
        }
        return foreign < 0 ? s : s + " with foreign slot " + foreignName().get();
    }

    @Override
    public VaUse vaUse() {
        List<AddressRange> ranges = new ArrayList<>();
        ranges.add(slotRange());
        foreignRange().ifPresent(ranges::add);
        ranges.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return new VaUse(ranges, describe(),
                isPaeDirectories() ? "a recursive PDPT entry would take 1 GiB, a quarter of the 4 GiB VA" : "");
    }

    @Override
    public String reaches() {
        String own = "every table under the " + half.rootRegister() + " root of the space it runs in";
        if (isPaeDirectories()) {
            own = "every page directory and page table of the space it runs in (not the 32-byte PDPT)";
        }
        return foreign < 0 ? own : own + ", and any space's tables once " + foreignName().get() + " holds that space's root";
    }

    /**
     * The recursive top-level entry; on PAE the four page directories first, then the four entries pointing at them.
     * A slot in a root shared as a whole (AArch64 TTBR1) comes with that root: nothing to write.
     */
    @Override
    public List<InstallRefusal> install(AddressSpace space, Optional<AddressRange> shared) {
        Geometry g = half.geometry();
        if (!isPaeDirectories()) {
            if (shared.isPresent() && rootShared(shared.get())) {
                return List.of();
            }
            OpResult res = space.setRootEntry(half.index(), slot, entryFor(space.root(half.index())));
            return res instanceof OpResult.Rejected rej
                    ? List.of(new InstallRefusal(InstallRefusal.Part.SLOT, slotRange().start(), rej.error())) : List.of();
        }
        long[] pds = new long[4];
        for (int i = 0; i < 4; i++) {
            long va = (long) i << shifts[0];
            if (space.ensureTables(half.index(), va, 1) instanceof OpResult.Rejected rej) {
                return List.of(new InstallRefusal(InstallRefusal.Part.PAE_DIRECTORY, va, rej.error()));
            }
            long pdpte = space.simulation().memory().read(space.root(half.index()) + (long) i * f.entryBytes());
            pds[i] = f.address(pdpte, g.level(0).archLevel());
        }
        for (int i = 0; i < 4; i++) {
            long va = slotRange().start() + ((long) i << shifts[1]);
            if (space.setTableEntry(half.index(), va, 1, entryFor(pds[i])) instanceof OpResult.Rejected rej) {
                return List.of(new InstallRefusal(InstallRefusal.Part.PAE_ENTRY, va, rej.error()));
            }
        }
        return List.of();
    }

    /** Whether the slot's half is, as a whole root, the range {@code shared} (AArch64's TTBR1 kernel half). */
    public boolean rootShared(AddressRange shared) {
        return f.halves().size() > 1 && half.ranges().size() == 1 && half.ranges().get(0).equals(shared);
    }

    /**
     * The recursive entries in place, then every table of the tree under the slot's root at its recursive VA (PAE's
     * PDPT, which the kernel needs not read, is not checked).
     */
    @Override
    public List<Miss> verify(AddressSpace space) {
        if (!installed(space)) {
            return List.of(new Miss.NotInstalled());
        }
        List<Miss> out = new ArrayList<>();
        space.simulation().tree().visit(space, half, null, new TableTree.Visitor() {
            @Override
            public boolean table(Half h, int d, long table, long va, long last, int references) {
                Location loc = locate(space, space, half, d, va, table);
                if (loc instanceof Location.At) {
                    Miss.Table m = Verify.table(space, table, loc);
                    if (m != null) {
                        out.add(m);
                    }
                }
                return d + 1 < half.geometry().depth();
            }
        });
        return out;
    }

    private boolean installed(AddressSpace space) {
        PhysicalMemory mem = space.simulation().memory();
        Geometry g = half.geometry();
        long root = space.root(half.index());
        long e = mem.read(root + (long) slot * f.entryBytes());
        int top = g.level(0).archLevel();
        if (!isPaeDirectories()) {
            return f.kind(e, top) == EntryKind.TABLE && f.address(e, top) == root;
        }
        if (f.kind(e, top) != EntryKind.TABLE) {
            return false;
        }
        long pd = f.address(e, top);
        return f.kind(mem.read(pd + (long) firstPd * f.entryBytes()), g.level(1).archLevel()) == EntryKind.TABLE;
    }

    @Override
    public long tableDescriptorBits() {
        return f.recursiveTableBits();
    }

    @Override
    public AccessCost cost() {
        return AccessCost.FREE;
    }

    @Override
    public Location locate(AddressSpace kernel, AddressSpace target, Half h, int d, long targetVa, long entryPa) {
        Feasibility fe = feasibility();
        if (fe instanceof Feasibility.Infeasible in) {
            return new Location.Unreachable(in.reason());
        }
        boolean own = kernel.root(half.index()) == target.root(h.index()) && Vas.sameShape(half, h);
        if (isPaeDirectories()) {
            if (!own) {
                return new Location.Unreachable(onlyOwn(kernel));
            }
            if (d == 0) {
                return new Location.Skipped("the four page directories are fixed");
            }
            return new Location.At(tableVa(d, targetVa) + (entryPa & pageMask));
        }
        if (own) {
            long va = pageVa(d, targetVa, h, -1);
            if (va == -1L) {
                return new Location.Unreachable("the indices of " + Unsigned.hex(targetVa) + " do not fit the levels above");
            }
            return new Location.At(va + (entryPa & pageMask));
        }
        if (foreign < 0) {
            return new Location.Unreachable(onlyOwn(kernel));
        }
        if (!Vas.sameShape(half, h)) {
            return new Location.Unreachable("foreign slot " + foreignName().get() + " cannot hold the " + h.rootRegister()
                    + " root: its tree has another shape than " + half.rootRegister() + "'s");
        }
        long va = pageVa(d, targetVa, h, foreign);
        if (va == -1L) {
            return new Location.Unreachable("the indices of " + Unsigned.hex(targetVa) + " do not fit the levels above");
        }
        long rootPa = target.root(h.index());
        long slotPa = kernel.root(half.index()) + (long) foreign * f.entryBytes();
        return new Location.Foreign(va + (entryPa & pageMask), topName(), foreign, slotPa, entryFor(rootPa),
                target.name(), rootPa);
    }

    /** Why the slot alone does not reach another root. */
    public String onlyOwn(AddressSpace kernel) {
        return describe() + " reaches only the tables under the " + half.rootRegister() + " root of '" + kernel.name() + "'";
    }

    /**
     * The VA of the page holding the table at depth {@code d} on the path of {@code targetVa} (indices taken with
     * {@code targetHalf}'s geometry), through the kernel's own slot, or, when {@code viaForeign} is a slot, through it.
     */
    public long pageVa(int d, long targetVa, Half targetHalf, int viaForeign) {
        Geometry tg = targetHalf.geometry();
        int lead = depth - d;
        long raw = 0;
        for (int p = 0; p < depth; p++) {
            long idx;
            if (p < lead) {
                idx = viaForeign >= 0 && p == lead - 1 ? viaForeign : slot;
            } else {
                idx = tg.index(targetVa, p - lead);
            }
            if (idx >= entries[p]) {
                return -1L;
            }
            raw |= idx << shifts[p];
        }
        return Vas.place(half, raw);
    }

    /**
     * The VA of the page holding the table at depth {@code d} on the path of {@code targetVa} in the kernel's own
     * tree; -1 for PAE's PDPT, which is not mapped.
     */
    public long tableVa(int d, long targetVa) {
        if (!isPaeDirectories()) {
            return pageVa(d, targetVa, half, -1);
        }
        if (d == 0) {
            return -1L;
        }
        long p = slot;
        long i = half.geometry().index(targetVa, 0);
        return d == 1 ? p << shifts[0] | (firstPd + p) << shifts[1] | (firstPd + i) << shifts[2]
                : p << shifts[0] | (firstPd + i) << shifts[1] | (long) half.geometry().index(targetVa, 1) << shifts[2];
    }
}
