package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;

/**
 * Checks of one layout's regions, on intervals only: nothing here builds a table, so a layout of any size is checked
 * in time O(n log n) in its number of regions (plus the overlaps found).
 *
 * <p>Per region, in the order written:
 * <ul>
 * <li>{@link Code#SLOT_OUT_OF_RANGE} (error): a region written as a top-level slot whose index the root does not
 * have. {@link Slots#range} throws for such a slot, so the front end cannot compute its range: it builds the
 * {@link Region} with the slot and <em>any</em> range (one byte at 0 will do). Such a region is reported once here
 * and excluded from every other check, of the layout and of the mappings ({@link #meaningful}), since its range means
 * nothing. The finding carries {@code freeSlot}: the highest slot of the same root that no other region touches.</li>
 * <li>{@link Code#REGION_NON_CANONICAL} (error): the start or the last address is in no translatable range of a
 * format whose space reaches 2^64 (x86_64, RISC-V Sv39+, AArch64); the text is the format's own
 * {@link PagingFormat#untranslatableReason}. {@link Code#REGION_CROSSES_HOLE} (error): start and last are both
 * translatable but in different ranges (the x86_64 / RISC-V non-canonical hole, the gap between TTBR0 and TTBR1).
 * {@link Code#REGION_BEYOND_VA} (error): on a format whose space is one range from 0 (x86-32, PAE, ARMv7, Sv32), the
 * part of the region above it.</li>
 * <li>{@link Code#REGION_MISALIGNED} (error): a self-map region must be exactly one top-level entry (a region written
 * as a slot is, by construction); a window must be page aligned and lie within the span of one last-level table
 * (its entries are what the window remaps); every other region must be aligned to the smallest page.</li>
 * <li>{@link Code#PHYSICAL_BASE_MISALIGNED} (error): a physical base ({@code from physical BASE}, what a direct map
 * in the region holds at its first byte) that is not a multiple of the smallest page.</li>
 * <li>{@link Code#REGION_WRONG_HALF} (warning): a user region in the kernel half ({@link Analysis#kernelHalf}), or a
 * kernel, direct-map, self-map or window region in the user half. Guard, MMIO and other regions may be anywhere
 * (firmware areas, Linux's user-visible vsyscall page).</li>
 * </ul>
 * Then {@link Code#REGION_OVERLAP} (error) for every region overlapping regions written before it, once per region:
 * one earlier region is named with the range they share, several are counted and the first {@link #NAMED} by address
 * named ({@link Overlaps}), so that n regions that all overlap give n - 1 findings, not n(n - 1)/2.
 * <b>Guard regions overlap nothing either</b>: a guard says "nothing is mapped here", which contradicts any region
 * laid over it. Holes between regions need not be written at all; Linux's "unused hole" rows can be written as guard
 * regions or omitted, and both layouts are clean.
 */
public final class LayoutChecks {

    private LayoutChecks() {
    }

    public static List<Finding> check(Layout l) {
        PagingFormat f = l.machine().format();
        List<Finding> out = new ArrayList<>();
        List<Region> valid = new ArrayList<>();
        for (Region r : l.regions()) {
            if (!meaningful(f, r)) {
                out.add(slotOutOfRange(l, f, r));
                continue;
            }
            valid.add(r);
            int before = out.size();
            translatable(l, f, r, out);
            if (out.size() == before) {
                aligned(l, f, r, out);
                baseAligned(l, f, r, out);
                half(l, f, r, out);
            }
        }
        overlaps(l, valid, out);
        return out;
    }

    /** False for a region written as a slot its root does not have: its range is a placeholder. */
    static boolean meaningful(PagingFormat f, Region r) {
        OptionalInt slot = r.topLevelSlot();
        if (slot.isEmpty()) {
            return true;
        }
        int s = slot.getAsInt();
        return s >= 0 && s < slotHalf(f).geometry().level(0).entries();
    }

    /** The half whose root {@link Slots#range(PagingFormat, int)} indexes. */
    private static Half slotHalf(PagingFormat f) {
        return f.halves().size() > 1 ? f.halves().get(1) : f.halves().get(0);
    }

