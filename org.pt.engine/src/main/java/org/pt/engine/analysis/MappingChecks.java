package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Layout;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.PageFit;
import org.pt.engine.space.PageSizePolicy;

/**
 * Checks of one map statement (its resolved mappings) against the space's layout, on intervals only: a 64 TiB direct
 * map costs what a 4 KiB mapping costs, O(log n + k) per mapping for n regions of which k are touched.
 *
 * <p>A mapping with an explicit physical address ({@link MapSource.Physical}):
 * <ul>
 * <li>{@link Code#MAPPING_OUTSIDE_REGIONS} (error) names the parts that no region covers;</li>
 * <li>{@link Code#MAPPING_IN_GUARD} (error) names the part in each guard region: a guard is stronger than a hole
 * left unwritten, so it is at least as severe;</li>
 * <li>{@link Code#MAPPING_WRONG_PURPOSE} (warning): a user mapping in a kernel, direct-map, window or MMIO region,
 * a kernel mapping in a user region, any mapping in a self-map region (its addresses show the page tables through
 * the recursive entry);</li>
 * <li>{@link Code#DIRECT_MAP_OFFSET_MISMATCH} (warning): a mapping in a direct-map region whose physical address is
 * not the region's offset (VA = region start + (PA - the region's physical base)), so the direct map would not hold
 * the frames where a table lookup expects them. Whether explicit mappings into a direct-map region cover all RAM is not
 * checked per statement: a kernel may build its direct map piece by piece, and whether the tables' frames are covered
 * is the direct-map strategy's check.</li>
 * </ul>
 * Any mapping: {@link Code#PAGE_CAP_UNUSED} (warning) when its cap ({@code pages <= SIZE}) cannot use a page of SIZE
 * anywhere (see {@link #capUnused}).
 * {@code map all ram into R} ({@link MapSource.AllRam}) is checked once per statement, not per RAM range
 * ({@link #allRam}); R holds physical p at {@code start + (p - base)}, its base written {@code from physical BASE}
 * (0 when not): {@link Code#RAM_BELOW_PHYSICAL_BASE} (error) naming the RAM below the base (left unmapped; data
 * {@code base}, the first RAM byte), {@link Code#DIRECT_MAP_INCOMPLETE} (error) when the region ends before the
 * highest RAM address, naming the RAM above it (which would spill past the region; it is not reported again as outside
 * the regions; data {@code neededSize}, counted from the base), {@link Code#MAPPING_WRONG_PURPOSE} (warning) when R is
 * not a direct-map region or the mapping is user-accessible, and {@link Code#PHYSICAL_BASE_MISALIGNED} (warning) when
 * the base is not as far from a huge-page boundary as the region's start and that costs huge pages.
 *
 * <p>An identity mapping ({@link MapSource.Identity}) may lie outside every region (a boot trampoline, identity-mapped
 * tables). It must not take addresses a region needs for something else: {@link Code#IDENTITY_COLLIDES} (warning:
 * the tables build, but the region is blocked) for each user, direct-map, self-map, window or guard region it
 * touches. Inside a kernel, MMIO or other region it is that region's content (a kernel linked at its physical
 * address, devices mapped 1:1, a trampoline region written as "other") and only the user/kernel purpose rule applies.
 */
public final class MappingChecks {

    private MappingChecks() {
    }

    public static List<Finding> check(SpaceSpec s, List<ResolvedMapping> mappings) {
        if (mappings.isEmpty()) {
            return List.of();
        }
        Layout l = s.layout();
        Sorted regions = new Sorted(l);
        List<Finding> out = new ArrayList<>();
        capUnused(s, mappings, out);
        if (mappings.get(0).source() instanceof MapSource.AllRam) {
            return out; // see allRam
        }
        for (ResolvedMapping m : mappings) {
            Subject at = new Subject.OperationRef(s.name(), m.operation());
            boolean identity = m.source() instanceof MapSource.Identity;
            List<Region> touched = regions.overlapping(m.va());
            for (Region r : touched) {
                if (identity) {
                    identity(l, m, r, at, out);
                } else {
                    inRegion(l, m, r, at, out);
                }
            }
            if (!identity) {
                List<AddressRange> covered = new ArrayList<>();
                touched.forEach(r -> covered.add(r.range()));
                List<AddressRange> outside = LayoutChecks.uncovered(m.va(), covered); // touched is sorted by start
                if (!outside.isEmpty()) {
                    String what = outside.size() == 1 && outside.get(0).equals(m.va()) ? "mapping " + m.va()
                            + " is outside every region of layout '" + l.name() + "'"
                            : "mapping " + m.va() + " is not all inside regions of layout '" + l.name() + "': "
                                    + LayoutChecks.join(outside) + (outside.size() == 1 ? " is" : " are") + " in none";
                    out.add(Finding.error(Code.MAPPING_OUTSIDE_REGIONS, what, at));
                }
            }
        }
        return out;
    }

