package org.pt.engine.strategy;

import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;

/** Virtual-address arithmetic the strategies share. */
final class Vas {
    private Vas() {
    }

    /**
     * The VA whose index bits are {@code raw}, made a valid address of half {@code h}: sign-extended in a canonical
     * space (x86_64, RISC-V), with the upper bits set in AArch64's TTBR1 half, as is on 32-bit formats.
     */
    static long place(Half h, long raw) {
        Geometry.Level top = h.geometry().level(0);
        int bits = top.shift() + top.indexBits();
        if (h.ranges().size() > 1 && bits < 64 && ((raw >>> (bits - 1)) & 1) != 0) {
            return raw | -(1L << bits);
        }
        if (h.ranges().size() == 1 && h.ranges().get(0).start() != 0) {
            return h.ranges().get(0).start() | raw;
        }
        return raw;
    }

    /** The VA range top-level entry {@code slot} of half {@code h} translates. */
    static AddressRange slotRange(Half h, int slot) {
        Geometry.Level top = h.geometry().level(0);
        return AddressRange.ofSize(place(h, (long) slot << top.shift()), top.entrySize());
    }

    /** Whether two halves have trees of the same shape (so one root can stand in for the other). */
    static boolean sameShape(Half a, Half b) {
        Geometry ga = a.geometry();
        Geometry gb = b.geometry();
        if (ga.depth() != gb.depth()) {
            return false;
        }
        for (int d = 0; d < ga.depth(); d++) {
            if (ga.level(d).shift() != gb.level(d).shift() || ga.level(d).entries() != gb.level(d).entries()) {
                return false;
            }
        }
        return true;
    }

    /** The instruction that invalidates one page's TLB entry on the format's architecture. */
    static String invalidation(PagingFormat f) {
        switch (f.family()) {
            case X86:
                return "INVLPG";
            case AARCH64:
                return "TLBI VAE1";
            case ARMV7:
                return "TLBIMVA";
            default:
                return "SFENCE.VMA";
        }
    }
}
