package org.pt.engine.strategy;

import java.util.List;
import org.pt.engine.core.AddressRange;

/**
 * The virtual addresses a strategy takes from the kernel's layout.
 *
 * @param ranges the ranges, in address order
 * @param what   what takes them ({@code recursive slot PML4[510]})
 * @param note   what else to know (the alternative and its cost), or empty
 */
public record VaUse(List<AddressRange> ranges, String what, String note) {
    public VaUse {
        ranges = List.copyOf(ranges);
    }

    /** Total bytes (saturating at 2^64 - 1). */
    public long bytes() {
        long sum = 0;
        for (AddressRange r : ranges) {
            long s = r.size();
            if (s == 0 || Long.compareUnsigned(sum + s, sum) < 0) {
                return -1L;
            }
            sum += s;
        }
        return sum;
    }
}