    /**
     * {@link Code#PAGE_CAP_UNUSED} (warning): {@code pages <= SIZE} where no page of SIZE fits anywhere in the statement's
     * mappings (VA and PA not equally far from a SIZE boundary, or no whole SIZE between boundaries), naming why and
     * the largest page that does fit. A cap that is no page size of the format is refused elsewhere.
     */
    private static void capUnused(SpaceSpec s, List<ResolvedMapping> mappings, List<Finding> out) {
        PageSizePolicy policy = mappings.get(0).policy();
        List<Long> sizes = s.layout().machine().format().pageSizes();
        long cap = policy.cap();
        if (policy.kind() != PageSizePolicy.Kind.CAP || !sizes.contains(cap) || cap == Collections.min(sizes)) {
            return;
        }
        ResolvedMapping widest = mappings.get(0);
        for (ResolvedMapping m : mappings) {
            if (PageFit.whyNowhere(m.va().start(), m.pa(), m.va().size(), cap).isEmpty()) {
                return;
            }
            widest = Long.compareUnsigned(m.va().size(), widest.va().size()) > 0 ? m : widest;
        }
        String why = PageFit.whyNowhere(widest.va().start(), widest.pa(), widest.va().size(), cap).orElseThrow();
        long fits = PageFit.largestFitting(widest.va().start(), widest.pa(), widest.va().size(), cap, sizes);
        out.add(Finding.warning(Code.PAGE_CAP_UNUSED, "pages <= " + SizeUnit.format(cap) + " uses no "
                + SizeUnit.format(cap) + " page in mapping " + widest.va() + (mappings.size() > 1 ? " (nor in any other RAM range)" : "")
                + ": " + why + "; its largest page is " + SizeUnit.format(fits),
                new Subject.OperationRef(s.name(), widest.operation())).withData("size", Unsigned.hex(cap)));
    }

