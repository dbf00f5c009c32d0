package org.pt.engine.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;

/**
 * Where pages of one size can go in a mapping of {@code size} bytes from VA {@code va} to PA {@code pa}, by arithmetic
 * alone: a page of size P needs a VA and a PA that are both on a P boundary, and P bytes of the mapping from there.
 * The reasons name the offending address and by how much it misses ("PA 0x8030_0000 is 0x10_0000 past a 2 MiB
 * boundary").
 */
public final class PageFit {
    private PageFit() {
    }

    /**
     * Why the mapping cannot be made of pages of exactly {@code page} bytes, or empty when it can: the VA and the PA
     * must be on a boundary and the size a multiple of the page.
     */
    public static Optional<String> whyNotExactly(long va, long pa, long size, long page) {
        List<String> why = new ArrayList<>();
        past("VA", va, page).ifPresent(why::add);
        past("PA", pa, page).ifPresent(why::add);
        long rest = size & (page - 1);
        if (Long.compareUnsigned(size, page) < 0) {
            why.add("size " + SizeUnit.format(size) + " is smaller than " + SizeUnit.format(page));
        } else if (rest != 0) {
            why.add("size " + SizeUnit.format(size) + " is " + SizeUnit.format(rest) + " past a multiple of "
                    + SizeUnit.format(page));
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    /**
     * Why no page of {@code page} bytes fits anywhere in the mapping, or empty when one does: the VA and the PA are
     * not equally far from a boundary (so no VA boundary meets a PA boundary), or no boundary leaves a whole page.
     */
    public static Optional<String> whyNowhere(long va, long pa, long size, long page) {
        long mask = page - 1;
        if (((va ^ pa) & mask) != 0) {
            Optional<String> v = past("VA", va, page);
            Optional<String> p = past("PA", pa, page);
            if (v.isEmpty()) {
                return Optional.of(p.get() + " (VA " + Unsigned.hex(va) + " is on one)");
            }
            if (p.isEmpty()) {
                return Optional.of(v.get() + " (PA " + Unsigned.hex(pa) + " is on one)");
            }
            return Optional.of(v.get() + " and " + p.get() + ": no VA boundary meets a PA boundary");
        }
        long skip = (page - (va & mask)) & mask;
        if (Long.compareUnsigned(size, skip) < 0 || Long.compareUnsigned(size - skip, page) < 0) {
            if (Long.compareUnsigned(size, page) < 0) {
                return Optional.of("size " + SizeUnit.format(size) + " is smaller than " + SizeUnit.format(page));
            }
            return Optional.of("VA " + Unsigned.hex(va) + " size " + SizeUnit.format(size) + " holds no whole "
                    + SizeUnit.format(page) + " page between " + SizeUnit.format(page) + " boundaries");
        }
        return Optional.empty();
    }

    /** The largest of {@code sizes} not above {@code cap} that fits somewhere in the mapping (the smallest page always does). */
    public static long largestFitting(long va, long pa, long size, long cap, List<Long> sizes) {
        long best = 0;
        for (long s : sizes) {
            if (Long.compareUnsigned(s, cap) <= 0 && Long.compareUnsigned(s, best) > 0
                    && whyNowhere(va, pa, size, s).isEmpty()) {
                best = s;
            }
        }
        return best;
    }

    private static Optional<String> past(String what, long address, long page) {
        long off = address & (page - 1);
        return off == 0 ? Optional.empty()
                : Optional.of(what + " " + Unsigned.hex(address) + " is " + Unsigned.hex(off) + " past a "
                        + SizeUnit.format(page) + " boundary");
    }
}
