package org.pt.engine.strategy;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Half;
import org.pt.engine.model.Region;
import org.pt.engine.space.AddressSpace;

/**
 * All RAM mapped at a fixed offset (Linux's direct map, FreeBSD's DMAP): the table at PA {@code p} is read at
 * {@code region start + (p - physicalBase)}, the region's first byte holding {@code physicalBase} (Linux's PHYS_OFFSET
 * at PAGE_OFFSET; 0 unless the region says {@code from physical BASE}). It reaches every table of every space whose
 * frame lies in RAM the map covers; nothing to remap, nothing to invalidate. Its traps: the map must cover every frame
 * a table can live in (none below the base, none past the region's end), and it exposes all of RAM to the kernel half.
 *
 * @param region       the direct-map region's name
 * @param range        its virtual range; its start holds {@code physicalBase}
 * @param physicalBase the physical address at the region's start
 */
public record DirectMap(String region, AddressRange range, long physicalBase) implements TableAccess {

    /** A direct map whose first byte holds physical 0. */
    public DirectMap(String region, AddressRange range) {
        this(region, range, 0);
    }

    @Override
    public Feasibility feasibility() {
        return Feasibility.FEASIBLE;
    }

    @Override
    public String describe() {
        return "direct map '" + region + "'";
    }

    @Override
    public VaUse vaUse() {
        return new VaUse(List.of(range), describe(), physicalBase == 0 ? ""
                : "VA = " + Unsigned.hex(range.start()) + " + PA - " + Unsigned.hex(physicalBase));
    }

    @Override
    public String reaches() {
        return "every table of every space whose frame lies in RAM that '" + region + "' maps";
    }

    @Override
    public AccessCost cost() {
        return AccessCost.FREE;
    }

    /** The physical range the region can hold: {@code physicalBase} and as many bytes as the region has. */
    public AddressRange physicalReach() {
        return Region.physicalReach(physicalBase, range);
    }

    /** Where physical {@code pa} lies in the region, or -1 when it lies below the base or past the region's end. */
    public long virt(long pa) {
        return physicalReach().contains(pa) ? range.start() + (pa - physicalBase) : -1L;
    }

    @Override
    public Location locate(AddressSpace kernel, AddressSpace target, Half half, int depth, long targetVa, long entryPa) {
        if (Long.compareUnsigned(entryPa, physicalBase) < 0) {
            return new Location.Unreachable(Unsigned.hex(entryPa) + " lies below physical " + Unsigned.hex(physicalBase)
                    + ", the first byte of '" + region + "'");
        }
        long va = virt(entryPa);
        if (va == -1L) {
            return new Location.Unreachable(Unsigned.hex(entryPa) + " lies past what '" + region + "' holds: physical "
                    + physicalReach());
        }
        return new Location.At(va);
    }
}
