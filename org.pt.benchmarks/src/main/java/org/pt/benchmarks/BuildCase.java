package org.pt.benchmarks;

import org.pt.engine.core.SizeUnit;
import org.pt.engine.format.Attributes;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;

/**
 * The two table builds of the performance target: the x86_64 direct map of 64 GiB in 4 KiB pages and of 64 TiB in
 * 2 MiB pages, both from physical address 0, kernel read/write. Shared by {@link BuildBenchmark} and
 * {@link TableMemoryFootprint} so both measure the same tables.
 */
enum BuildCase {
    /** 16 777 216 PTEs in 32 768 PTs, under 64 PDs, 1 PDPT and the PML4. */
    GIB64_4KIB(64L << 30, 4096),
    /** 33 554 432 2 MiB PDEs in 65 536 PDs, under 128 PDPTs and the PML4. */
    TIB64_2MIB(64L << 40, 2L << 20);

    /** Leaf entries of {@link #GIB64_4KIB}; a compile-time constant for {@code @OperationsPerInvocation}. */
    static final int GIB64_4KIB_LEAVES = 16_777_216;
    /** Leaf entries of {@link #TIB64_2MIB}. */
    static final int TIB64_2MIB_LEAVES = 33_554_432;

    private static final int ENTRIES = 512;
    private static final long TABLE_BYTES = 4096;

    private final long size;
    private final long pageSize;

    BuildCase(long size, long pageSize) {
        this.size = size;
        this.pageSize = pageSize;
    }

    long size() {
        return size;
    }

    long pageSize() {
        return pageSize;
    }

    long leafEntries() {
        return size / pageSize;
    }

    /** Tables of the finished tree, root included: a table per 512 entries at each depth from the leaves up to the PML4. */
    long tables() {
        int leafDepth = pageSize == 4096 ? 3 : pageSize == 2L << 20 ? 2 : 1;
        long tables = 0;
        long entries = leafEntries();
        for (int d = leafDepth; d >= 0; d--) {
            entries = (entries + ENTRIES - 1) / ENTRIES;
            tables += entries;
        }
        return tables;
    }

    /** The bytes real hardware would need for the tree: what {@code tableBytesInUse()} must report. */
    long tableBytes() {
        return tables() * TABLE_BYTES;
    }

    /** Maps the case into an empty space at the direct map. */
    OpResult build(AddressSpace space) {
        return space.map(Fixtures.DIRECT_MAP, size, 0, Attributes.KERNEL_RW, PageSizePolicy.cap(pageSize), false);
    }

    @Override
    public String toString() {
        return SizeUnit.format(size) + " in " + SizeUnit.format(pageSize) + " pages";
    }
}
