package org.pt.engine.model;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.PagingFormat;

/**
 * A machine: its paging format (which carries the physical address width and features), CPU count, physical
 * memory map and the pools page-table frames are allocated from.
 *
 * @param frameBudget the most table frames a simulation of this machine may use; a spec that gives none gets
 *                    {@link #defaultFrameBudget}
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

    /**
     * Table memory a simulation may use when the spec sets no budget: 256 MiB, which {@code ptc}'s heap
     * ({@code -Xmx1g}) holds with room for the analysis. Fixed, so that whether a spec is refused never depends on
     * the JVM.
     */
    public static final long DEFAULT_TABLE_BYTES = 256L << 20;

    /**
     * The most table memory any budget may allow: 512 MiB, which {@code ptc}'s heap ({@code -Xmx1g}) holds with the
     * analysis (measured: a filled budget of 131 072 frames of 4 KiB checks in 749 MB resident). A larger
     * {@code budget} is refused by {@code MachineChecks}, so no spec can make the simulation outgrow the heap.
     */
    public static final long MAX_TABLE_BYTES = 512L << 20;

    /** The largest budget, in frames of {@code 1 << frameShift} bytes (131 072 frames of 4 KiB). */
    public static long maxFrameBudget(int frameShift) {
        return MAX_TABLE_BYTES >>> frameShift;
    }

    /**
     * The budget of a machine whose spec gives none: the frames of its pools, but at most
     * {@link #DEFAULT_TABLE_BYTES} of them (65 536 frames of 4 KiB, 4 096 of 64 KiB).
     */
    public static long defaultFrameBudget(List<AddressRange> pools, int frameShift) {
        long total = 0;
        for (AddressRange p : pools) {
            total += p.size() >>> frameShift; // below 2^52 each, and the sum stops at the cap: no overflow
            if (total >= DEFAULT_TABLE_BYTES >>> frameShift) {
                return DEFAULT_TABLE_BYTES >>> frameShift;
            }
        }
        return total;
    }

    /** The RAM ranges, in the order written. */
    public List<PhysicalRegion> ram() {
        return memory.stream().filter(r -> r.kind() == PhysicalKind.RAM).toList();
    }
}
