package org.pt.engine.analysis;

import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;

/** Top-level entries ("slots") and the VA ranges they translate. */
public final class Slots {
    private Slots() {
    }

    /**
     * The VA range translated by top-level entry {@code slot}: for x86_64 slot 511 that is
     * 0xffff_ff80_0000_0000 ..= 0xffff_ffff_ffff_ffff. For AArch64 the slot is in the TTBR1 root when the TTBR0 root
     * has fewer entries than {@code slot}, else TTBR0's; use {@link #range(PagingFormat, Half, int)} to choose.
     */
    public static AddressRange range(PagingFormat f, int slot) {
        Half h = f.halves().size() > 1 ? f.halves().get(1) : f.halves().get(0);
        return range(f, h, slot);
    }

    public static AddressRange range(PagingFormat f, Half h, int slot) {
        Geometry.Level top = h.geometry().level(0);
        if (slot < 0 || slot >= top.entries()) {
            throw new IllegalArgumentException(top.name() + " has " + top.entries() + " entries; no slot " + slot);
        }
        long raw = (long) slot << top.shift();
        int bits = top.shift() + top.indexBits();
        long start = raw;
        if (h.ranges().size() > 1 && bits < 64 && ((raw >>> (bits - 1)) & 1) != 0) {
            start = raw | -(1L << bits);
        } else if (h.ranges().size() == 1 && h.ranges().get(0).start() != 0) {
            start = h.ranges().get(0).start() | raw;
        }
        return AddressRange.ofSize(start, top.entrySize());
    }

    /** The top-level slot that translates {@code va} in half {@code h}. */
    public static int of(Half h, long va) {
        return h.geometry().index(va, 0);
    }
}
