package org.pt.engine.analysis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Region;

/**
 * {@code report layout}: the layout of a space as the table kernel documentation publishes (Linux's {@code mm.rst}),
 * an {@link Answer.LayoutTable}. One row per region and one per gap, in address order: its range, the top-level slots
 * it takes and its share of its VA half. The VA halves are the user and the kernel half ({@link Analysis#kernelHalf}):
 * the two canonical halves (x86_64, RISC-V), TTBR0 and TTBR1 (AArch64), 0-3 GiB and 3-4 GiB on 32-bit formats. A gap
 * is a part of a VA half that no region takes, before, between or after regions. A region outside every VA half (the
 * layout checks report it) has no slots and no share, and makes no gap.
 */
final class LayoutReport {

    /** The report aspect: {@code report layout}. */
    static final String ASPECT = "layout";

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private LayoutReport() {
    }

    static Answer.LayoutTable answer(String space, Layout layout) {
        PagingFormat f = layout.machine().format();
        List<AddressRange> halves = vaHalves(f);
        List<Answer.LayoutRow> rows = new ArrayList<>();
        List<Region> sorted = new ArrayList<>(layout.regions());
        sorted.sort(Comparator.comparing((Region r) -> r.range().start(), Long::compareUnsigned));
        for (Region r : sorted) {
            rows.add(row(f, halves, Optional.of(r), r.range()));
        }
        for (AddressRange half : halves) {
            for (AddressRange gap : gaps(half, sorted)) {
                rows.add(row(f, halves, Optional.empty(), gap));
            }
        }
        rows.sort(Comparator.comparing((Answer.LayoutRow r) -> r.range().start(), Long::compareUnsigned));
        long top = halves.get(halves.size() - 1).last();
        return new Answer.LayoutTable(space, layout.name(), rows, (64 - Long.numberOfLeadingZeros(top) + 3) / 4);
    }

    /** The user half, then the kernel half (one range when the kernel half is the whole space). */
    static List<AddressRange> vaHalves(PagingFormat f) {
        AddressRange kernel = Analysis.kernelHalf(f);
        Half first = f.halves().get(0);
        AddressRange low = first.ranges().get(0);
        if (f.halves().size() > 1 || first.ranges().size() > 1) {
            return List.of(low, kernel);
        }
        return kernel.start() == low.start() ? List.of(low)
                : List.of(AddressRange.inclusive(low.start(), kernel.start() - 1), kernel);
    }

    /** The parts of {@code half} no region takes, in address order ({@code sorted} by start). */
    private static List<AddressRange> gaps(AddressRange half, List<Region> sorted) {
        List<AddressRange> out = new ArrayList<>();
        long next = half.start(); // the first address not yet taken or reported
        boolean done = false;
        for (Region r : sorted) {
            Optional<AddressRange> in = r.range().intersection(half);
            if (in.isEmpty() || done) {
                continue;
            }
            if (Long.compareUnsigned(in.get().start(), next) > 0) {
                out.add(AddressRange.inclusive(next, in.get().start() - 1));
            }
            if (Long.compareUnsigned(in.get().last(), next) >= 0) {
                if (in.get().last() == half.last()) {
                    done = true;
                }
                next = in.get().last() + 1;
            }
        }
        if (!done && Long.compareUnsigned(next, half.last()) <= 0) {
            out.add(AddressRange.inclusive(next, half.last()));
        }
        return out;
    }

    private static Answer.LayoutRow row(PagingFormat f, List<AddressRange> halves, Optional<Region> region,
            AddressRange range) {
        Optional<Answer.SlotSpan> slots = Optional.empty();
        Half h = f.halfOf(range.start());
        if (h != null && h == f.halfOf(range.last())) {
            slots = Optional.of(new Answer.SlotSpan((f.halves().size() > 1 ? h.rootRegister() + " " : "")
                    + h.geometry().level(0).name(), Slots.of(h, range.start()), Slots.of(h, range.last())));
        }
        OptionalLong share = OptionalLong.empty();
        for (AddressRange half : halves) {
            if (half.contains(range)) {
                share = OptionalLong.of(permille(range.size(), half.size()));
            }
        }
        return new Answer.LayoutRow(region, range, slots, share);
    }

    /** {@code part / whole} in tenths of a percent, rounded half up (sizes unsigned). */
    static long permille(long part, long whole) {
        BigInteger p = new BigInteger(Long.toUnsignedString(part));
        BigInteger w = new BigInteger(Long.toUnsignedString(whole));
        return p.multiply(THOUSAND).add(w.shiftRight(1)).divide(w).longValueExact();
    }
}
