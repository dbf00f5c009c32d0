package org.pt.engine.model;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.PagingFormat;

/**
 * A machine: its paging format (which carries the physical address width and features), CPU count, physical
 * memory map and the pools page-table frames are allocated from.
 *
 * @param frameBudget the most table frames a simulation of this machine may use
 */
public record Machine(String name, PagingFormat format, int cpus, List<PhysicalRegion> memory, List<AddressRange> tablePools,
        long frameBudget) {

    public Machine {
        memory = List.copyOf(memory);
        tablePools = List.copyOf(tablePools);
        if (cpus < 1) {
            throw new IllegalArgumentException("a machine needs at least one CPU, not " + cpus);
        }
    }

    /** The RAM ranges, in the order written. */
    public List<PhysicalRegion> ram() {
        return memory.stream().filter(r -> r.kind() == PhysicalKind.RAM).toList();
    }
}
