package org.pt.engine.image;

import java.util.List;
import org.pt.engine.core.AddressRange;

/**
 * The address arithmetic of a space's table-access strategy, as data an emitter turns into accessors: where the kernel
 * reads the table at a physical address, or the table at a depth of a VA's walk. Every value is the target's (after any
 * relocation of the image).
 */
public sealed interface AccessFormula {

    /** The space has no strategy. */
    record None() implements AccessFormula {
    }

    /**
     * A linear map of physical memory: the table at PA {@code p} is read at {@code window.start() + (p - paBase)} for
     * {@code p} in {@code [paBase, paBase + window.size())}: a direct map ({@code paBase} its region's physical base,
     * 0 unless written), an identity map (both 0) or a map of the table pools ({@code paBase} the first pool).
     *
     * @param kind   {@code direct-map}, {@code identity} or {@code table-offset}
     * @param region the layout region, empty for identity
     * @param window the virtual range the map takes; its start is the VA of {@code paBase}
     */
    record Offset(String kind, String region, long paBase, AddressRange window) implements AccessFormula {

        /** The VA of physical address {@code pa}, or -1 when the map does not cover it. */
        public long virt(long pa) {
            long off = pa - paBase;
            if (Long.compareUnsigned(pa, paBase) < 0 || Long.compareUnsigned(off, window.last() - window.start()) > 0) {
                return -1L;
            }
            return window.start() + off;
        }
    }

    /**
     * A recursive slot: top-level entry {@code slot} of the root of half {@code half} points at the root. The table
     * at depth {@code d} (0 is the root) of the walk of VA {@code v} is the page whose index at level {@code p} is
     * {@code slot} for {@code p < depth - d} ({@code foreign} instead at {@code p = depth - d - 1} to reach the root
     * loaded in the foreign slot) and {@code v}'s index at level {@code p - (depth - d)} otherwise, placed at
     * {@code shifts[p]}, then made a valid VA of the half ({@link Placement}).
     *
     * <p>PAE ({@code firstPd >= 0}): four entries {@code PD[slot][firstPd..firstPd+3]} point at the four page
     * directories; the page directory of PDPT index i is at {@code slot<<30 | (firstPd+slot)<<21 | (firstPd+i)<<12} and
     * the page table of (i, k) at {@code slot<<30 | (firstPd+i)<<21 | k<<12}; the PDPT itself is not mapped.
     *
     * @param shifts    the VA bit at which each level's index starts, root first
     * @param indexBits how many index bits each level has, root first
     * @param foreign   the foreign slot, or -1
     * @param firstPd   PAE only: the first of the four page-directory entries, or -1
     */
    record RecursiveSlot(String region, int half, int slot, int foreign, int firstPd, List<Integer> shifts,
            List<Integer> indexBits, Placement placement) implements AccessFormula {
        public RecursiveSlot {
            shifts = List.copyOf(shifts);
            indexBits = List.copyOf(indexBits);
        }

        public int depth() {
            return shifts.size();
        }

        /**
         * The VA of the page holding the table at {@code d} on the walk of {@code va} in the kernel's own tree; -1 for
         * PAE's PDPT, which is not mapped.
         */
        public long tableVa(int d, long va) {
            int depth = depth();
            if (firstPd >= 0) {
                if (d == 0) {
                    return -1L;
                }
                long i = index(va, 0);
                long p = slot;
                return d == 1 ? p << shifts.get(0) | (firstPd + p) << shifts.get(1) | (firstPd + i) << shifts.get(2)
                        : p << shifts.get(0) | (firstPd + i) << shifts.get(1) | index(va, 1) << shifts.get(2);
            }
            int lead = depth - d;
            long raw = 0;
            for (int p = 0; p < depth; p++) {
                long idx = p < lead ? slot : index(va, p - lead);
                raw |= idx << shifts.get(p);
            }
            return placement.place(raw);
        }

        /** {@code va}'s index at depth {@code d}. */
        public long index(long va, int d) {
            return (va >>> shifts.get(d)) & ((1L << indexBits.get(d)) - 1);
        }
    }

    /**
     * A mapping window: the kernel maps the frame of the table it wants at {@code pageVas[cpu]} by writing that
     * page's last-level entry, which lies at {@code ptePas[cpu]} and is reached through {@code bootstrap}.
     *
     * @param entryTemplate the window entry without its frame address (kernel read-write, not executable, write-back)
     */
    record Window(String region, int half, long pageSize, List<Long> pageVas, List<Long> ptePas, long entryTemplate,
            AccessFormula bootstrap) implements AccessFormula {
        public Window {
            pageVas = List.copyOf(pageVas);
            ptePas = List.copyOf(ptePas);
        }
    }

    /** How index bits become a VA of a half. */
    sealed interface Placement {
        long place(long raw);

        /**
         * The placement of {@code h}: sign extension in a half holding both ends of a sign-extended space (x86_64,
         * RISC-V), the half's base in AArch64's TTBR1 half, none (base 0) otherwise.
         */
        static Placement of(org.pt.engine.format.Half h) {
            org.pt.engine.format.Geometry.Level top = h.geometry().level(0);
            if (h.ranges().size() > 1) {
                return new SignExtend(top.shift() + top.indexBits());
            }
            return new Base(h.ranges().get(0).start());
        }

        /** Bits at and above {@code bits - 1} copy bit {@code bits - 1} (x86_64, RISC-V). */
        record SignExtend(int bits) implements Placement {
            @Override
            public long place(long raw) {
                return bits < 64 && ((raw >>> (bits - 1)) & 1) != 0 ? raw | -(1L << bits) : raw;
            }
        }

        /** The half starts at {@code base} (AArch64's TTBR1 half): the VA is {@code base | raw}. */
        record Base(long base) implements Placement {
            @Override
            public long place(long raw) {
                return base | raw;
            }
        }
    }
}
