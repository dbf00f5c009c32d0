package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Machine;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;

/**
 * Checks of one machine: its physical memory map and its table pools, on intervals only. Every finding is an error:
 * each describes a machine that cannot exist or tables that cannot be placed.
 *
 * <ul>
 * <li>{@link Code#PHYSICAL_BEYOND_WIDTH}: a memory range or a pool whose last address does not fit the format's
 * physical address width.</li>
 * <li>{@link Code#PHYSICAL_OVERLAP}: a memory range (of any kind) overlapping ranges written before it, reported once on
 * it: with the common part when it overlaps one, else counting them and naming the first by address ({@link Overlaps};
 * {@link Code#POOL_OVERLAP} alike).</li>
 * <li>{@link Code#POOL_MISSING}: no pool at all. {@link Code#POOL_MISALIGNED}: a pool whose start or size is not a
 * multiple of the format's table allocation unit ({@link PagingFormat#allocationUnitShift()}). {@link Code#POOL_OVERLAP}:
 * two pools that overlap. These three are exactly the pools the simulation refuses; {@link Analysis} then builds no
 * space of the machine, and these findings say why.</li>
 * <li>{@link Code#POOL_IN_RESERVED} / {@link Code#POOL_IN_MMIO}: a pool overlapping a reserved or MMIO range, naming it
 * and the common part. {@link Code#POOL_OUTSIDE_RAM}: the parts of a pool that no memory range describes at all
 * (parts in a reserved or MMIO range are reported by those two codes instead, so nothing is reported twice).</li>
 * <li>{@link Code#POOL_BEYOND_TABLE_REACH}: no pool below the address the tables of some level must lie under
 * (x86-32 with PSE-36, PAE's PDPT, ARMv7: their pointers hold 32 address bits); no space of the machine is built.</li>
 * <li>{@link Code#POOL_TOO_LARGE}: a pool of more than {@link PhysicalMemory#MAX_POOL_FRAMES} frames (256 TiB of 4 KiB
 * frames), more than the simulation tracks; the machine is not simulated.</li>
 * <li>{@link Code#BUDGET_TOO_LARGE}: a frame budget above {@link Machine#MAX_TABLE_BYTES} of tables; the machine is
 * not simulated, so a spec can never make the simulation outgrow the heap.</li>
 * </ul>
 */
public final class MachineChecks {

    private MachineChecks() {
    }

    public static List<Finding> check(Machine m) {
        PagingFormat f = m.format();
        List<Finding> out = new ArrayList<>();
        for (PhysicalRegion p : m.memory()) {
            if (!f.physicalAddressFits(p.range().last())) {
                out.add(Finding.error(Code.PHYSICAL_BEYOND_WIDTH, p + " ends beyond the " + width(f),
                        new Subject.PhysicalRef(m.name(), p.index())));
            }
        }
        physicalOverlaps(m, out);
        pools(m, out);
        long most = Machine.maxFrameBudget(f.frameShift());
        if (Long.compareUnsigned(m.frameBudget(), most) > 0) {
            out.add(Finding.error(Code.BUDGET_TOO_LARGE, "a budget of " + Long.toUnsignedString(m.frameBudget())
                    + " frames is more than PT simulates: at most " + most + " frames of "
                    + SizeUnit.format(1L << f.frameShift()) + " (" + SizeUnit.format(Machine.MAX_TABLE_BYTES)
                    + " of tables)", new Subject.BudgetRef(m.name())).withData("most", Long.toString(most)));
        }
        return out;
    }

    private static String width(PagingFormat f) {
        return f.physicalBits() + "-bit physical address width of " + f.name();
    }

    private static void physicalOverlaps(Machine m, List<Finding> out) {
        List<PhysicalRegion> memory = m.memory();
        List<AddressRange> ranges = new ArrayList<>();
        memory.forEach(p -> ranges.add(p.range()));
        for (Overlaps.Group g : Overlaps.of(ranges, LayoutChecks.NAMED)) {
            PhysicalRegion later = memory.get(g.index());
            List<Subject> at = new ArrayList<>();
            at.add(new Subject.PhysicalRef(m.name(), later.index()));
            List<String> named = new ArrayList<>();
            for (int i : g.first()) {
                at.add(new Subject.PhysicalRef(m.name(), memory.get(i).index()));
                named.add(memory.get(i).toString());
            }
            String what = g.count() == 1 ? named.get(0) + " on " + common(later.range(), memory.get(g.first().get(0)).range())
                    : g.count() + " ranges written before it: " + LayoutChecks.named(named, g.count());
            out.add(new Finding(Severity.ERROR, Code.PHYSICAL_OVERLAP, later + " overlaps " + what, at, Map.of()));
        }
    }

