package org.pt.engine.analysis;

import java.util.OptionalInt;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.AddressSpace;

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

    /**
     * The highest top-level slot of {@code h} inside the kernel half (or anywhere in {@code h} when it has no part of
     * the kernel half) that no region of the layout, no explicit mapping of the space, none of {@code taken} and (when
     * {@code space} is given) no present entry of its root uses.
     */
    static OptionalInt free(SpaceSpec s, Half h, Set<Integer> taken, AddressSpace space) {
        PagingFormat f = s.layout().machine().format();
        Geometry.Level top = h.geometry().level(0);
        AddressRange kernel = Analysis.kernelHalf(f);
        boolean inKernel = false;
        for (AddressRange part : h.ranges()) {
            inKernel |= part.overlaps(kernel);
        }
        for (int i = top.entries() - 1; i >= 0; i--) {
            AddressRange r = Slots.range(f, h, i);
            if (taken.contains(i) || (inKernel && !kernel.contains(r))) {
                continue;
            }
            boolean used = false;
            for (Region region : s.layout().regions()) {
                used |= region.range().overlaps(r);
            }
            for (Operation op : s.operations()) {
                if (op instanceof Operation.Map m && m.va().isPresent()) {
                    used |= m.va().get().overlaps(r);
                }
            }
            if (space != null) {
                long e = space.simulation().memory().read(space.root(h.index()) + (long) i * f.entryBytes());
                used |= f.kind(e, top.archLevel()) != EntryKind.INVALID;
            }
            if (!used) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