    private static void inRegion(Layout l, ResolvedMapping m, Region r, Subject at, List<Finding> out) {
        Subject region = LayoutChecks.ref(l, r);
        Purpose p = r.purpose();
        if (p == Purpose.GUARD) {
            out.add(Finding.error(Code.MAPPING_IN_GUARD, "mapping " + m.va() + " maps " + common(m.va(), r.range())
                    + " in guard region '" + r.name() + "' " + r.range() + ", which must stay unmapped", at, region));
            return;
        }
        if (p == Purpose.SELF_MAP) {
            out.add(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "mapping " + m.va() + " lies in self_map region '"
                    + r.name() + "' " + r.range() + ", whose addresses show the page tables through the recursive entry",
                    at, region));
            return;
        }
        purpose(m, r, at, region, out);
        if (p == Purpose.DIRECT_MAP && m.source() instanceof MapSource.Physical) {
            AddressRange part = common(m.va(), r.range());
            long expected = r.physicalBase() + (part.start() - r.range().start());
            long actual = m.pa() + (part.start() - m.va().start());
            if (actual != expected) {
                out.add(Finding.warning(Code.DIRECT_MAP_OFFSET_MISMATCH, "mapping " + m.va() + " puts physical "
                        + Unsigned.hex(actual) + " at " + Unsigned.hex(part.start()) + " in direct_map region '" + r.name()
                        + "' " + r.range() + ", where the direct map holds physical " + Unsigned.hex(expected), at, region)
                        .withData("pa", Unsigned.hex(expected)));
            }
        }
    }

    /** The user/kernel rule: a user mapping in a kernel-purpose region, a kernel mapping in a user region. */
    private static void purpose(ResolvedMapping m, Region r, Subject at, Subject region, List<Finding> out) {
        Purpose p = r.purpose();
        boolean user = m.attributes().user();
        boolean kernelRegion = p == Purpose.KERNEL || p == Purpose.DIRECT_MAP || p == Purpose.WINDOW || p == Purpose.MMIO;
        if (user && kernelRegion) {
            out.add(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "user mapping " + m.va() + " lies in " + p.keyword()
                    + " region '" + r.name() + "' " + r.range(), at, region));
        } else if (!user && p == Purpose.USER) {
            out.add(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "kernel mapping " + m.va() + " lies in user region '"
                    + r.name() + "' " + r.range(), at, region));
        }
    }

    private static void identity(Layout l, ResolvedMapping m, Region r, Subject at, List<Finding> out) {
        Subject region = LayoutChecks.ref(l, r);
        switch (r.purpose()) {
            case KERNEL, MMIO, OTHER -> purpose(m, r, at, region, out);
            default -> out.add(Finding.warning(Code.IDENTITY_COLLIDES, "identity mapping " + m.va() + " collides with region '"
                    + r.name() + "' " + r.range(), at, region));
        }
    }

    /**
     * The checks of {@code map all ram into R}, whatever it resolved to ({@code resolved}, one mapping per RAM range at
     * or above R's physical base): RAM below the base, RAM past what R holds, R's purpose and user access, and huge
     * pages a base off their boundary costs.
     */
    public static List<Finding> allRam(SpaceSpec s, Operation.Map map, List<ResolvedMapping> resolved) {
        Layout l = s.layout();
        Optional<Region> target = map.region().flatMap(l::region);
        if (target.isEmpty()) {
            return List.of(); // Analysis reports the missing region
        }
        List<Finding> out = new ArrayList<>();
        Subject at = new Subject.OperationRef(s.name(), map.index());
        Region r = target.get();
        Subject region = LayoutChecks.ref(l, r);
        AddressRange reach = r.physicalReach();
        List<AddressRange> below = new ArrayList<>();
        List<AddressRange> above = new ArrayList<>();
        List<Subject> belowSubjects = new ArrayList<>(List.of(at, LayoutChecks.baseRef(l, r)));
        List<Subject> aboveSubjects = new ArrayList<>(List.of(at, region));
        long lowest = -1L;
        for (PhysicalRegion ram : l.machine().ram()) {
            lowest = Unsigned.min(lowest, ram.range().start());
            if (Long.compareUnsigned(ram.range().start(), reach.start()) < 0) {
                below.add(AddressRange.inclusive(ram.range().start(),
                        Unsigned.min(ram.range().last(), reach.start() - 1)));
                belowSubjects.add(new Subject.PhysicalRef(l.machine().name(), ram.index()));
            }
            if (Long.compareUnsigned(ram.range().last(), reach.last()) > 0) {
                above.add(AddressRange.inclusive(Unsigned.max(ram.range().start(), reach.last() + 1),
                        ram.range().last()));
                aboveSubjects.add(new Subject.PhysicalRef(l.machine().name(), ram.index()));
            }
        }
        if (!below.isEmpty()) {
            long base = lowest & -l.machine().format().smallestPage();
            out.add(new Finding(Severity.ERROR, Code.RAM_BELOW_PHYSICAL_BASE, "ram " + LayoutChecks.join(below)
                    + (below.size() == 1 ? " lies" : " lie") + " below physical " + Unsigned.hex(reach.start())
                    + ", the first byte of region '" + r.name() + "' " + r.range() + ", and cannot be mapped into it: "
                    + "write 'from physical " + Unsigned.hex(base)
                    + "' on the region to start it at the first RAM byte",
                    belowSubjects, Map.of()).withData("base", Unsigned.hex(base)));
        }
        if (!above.isEmpty()) {
            long highest = 0;
            for (AddressRange a : above) {
                highest = Unsigned.max(highest, a.last());
            }
            out.add(new Finding(Severity.ERROR, Code.DIRECT_MAP_INCOMPLETE, "region '" + r.name() + "' " + r.range()
                    + " is too small for all RAM: it covers physical " + reach + ", but ram "
                    + LayoutChecks.join(above) + (above.size() == 1 ? " lies" : " lie") + " above", aboveSubjects,
                    Map.of()).withData("neededSize", sizeFor(highest - reach.start())));
        }
        if (r.purpose() != Purpose.DIRECT_MAP) {
            out.add(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "all RAM mapped into " + r.purpose().keyword() + " region '"
                    + r.name() + "' " + r.range() + ", not a direct_map region", at, region));
        } else if (map.attributes().user()) {
            out.add(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "all RAM mapped user-accessible into direct_map region '"
                    + r.name() + "' " + r.range(), at, region));
        }
        hugePagesLost(s, map, r, resolved, at, out);
        return out;
    }

    /**
     * {@link Code#PHYSICAL_BASE_MISALIGNED} (warning): the region's start and its physical base are not equally far
     * from a boundary of a page size the statement may use, so no page of that size maps any of the RAM, where a base
     * on the boundary would have mapped some. Reported for the largest such size, with the count of pages lost.
     */
    private static void hugePagesLost(SpaceSpec s, Operation.Map map, Region r, List<ResolvedMapping> resolved,
            Subject at, List<Finding> out) {
        PageSizePolicy policy = map.policy();
        if (resolved.isEmpty() || policy.kind() == PageSizePolicy.Kind.SMALLEST
                || policy.kind() == PageSizePolicy.Kind.EXACT) {
            return; // an exact size that cannot be met is refused by the table builder
        }
        List<Long> sizes = new ArrayList<>(s.layout().machine().format().pageSizes());
        sizes.sort(Collections.reverseOrder(Long::compareUnsigned));
        for (long page : sizes) {
            if ((policy.kind() == PageSizePolicy.Kind.CAP && Long.compareUnsigned(page, policy.cap()) > 0)
                    || Unsigned.isAligned(r.range().start() - r.physicalBase(), page)) {
                continue;
            }
            long lost = 0;
            for (ResolvedMapping m : resolved) {
                lost += wholePages(m.physical(), page);
            }
            if (lost == 0) {
                continue;
            }
            ResolvedMapping first = resolved.get(0);
            String why = PageFit.whyNowhere(first.va().start(), first.pa(), first.va().size(), page).orElse("");
            out.add(Finding.warning(Code.PHYSICAL_BASE_MISALIGNED, "map all ram into '" + r.name() + "' can use no "
                    + SizeUnit.format(page) + " page: region start " + Unsigned.hex(r.range().start())
                    + " holds physical " + Unsigned.hex(r.physicalBase()) + ", and " + why + "; a physical base as far"
                    + " from a " + SizeUnit.format(page) + " boundary as the region's start would map " + lost
                    + " of them",
                    at, LayoutChecks.baseRef(s.layout(), r)).withData("alignment", Unsigned.hex(page)));
            return;
        }
    }

    /** How many {@code page}-aligned pages of {@code page} bytes lie wholly in {@code range}. */
    private static long wholePages(AddressRange range, long page) {
        long first = (range.start() + page - 1) & -page;
        long end = range.end() & -page;
        if (first == 0 && range.start() != 0 || Long.compareUnsigned(end, first) <= 0) {
            return 0;
        }
        return Long.divideUnsigned(end - first, page);
    }

    /** The size of {@code last + 1} bytes (a region that covers them from its base); 16 EiB when that overflows. */
    private static String sizeFor(long last) {
        return last == -1L ? "16 EiB" : SizeUnit.format(last + 1);
    }

    private static AddressRange common(AddressRange a, AddressRange b) {
        return a.intersection(b).orElseThrow();
    }

    /**
     * A layout's meaningful regions sorted by start, with the running maximum of their last addresses, so that the
     * regions overlapping a range are found by one binary search and a backward scan that stops as soon as no earlier
     * region can reach the range (regions may overlap each other; that is reported by {@link LayoutChecks}).
     */
    static final class Sorted {
        private final Region[] regions;
        private final long[] starts;
        private final long[] maxLast;

        Sorted(Layout l) {
            PagingFormat f = l.machine().format();
            List<Region> list = new ArrayList<>();
            for (Region r : l.regions()) {
                if (LayoutChecks.meaningful(f, r)) {
                    list.add(r);
                }
            }
            list.sort((a, b) -> Long.compareUnsigned(a.range().start(), b.range().start()));
            regions = list.toArray(new Region[0]);
            starts = new long[regions.length];
            maxLast = new long[regions.length];
            long max = 0;
            for (int i = 0; i < regions.length; i++) {
                starts[i] = regions[i].range().start();
                max = i == 0 ? regions[i].range().last() : Unsigned.max(max, regions[i].range().last());
                maxLast[i] = max;
            }
        }

        /** The regions overlapping {@code range}, sorted by start. */
        List<Region> overlapping(AddressRange range) {
            // first index whose start is above range.last()
            int lo = 0;
            int hi = regions.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Unsigned.lessOrEqual(starts[mid], range.last())) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            List<Region> out = new ArrayList<>();
            for (int i = lo - 1; i >= 0 && Unsigned.lessOrEqual(range.start(), maxLast[i]); i--) {
                if (Unsigned.lessOrEqual(range.start(), regions[i].range().last())) {
                    out.add(regions[i]);
                }
            }
            Collections.reverse(out);
            return out;
        }
    }
}