    private static void pools(Machine m, List<Finding> out) {
        PagingFormat f = m.format();
        List<AddressRange> pools = m.tablePools();
        if (pools.isEmpty()) {
            out.add(Finding.error(Code.POOL_MISSING, "machine '" + m.name()
                    + "' has no table pool: the page tables of its spaces have nowhere to live, so none is built",
                    new Subject.MachineRef(m.name())));
            return;
        }
        List<AddressRange> all = new ArrayList<>();
        m.memory().forEach(p -> all.add(p.range()));
        List<AddressRange> described = LayoutChecks.sortedByStart(all);
        long unit = 1L << f.allocationUnitShift();
        for (int i = 0; i < pools.size(); i++) {
            AddressRange pool = pools.get(i);
            Subject at = new Subject.PoolRef(m.name(), i);
            if (!f.physicalAddressFits(pool.last())) {
                out.add(Finding.error(Code.PHYSICAL_BEYOND_WIDTH, "table pool " + pool + " ends beyond the " + width(f), at));
            }
            if (!PhysicalMemory.tracks(pool, f.frameShift())) {
                String most = SizeUnit.format(PhysicalMemory.maxPoolBytes(f.frameShift()));
                out.add(Finding.error(Code.POOL_TOO_LARGE, "table pool " + pool + " is larger than PT simulates: at most "
                        + most + " per pool (" + Long.toUnsignedString(PhysicalMemory.MAX_POOL_FRAMES) + " frames of "
                        + SizeUnit.format(1L << f.frameShift()) + ")", at).withData("most", most));
            }
            boolean start = !Unsigned.isAligned(pool.start(), unit);
            boolean size = !Unsigned.isAligned(pool.size(), unit);
            if (start || size) {
                Finding found = Finding.error(Code.POOL_MISALIGNED, "table pool " + pool + " is not aligned to "
                        + SizeUnit.format(unit) + ", the table allocation unit of " + f.name() + ": its "
                        + (start && size ? "start and size are" : start ? "start is" : "size is") + " not a multiple of "
                        + SizeUnit.format(unit), at);
                long alignedStart = (pool.start() + unit - 1) & -unit;
                long alignedEnd = (pool.last() + 1) & -unit;
                if (alignedStart != 0 && Unsigned.lessThan(alignedStart, alignedEnd)) {
                    found = found.withData("alignedStart", Unsigned.hex(alignedStart))
                            .withData("alignedSize", SizeUnit.format(alignedEnd - alignedStart));
                }
                out.add(found);
            }
            for (PhysicalRegion p : m.memory()) {
                if (p.kind() != PhysicalKind.RAM && p.range().overlaps(pool)) {
                    Code code = p.kind() == PhysicalKind.RESERVED ? Code.POOL_IN_RESERVED : Code.POOL_IN_MMIO;
                    out.add(Finding.error(code, "table pool " + pool + " overlaps " + p + " on " + common(pool, p.range())
                            + ": page tables must live in RAM", at, new Subject.PhysicalRef(m.name(), p.index())));
                }
            }
            List<AddressRange> outside = LayoutChecks.uncovered(pool, described);
            if (!outside.isEmpty()) {
                String what = outside.size() == 1 && outside.get(0).equals(pool) ? "table pool " + pool
                        + " is outside every ram range" : "table pool " + pool + " is not all RAM: "
                        + LayoutChecks.join(outside) + (outside.size() == 1 ? " is" : " are") + " outside every ram range";
                out.add(Finding.error(Code.POOL_OUTSIDE_RAM, what, at));
            }
        }
        reach(m, out);
        for (Overlaps.Group g : Overlaps.of(pools, LayoutChecks.NAMED)) {
            AddressRange later = pools.get(g.index());
            List<Subject> at = new ArrayList<>();
            at.add(new Subject.PoolRef(m.name(), g.index()));
            List<String> named = new ArrayList<>();
            for (int i : g.first()) {
                at.add(new Subject.PoolRef(m.name(), i));
                named.add(pools.get(i).toString());
            }
            String what = g.count() == 1 ? "table pool " + named.get(0) + " on " + common(later, pools.get(g.first().get(0)))
                    : g.count() + " table pools written before it: " + LayoutChecks.named(named, g.count());
            out.add(new Finding(Severity.ERROR, Code.POOL_OVERLAP, "table pool " + later + " overlaps " + what, at,
                    Map.of()));
        }
    }

    /**
     * Tables whose pointer holds fewer address bits than the physical width ({@link PagingFormat#tableAddressBits}):
     * when no pool starts below that limit, no table of that level can be allocated and no space can be built (an
     * error on the first pool, for the first such level).
     */
    private static void reach(Machine m, List<Finding> out) {
        PagingFormat f = m.format();
        for (Half h : f.halves()) {
            for (Geometry.Level l : h.geometry().levels()) {
                int bits = f.tableAddressBits(l.archLevel());
                if (bits >= f.physicalBits()) {
                    continue;
                }
                long limit = 1L << bits;
                if (m.tablePools().stream().noneMatch(p -> Unsigned.lessThan(p.start(), limit))) {
                    out.add(Finding.error(Code.POOL_BEYOND_TABLE_REACH, "no table pool of machine '" + m.name()
                            + "' lies below " + Unsigned.hex(limit) + ", where the " + l.name() + " tables of " + f.name()
                            + " must be: what points at them holds " + bits + " address bits; no space is built",
                            new Subject.PoolRef(m.name(), 0)));
                    return; // the first level that cannot be placed says it
                }
            }
        }
    }

    private static AddressRange common(AddressRange a, AddressRange b) {
        return a.intersection(b).orElseThrow();
    }
}