    private static Finding slotOutOfRange(Layout l, PagingFormat f, Region r) {
        Half h = slotHalf(f);
        Geometry.Level top = h.geometry().level(0);
        Finding found = Finding.error(Code.SLOT_OUT_OF_RANGE, "top-level slot " + r.topLevelSlot().getAsInt()
                + " of region '" + r.name() + "' is out of range: " + top.name() + " has " + top.entries()
                + " entries, 0 to " + (top.entries() - 1), ref(l, r));
        for (int s = top.entries() - 1; s >= 0; s--) {
            AddressRange range = Slots.range(f, h, s);
            boolean free = true;
            for (Region o : l.regions()) {
                if (o != r && meaningful(f, o) && o.range().overlaps(range)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return found.withData("freeSlot", Integer.toString(s));
            }
        }
        return found;
    }

    // ---- translatable, canonical, within the VA width ----------------------------------------------------------

    private static void translatable(Layout l, PagingFormat f, Region r, List<Finding> out) {
        AddressRange range = r.range();
        List<AddressRange> spaces = translatableRanges(f);
        boolean reachesTop = spaces.get(spaces.size() - 1).endsAtTop();
        if (!reachesTop) {
            // one range from 0 (32-bit formats): what lies above it is beyond the VA width
            AddressRange all = spaces.get(spaces.size() - 1);
            if (!all.contains(range)) {
                AddressRange beyond = Unsigned.lessOrEqual(range.start(), all.last()) ? AddressRange.inclusive(all.last() + 1,
                        range.last()) : range;
                out.add(Finding.error(Code.REGION_BEYOND_VA, "region '" + r.name() + "' " + range + " goes beyond the "
                        + SizeUnit.format(all.size()) + " virtual address space of " + f.name() + ": " + beyond
                        + " is untranslatable", ref(l, r)));
            }
            return;
        }
        int first = indexOf(spaces, range.start());
        int last = indexOf(spaces, range.last());
        if (first < 0) {
            out.add(Finding.error(Code.REGION_NON_CANONICAL, untranslatable(f, "start", range.start(), r), ref(l, r)));
        }
        if (last < 0) {
            out.add(Finding.error(Code.REGION_NON_CANONICAL, untranslatable(f, "last address", range.last(), r), ref(l, r)));
        }
        if (first >= 0 && last >= 0 && first != last) {
            AddressRange gap = AddressRange.inclusive(spaces.get(first).last() + 1, spaces.get(first + 1).start() - 1);
            Half a = f.halfOf(range.start());
            Half b = f.halfOf(range.last());
            String what = a == b ? "the non-canonical hole " + gap
                    : "the gap " + gap + " between the " + a.rootRegister() + " and " + b.rootRegister() + " ranges";
            out.add(Finding.error(Code.REGION_CROSSES_HOLE, "region '" + r.name() + "' " + range + " crosses " + what,
                    ref(l, r)));
        }
    }

    /** "start 0x8000_0000_0000 of region 'x' is non-canonical: bits 63:47 must all equal bit 47", from the format. */
    private static String untranslatable(PagingFormat f, String which, long va, Region r) {
        String hex = Unsigned.hex(va);
        String reason = f.untranslatableReason(va);
        String who = which + " " + hex + " of region '" + r.name() + "'";
        int at = reason.indexOf(hex);
        if (at < 0) {
            return who + " is untranslatable: " + reason;
        }
        return who + reason.substring(at + hex.length());
    }

    /** Every translatable VA range of the format, sorted by start. */
    static List<AddressRange> translatableRanges(PagingFormat f) {
        List<AddressRange> all = new ArrayList<>();
        for (Half h : f.halves()) {
            all.addAll(h.ranges());
        }
        all.sort(BY_START);
        return all;
    }

    private static int indexOf(List<AddressRange> sorted, long va) {
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).contains(va)) {
                return i;
            }
        }
        return -1;
    }

    // ---- alignment per purpose ---------------------------------------------------------------------------------

    private static void aligned(Layout l, PagingFormat f, Region r, List<Finding> out) {
        AddressRange range = r.range();
        Half h = f.halfOf(range.start());
        Geometry g = h.geometry();
        long page = g.smallestPage();
        if (r.purpose() == Purpose.SELF_MAP) {
            if (r.topLevelSlot().isPresent()) {
                return; // computed by Slots from the slot: exactly one entry
            }
            if (f instanceof X86Format x && x.mode() == X86Format.Mode.PAE) {
                // PAE recursion uses four page-directory entries (the 32-byte PDPT cannot map itself): 8 MiB at a
                // 2 MiB boundary inside one GiB, as StrategyChecks requires.
                long pd = g.level(1).entrySize();
                long gib = g.level(0).entrySize();
                if (!Unsigned.isAligned(range.start(), pd) || range.size() != 4 * pd
                        || (range.start() & -gib) != (range.last() & -gib)) {
                    out.add(Finding.error(Code.REGION_MISALIGNED, "self-map region '" + r.name() + "' " + range
                            + " is not four page-directory entries: on x86-pae the recursive entries are four PD entries, "
                            + SizeUnit.format(4 * pd) + " at a " + SizeUnit.format(pd) + " boundary inside one PDPT entry ("
                            + SizeUnit.format(gib) + "), e.g. 0xff80_0000 ..= 0xffff_ffff", ref(l, r)));
                }
                return;
            }
            Geometry.Level top = g.level(0);
            long entry = top.entrySize();
            if (!Unsigned.isAligned(range.start(), entry) || range.size() != entry) {
                int slot = Slots.of(h, range.start());
                out.add(Finding.error(Code.REGION_MISALIGNED, "self-map region '" + r.name() + "' " + range
                        + " is not exactly one top-level entry: a " + top.name() + " entry maps " + SizeUnit.format(entry)
                        + " at a " + SizeUnit.format(entry) + " boundary, e.g. slot " + slot + " "
                        + Slots.range(f, h, slot), ref(l, r)).withData("slot", Integer.toString(slot)));
            }
            return;
        }
        String misaligned = misalignment(range, page);
        if (misaligned != null) {
            out.add(Finding.error(Code.REGION_MISALIGNED, r.purpose().keyword() + " region '" + r.name() + "' " + range
                    + " is not aligned to " + SizeUnit.format(page) + " pages: its " + misaligned + " not a multiple of "
                    + SizeUnit.format(page), ref(l, r)).withData("alignment", Long.toUnsignedString(page)));
            return;
        }
        if (r.purpose() == Purpose.WINDOW) {
            Geometry.Level leaf = g.leafLevel();
            long span = leaf.entrySize() * leaf.entries();
            long tableStart = range.start() & -span;
            if (range.size() > span || (range.last() & -span) != tableStart) {
                out.add(Finding.error(Code.REGION_MISALIGNED, "window region '" + r.name() + "' " + range
                        + " does not fit in one " + leaf.name() + ": a window is the entries of one last-level table, which"
                        + " maps " + SizeUnit.format(span) + " at a " + SizeUnit.format(span) + " boundary", ref(l, r))
                        .withData("tableStart", Unsigned.hex(tableStart)));
            }
        }
    }

    /**
     * {@link Code#PHYSICAL_BASE_MISALIGNED} (error): a physical base ({@code from physical BASE}) off the smallest
     * page, which no page-table entry can map at the region's first byte. Data {@code base}: the base rounded down
     * to a page.
     */
    private static void baseAligned(Layout l, PagingFormat f, Region r, List<Finding> out) {
        long page = f.halfOf(r.range().start()).geometry().smallestPage();
        long off = r.physicalBase() & (page - 1);
        if (off != 0) {
            out.add(Finding.error(Code.PHYSICAL_BASE_MISALIGNED, "physical base " + Unsigned.hex(r.physicalBase())
                    + " of region '" + r.name() + "' is " + Unsigned.hex(off) + " past a " + SizeUnit.format(page)
                    + " boundary: the region's first page must map a whole physical page", baseRef(l, r), ref(l, r))
                    .withData("base", Unsigned.hex(r.physicalBase() - off)));
        }
    }

    /** "start is", "size is", "start and size are" or null when both are multiples of {@code page}. */
    private static String misalignment(AddressRange range, long page) {
        boolean start = !Unsigned.isAligned(range.start(), page);
        boolean size = !Unsigned.isAligned(range.size(), page);
        if (start && size) {
            return "start and size are";
        }
        return start ? "start is" : size ? "size is" : null;
    }

    // ---- the half a purpose belongs to -------------------------------------------------------------------------

    private static void half(Layout l, PagingFormat f, Region r, List<Finding> out) {
        Purpose p = r.purpose();
        if (p == Purpose.USER) {
            AddressRange kernel = Analysis.kernelHalf(f);
            if (r.range().overlaps(kernel)) {
                out.add(Finding.warning(Code.REGION_WRONG_HALF, "user region '" + r.name() + "' " + r.range()
                        + " overlaps the kernel half " + kernel + ", which every space shares", ref(l, r)));
            }
        } else if (p == Purpose.KERNEL || p == Purpose.DIRECT_MAP || p == Purpose.SELF_MAP || p == Purpose.WINDOW) {
            AddressRange user = userHalf(f);
            if (r.range().overlaps(user)) {
                out.add(Finding.warning(Code.REGION_WRONG_HALF, p.keyword() + " region '" + r.name() + "' " + r.range()
                        + " overlaps the user half " + user + ", which is not shared between spaces", ref(l, r)));
            }
        }
    }

    /** The low, per-process part of the VA space: TTBR0 (AArch64), the low canonical half, below 3 GiB on 32-bit. */
    static AddressRange userHalf(PagingFormat f) {
        if (f.halves().size() > 1) {
            return f.halves().get(0).ranges().get(0);
        }
        Half h = f.halves().get(0);
        if (h.ranges().size() > 1) {
            return h.ranges().get(0);
        }
        return AddressRange.inclusive(0, Analysis.kernelHalf(f).start() - 1);
    }

    // ---- overlaps ----------------------------------------------------------------------------------------------

    private static void overlaps(Layout l, List<Region> regions, List<Finding> out) {
        List<AddressRange> ranges = new ArrayList<>();
        regions.forEach(r -> ranges.add(r.range()));
        for (Overlaps.Group g : Overlaps.of(ranges, NAMED)) {
            Region later = regions.get(g.index());
            List<Subject> at = new ArrayList<>();
            at.add(ref(l, later));
            List<String> named = new ArrayList<>();
            for (int i : g.first()) {
                Region earlier = regions.get(i);
                at.add(ref(l, earlier));
                named.add("'" + earlier.name() + "' " + earlier.range());
            }
            String what = "region '" + later.name() + "' " + later.range() + " overlaps ";
            if (g.count() == 1) {
                Region earlier = regions.get(g.first().get(0));
                what += "region " + named.get(0) + " on " + later.range().intersection(earlier.range()).orElseThrow();
            } else {
                what += g.count() + " regions written before it: " + named(named, g.count());
            }
            out.add(new Finding(Severity.ERROR, Code.REGION_OVERLAP, what, at, Map.of()));
        }
    }

    /** How many overlapped ranges a grouped overlap finding names; the rest are counted ("and 993 more"). */
    static final int NAMED = 3;

    /** {@code a, b and c} when that is all {@code count}; {@code a, b, c and 993 more} otherwise. */
    static String named(List<String> named, int count) {
        if (named.size() == count) {
            return join(named);
        }
        return String.join(", ", named) + " and " + (count - named.size()) + " more";
    }

    static Subject.RegionBaseRef baseRef(Layout l, Region r) {
        return new Subject.RegionBaseRef(l.name(), r.name());
    }

    static Subject.RegionRef ref(Layout l, Region r) {
        return new Subject.RegionRef(l.name(), r.name());
    }

    // ---- interval arithmetic shared by the machine, layout and mapping checks -----------------------------------

    static final Comparator<AddressRange> BY_START = Comparator.comparing(AddressRange::start, Long::compareUnsigned);

    /**
     * The union of {@code ranges} as disjoint ranges sorted by start; overlapping and adjacent ranges are joined,
     * except where the join would cover all 2^64 addresses (no {@link AddressRange} can): those stay two ranges.
     */
    static List<AddressRange> union(List<AddressRange> ranges) {
        List<AddressRange> out = new ArrayList<>();
        long start = 0;
        long last = 0;
        boolean open = false;
        for (AddressRange r : sortedByStart(ranges)) {
            boolean joins = last == -1L || Unsigned.lessOrEqual(r.start(), last + 1);
            long joinedLast = Unsigned.max(last, r.last());
            if (open && joins && !(start == 0 && joinedLast == -1L)) {
                last = joinedLast;
                continue;
            }
            if (open && joins) {
                // covering everything: keep the first range and the rest of this one
                out.add(AddressRange.inclusive(start, last));
                start = last + 1;
                last = -1L;
                continue;
            }
            if (open) {
                out.add(AddressRange.inclusive(start, last));
            }
            start = r.start();
            last = r.last();
            open = true;
        }
        if (open) {
            out.add(AddressRange.inclusive(start, last));
        }
        return out;
    }

    /** {@code ranges} sorted by start, as {@link #uncovered} takes them. */
    static List<AddressRange> sortedByStart(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(BY_START);
        return sorted;
    }

    /**
     * The parts of {@code range} that no range of {@code sorted} covers. {@code sorted} is sorted by start and may
     * overlap itself: the cursor is always one past the highest address covered so far, so nothing is ever merged
     * (a merge could cover all 2^64 addresses, which no {@link AddressRange} can hold).
     */
    static List<AddressRange> uncovered(AddressRange range, List<AddressRange> sorted) {
        List<AddressRange> out = new ArrayList<>();
        long cursor = range.start();
        for (AddressRange c : sorted) {
            if (Unsigned.lessThan(c.last(), cursor)) {
                continue;
            }
            if (Unsigned.lessThan(range.last(), c.start())) {
                break;
            }
            if (Unsigned.lessThan(cursor, c.start())) {
                out.add(AddressRange.inclusive(cursor, c.start() - 1));
            }
            if (Unsigned.lessOrEqual(range.last(), c.last())) {
                return out;
            }
            cursor = c.last() + 1;
        }
        out.add(AddressRange.inclusive(cursor, range.last()));
        return out;
    }

    /** {@code a, b and c}. */
    static String join(List<?> parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append(i == parts.size() - 1 ? " and " : ", ");
            }
            sb.append(parts.get(i));
        }
        return sb.toString();
    }
}
