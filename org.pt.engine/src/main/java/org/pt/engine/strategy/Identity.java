package org.pt.engine.strategy;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Half;
import org.pt.engine.space.AddressSpace;

/**
 * Tables read at VA = PA. Reaches every table whose frame is identity-mapped in the kernel's space; costs nothing per
 * access. Its traps: it takes the VAs of the table pools (often low addresses a user half needs), collides with
 * regions there, and cannot reach frames above the VA space (PAE's 36-bit PAs from a 32-bit VA).
 *
 * @param pools the machine's table pools: the VA the map takes
 */
public record Identity(List<AddressRange> pools) implements TableAccess {

    public Identity {
        pools = List.copyOf(pools);
    }

    @Override
    public Feasibility feasibility() {
        return Feasibility.FEASIBLE;
    }

    @Override
    public String describe() {
        return "identity map";
    }

    @Override
    public VaUse vaUse() {
        return new VaUse(pools, "identity map of the table pools", "VA = PA");
    }

    @Override
    public String reaches() {
        return "every table of every space whose frame is mapped at VA = PA";
    }

    @Override
    public AccessCost cost() {
        return AccessCost.FREE;
    }

    @Override
    public Location locate(AddressSpace kernel, AddressSpace target, Half half, int depth, long targetVa, long entryPa) {
        return new Location.At(entryPa);
    }
}
