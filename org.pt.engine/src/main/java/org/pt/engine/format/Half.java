package org.pt.engine.format;

import org.pt.engine.core.AddressRange;

/**
 * A part of the virtual address space translated from one root register: the whole canonical space for
 * x86 and RISC-V ({@code CR3}, {@code satp}), the low and high halves for AArch64 ({@code TTBR0_EL1},
 * {@code TTBR1_EL1}).
 *
 * @param index    position in {@link PagingFormat#halves()}; a space keeps one root per half
 * @param ranges   the VA ranges this root translates (two for a sign-extended space: low and high)
 */
public record Half(int index, String rootRegister, java.util.List<AddressRange> ranges, Geometry geometry) {

    public boolean contains(long va) {
        for (AddressRange r : ranges) {
            if (r.contains(va)) {
                return true;
            }
        }
        return false;
    }

    public boolean contains(AddressRange range) {
        for (AddressRange r : ranges) {
            if (r.contains(range)) {
                return true;
            }
        }
        return false;
    }
}
