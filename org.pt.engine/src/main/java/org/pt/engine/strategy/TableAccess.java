package org.pt.engine.strategy;

import java.util.List;
import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Half;
import org.pt.engine.space.AddressSpace;

/**
 * How a kernel reaches page tables through virtual addresses: the kernel runs in virtual memory, but table entries
 * hold physical addresses. One small implementation per strategy, all driven by one walker ({@link SoftwareWalk}),
 * as x86_64's {@code Mapper} with {@code RecursivePageTable}, {@code OffsetPageTable} and {@code MappedPageTable}.
 *
 * <p>Each strategy knows whether it can work on the format ({@link #feasibility()}), the virtual addresses it takes
 * from the layout ({@link #vaUse()}), which tables of which spaces it reaches ({@link #reaches()}), what one table
 * access costs ({@link #cost()}), and where the kernel reads a given entry ({@link #locate}). Whether that address
 * really lands on the entry is not the strategy's claim to make: the walker checks it with the MMU's walk in the
 * kernel's space.
 */
public sealed interface TableAccess permits Recursive, DirectMap, Identity, TableOffset, Window {

    /** Whether the strategy can work on its format at all. */
    Feasibility feasibility();

    /** How findings name it: {@code recursive slot PML4[510]}, {@code direct map 'physmap'}. */
    String describe();

    /** The virtual addresses it takes from the kernel's layout. */
    VaUse vaUse();

    /** Which tables of which spaces it reaches, in words. */
    String reaches();

    /** What one table access costs beyond the read. */
    AccessCost cost();

    /**
     * Writes what the strategy needs into a new space, before its sharing and mappings (recursive entries, a
     * window's page table). {@code shared} is the VA range whose tables the space takes from another space (its kernel
     * half), if any: a recursive slot in a root shared as a whole comes with that root.
     *
     * @return why it could not (the part that failed, after any earlier one), or empty when done
     */
    default List<InstallRefusal> install(AddressSpace space, Optional<AddressRange> shared) {
        return List.of();
    }

    /**
     * Checks, once the space is built, that the strategy reaches every table of it where it says: the MMU's walk in
     * the space, as a kernel write, lands on each. The default reads each table at the VA its PA gives (direct map,
     * identity, table map), in address order.
     */
    default List<Miss> verify(AddressSpace space) {
        return Verify.byPa(space, this);
    }

    /**
     * Bits every table descriptor of the machine must carry for this strategy to work, written when each descriptor
     * is (so that tables are final when built): on AArch64 a recursive slot reads each table descriptor as the page
     * descriptor that maps its table, so descriptors carry {@link org.pt.engine.format.PagingFormat#recursiveTableBits()}
     * (all ignored by table walks). Every space of the machine carries them, since a foreign slot reaches any space's
     * tables and shared tables serve several spaces. 0 for the strategies that read tables through ordinary mappings.
     */
    default long tableDescriptorBits() {
        return 0;
    }

    /**
     * Where space {@code kernel} reads the entry at {@code entryPa}, which belongs to the table at {@code depth} (0 is
     * the root) of {@code target}'s walk of {@code targetVa} in half {@code half}.
     */
    Location locate(AddressSpace kernel, AddressSpace target, Half half, int depth, long targetVa, long entryPa);
}
