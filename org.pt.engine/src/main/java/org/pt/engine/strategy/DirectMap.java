package org.pt.engine.strategy;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Half;
import org.pt.engine.space.AddressSpace;

/**
 * All RAM mapped at a fixed offset (Linux's direct map, FreeBSD's DMAP): the table at PA {@code p} is read at
 * {@code region start + p}. It reaches every table of every space whose frame lies in RAM the map covers; nothing to
 * remap, nothing to invalidate. Its traps: the map must cover every frame a table can live in, and it exposes all of
 * RAM to the kernel half.
 *
 * @param region the direct-map region's name
 * @param range  its virtual range; its start is the offset
 */
public record DirectMap(String region, AddressRange range) implements TableAccess {

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
        return new VaUse(List.of(range), describe(), "");
    }

    @Override
    public String reaches() {
        return "every table of every space whose frame lies in RAM that '" + region + "' maps";
    }

    @Override
    public AccessCost cost() {
        return AccessCost.FREE;
    }

    @Override
    public Location locate(AddressSpace kernel, AddressSpace target, Half half, int depth, long targetVa, long entryPa) {
        if (!Unsigned.addFits(range.start(), entryPa)) {
            return new Location.Unreachable(Unsigned.hex(range.start()) + " + " + Unsigned.hex(entryPa) + " wraps past 2^64");
        }
        return new Location.At(range.start() + entryPa);
    }
}
