package org.pt.engine.strategy;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Half;
import org.pt.engine.space.AddressSpace;

/**
 * Only the table pools mapped, at {@code region start + (PA - first pool start)}. Reaches the tables in the mapped part
 * of the pools (of any space allocated from them); costs nothing per access. Its traps: frames outside the pools are
 * unreachable, and the pools must be mapped before tables in them are used.
 *
 * @param region   the region's name
 * @param range    its virtual range
 * @param poolBase the start of the machine's first table pool
 */
public record TableOffset(String region, AddressRange range, long poolBase) implements TableAccess {

    @Override
    public Feasibility feasibility() {
        return Feasibility.FEASIBLE;
    }

    @Override
    public String describe() {
        return "table map '" + region + "'";
    }

    @Override
    public VaUse vaUse() {
        return new VaUse(List.of(range), describe(), "VA = " + Unsigned.hex(range.start()) + " + PA - "
                + Unsigned.hex(poolBase));
    }

    @Override
    public String reaches() {
        return "every table of every space in the pool frames that '" + region + "' maps";
    }

    @Override
    public AccessCost cost() {
        return AccessCost.FREE;
    }

    @Override
    public Location locate(AddressSpace kernel, AddressSpace target, Half half, int depth, long targetVa, long entryPa) {
        if (Long.compareUnsigned(entryPa, poolBase) < 0) {
            return new Location.Unreachable(Unsigned.hex(entryPa) + " lies below the first table pool at "
                    + Unsigned.hex(poolBase));
        }
        long off = entryPa - poolBase;
        if (!Unsigned.addFits(range.start(), off)) {
            return new Location.Unreachable(Unsigned.hex(range.start()) + " + " + Unsigned.hex(off) + " wraps past 2^64");
        }
        return new Location.At(range.start() + off);
    }
}
