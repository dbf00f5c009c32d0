package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Permissions;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Operation;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Region;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Run;
import org.pt.engine.space.RunBuilder;
import org.pt.engine.space.Simulation;
import org.pt.engine.space.TableTree;
import org.pt.engine.walk.Translation;

/**
 * Traps a reviewer of kernel page tables looks for, over the runs (effective permissions and attributes) of every
 * built space, machine by machine:
 * <ul>
 * <li>{@link Code#WRITABLE_AND_EXECUTABLE} (warning): ranges writable and executable by the kernel or by the user, as
 * Linux's boot-time W+X check reports them. Adjacent runs with the same permissions are one range. Not reported on
 * a format that cannot map a page writable but not executable (32-bit x86 paging, x86 without NX), where every
 * writable page is executable and nothing can be fixed range by range.</li>
 * <li>{@link Code#KERNEL_REACHABLE_FROM_USER} (warning): user-accessible ranges inside a region of kernel purpose
 * ({@link org.pt.engine.model.Purpose#isKernel()}) or, outside such regions, inside the kernel half.</li>
 * <li>{@link Code#CACHE_TYPE_CONFLICT} (warning): one physical range mapped with two memory types, across every space
 * of the machine (a direct map and an ioremap-style alias, a page-table frame mapped anything but write-back, which
 * is how the walker reads tables). Also MMIO ranges of the machine mapped cacheable (write-back or write-through):
 * device registers must not be cached or prefetched. Reserved ranges are not checked: firmware tables and similar
 * reserved RAM are legitimately mapped write-back. Any two different memory types conflict (x86 requires one type per
 * page; AArch64 calls it mismatched attributes), UC- and UC included.</li>
 * <li>{@link Code#RAM_EXPOSED} (info, a measure rather than a defect): how much of the machine's RAM each space's
 * kernel half maps, once per space that maps any; the percentage is rounded down so that it never overstates
 * ("less than 1 %" rather than 0).</li>
 * </ul>
 * A range reached through tables shared by several spaces (the kernel half) is reported once, naming every space that
 * has it. Each space reports at most {@link #LIMIT} ranges per kind and then one "and N more" finding; conflicts are
 * capped per machine. The first subject is the statement that set the offending attributes (the latest map or protect
 * statement of the range with them), else the space's strategy (for a self-map) or the space.
 *
 * <p>Self-referencing entries (a recursive slot, a foreign slot, any table entry pointing at a table of another level)
 * are not descended: through them every table of the space appears as a page, which would list one run per table
 * entry. Such an entry is judged by the page the walk reaches when it follows the entry at every level (the table
 * seen through itself): a self-map whose entry is writable without NX is W+X, one with the user bit lets user mode
 * edit the page tables. Its memory type is not compared with other mappings.
 *
 * <p>Runs come from {@link Leaves}: {@link AddressSpace#runs}'s {@link RunBuilder} over the {@link TableTree}
 * traversal, once per top-level entry, so that an entry shared by several spaces is scanned once per machine.
 * Measured ({@code TraversalRace}, JDK 25, x86_64 with a recursive slot, on a shared machine): 64 GiB of 4 KiB pages
 * (16 M leaves) about 0.14 s and 64 TiB of 2 MiB pages (32 M leaves) about 0.3 s, against 0.5 s and 0.9 s for the
 * private scanner this class used to keep.
 */
final class Hazards {

    /** Findings of one kind listed per space (or, for memory-type conflicts, per machine) before "and N more". */
    static final int LIMIT = 8;

    private Hazards() {
    }

    static List<Finding> check(List<BuiltSpace> spaces) {
        Map<Simulation, List<BuiltSpace>> bySimulation = new LinkedHashMap<>();
        for (BuiltSpace b : spaces) {
            bySimulation.computeIfAbsent(b.space().simulation(), k -> new ArrayList<>()).add(b);
        }
        List<Finding> out = new ArrayList<>();
        for (List<BuiltSpace> group : bySimulation.values()) {
            out.addAll(new OnMachine(group).check());
        }
        return out;
    }

    /** One range of effective permissions to judge: a merged run, or the view through a self-referencing entry. */
    private record Exposure(AddressRange va, Permissions permissions, String via) {
    }

    /** A user-accessible exposure, or the part of one, inside a kernel region ({@code region} null: the kernel half). */
    private record Reach(AddressRange va, Permissions permissions, String via, String layout, Region region) {
    }

    /** Consecutive runs of one space with contiguous VA and PA and one memory type. */
    private record Typed(AddressRange va, long pa, CacheType cache) {
        AddressRange physical() {
            return AddressRange.ofSize(pa, va.size());
        }

        /** The VAs that map the physical sub-range {@code p}. */
        AddressRange vaOf(AddressRange p) {
            return AddressRange.ofSize(va.start() + (p.start() - pa), p.size());
        }
    }

    /** A physical interval for the memory-type sweep: a mapping (with the spaces that have it) or page-table memory. */
    private record Interval(AddressRange pa, CacheType cache, Typed mapping, List<BuiltSpace> holders) {
        boolean tables() {
            return mapping == null;
        }
    }

    private static final class OnMachine {
        private final List<BuiltSpace> spaces;
        private final Simulation sim;
        private final PagingFormat f;
        private final Machine machine;
        private final AddressRange kernelHalf;
        private final Map<BuiltSpace, Leaves.Scanned> scanned = new IdentityHashMap<>();

        OnMachine(List<BuiltSpace> spaces) {
            this.spaces = spaces;
            this.sim = spaces.get(0).space().simulation();
            this.f = sim.format();
            this.machine = spaces.get(0).spec().layout().machine();
            this.kernelHalf = Analysis.kernelHalf(f);
            Leaves leaves = new Leaves(sim);
            for (BuiltSpace b : spaces) {
                scanned.put(b, leaves.scan(b.space()));
            }
        }

        List<Finding> check() {
            List<Finding> out = new ArrayList<>();
            writableAndExecutable(out);
            reachableFromUser(out);
            cacheTypes(out);
            ramExposed(out);
            return out;
        }

        // ---- W+X ---------------------------------------------------------------------------------------------------

        private static boolean wx(Permissions p) {
            return p.kernelWrite() && p.kernelExecute() || p.userWrite() && p.userExecute();
        }

        private static boolean user(Permissions p) {
            return p.userRead() || p.userWrite() || p.userExecute();
        }

        private void writableAndExecutable(List<Finding> out) {
            if (f.check(Attributes.of("rw")).isPresent()) {
                return; // no page can be writable without being executable: nothing to fix range by range
            }
            Map<Exposure, List<BuiltSpace>> found = new LinkedHashMap<>();
            for (BuiltSpace b : spaces) {
                for (Exposure e : exposures(scanned.get(b), OnMachine::wx)) {
                    found.computeIfAbsent(e, k -> new ArrayList<>()).add(b);
                }
            }
            Listing<BuiltSpace> capped = new Listing<>(LIMIT);
            for (Map.Entry<Exposure, List<BuiltSpace>> en : found.entrySet()) {
                Exposure e = en.getKey();
                List<BuiltSpace> holders = en.getValue();
                if (capped.admit(holders.get(0), e.va().size())) {
                    out.add(new Finding(Severity.WARNING, Code.WRITABLE_AND_EXECUTABLE, "W+X: " + e.va() + " in "
                            + names(holders) + " is writable and executable (" + e.permissions() + ")" + via(e.via()),
                            subjects(holders, e.va(), e.via(), a -> a.write() && a.execute(), List.of()), Map.of()));
                }
            }
            capped.omitted((b, n, size) -> out.add(Finding.warning(Code.WRITABLE_AND_EXECUTABLE, "W+X: and " + n
                    + " more ranges in '" + b.name() + "' (" + SizeUnit.format(size) + " in all) are writable and executable",
                    new Subject.SpaceRef(b.name()))));
        }

        /** Runs (and self-map views) whose permissions satisfy {@code p}, adjacent ones with equal permissions merged. */
        private static List<Exposure> exposures(Leaves.Scanned s, Predicate<Permissions> p) {
            List<Exposure> out = new ArrayList<>();
            for (Run r : s.runs()) {
                if (!p.test(r.permissions())) {
                    continue;
                }
                if (!out.isEmpty()) {
                    Exposure prev = out.get(out.size() - 1);
                    if (prev.va().last() + 1 == r.va().start() && prev.permissions().equals(r.permissions())) {
                        out.set(out.size() - 1, new Exposure(AddressRange.inclusive(prev.va().start(), r.va().last()),
                                prev.permissions(), ""));
                        continue;
                    }
                }
                out.add(new Exposure(r.va(), r.permissions(), ""));
            }
            for (Leaves.Loop l : s.loops()) {
                if (p.test(l.permissions())) {
                    out.add(new Exposure(l.va(), l.permissions(), l.entry()));
                }
            }
            out.sort((a, b) -> Long.compareUnsigned(a.va().start(), b.va().start()));
            return out;
        }

        private static String via(String entry) {
            return entry.isEmpty() ? "" : ": " + entry + " maps page tables there";
        }

        // ---- user-accessible kernel ranges -------------------------------------------------------------------------

        private void reachableFromUser(List<Finding> out) {
            Map<Reach, List<BuiltSpace>> found = new LinkedHashMap<>();
            for (BuiltSpace b : spaces) {
                Layout l = b.spec().layout();
                for (Exposure e : exposures(scanned.get(b), OnMachine::user)) {
                    for (Reach r : inKernel(e, l)) {
                        found.computeIfAbsent(r, k -> new ArrayList<>()).add(b);
                    }
                }
            }
            Listing<BuiltSpace> capped = new Listing<>(LIMIT);
            for (Map.Entry<Reach, List<BuiltSpace>> en : found.entrySet()) {
                Reach r = en.getKey();
                List<BuiltSpace> holders = en.getValue();
                if (!capped.admit(holders.get(0), r.va().size())) {
                    continue;
                }
                String where = r.region() == null ? "the kernel half " + kernelHalf
                        : "kernel region '" + r.region().name() + "' " + r.region().range();
                List<Subject> extra = r.region() == null ? List.of() : List.of(new Subject.RegionRef(r.layout(), r.region().name()));
                out.add(new Finding(Severity.WARNING, Code.KERNEL_REACHABLE_FROM_USER, r.va() + " in " + names(holders)
                        + " is user-accessible (" + r.permissions() + ") inside " + where + via(r.via()),
                        subjects(holders, r.va(), r.via(), Attributes::user, extra), Map.of()));
            }
            capped.omitted((b, n, size) -> out.add(Finding.warning(Code.KERNEL_REACHABLE_FROM_USER, "and " + n
                    + " more user-accessible ranges in '" + b.name() + "' (" + SizeUnit.format(size)
                    + " in all) lie inside kernel regions or the kernel half", new Subject.SpaceRef(b.name()))));
        }

        /** The parts of {@code e} inside kernel-purpose regions (one each) and inside the kernel half but no such region. */
        private List<Reach> inKernel(Exposure e, Layout l) {
            List<Reach> out = new ArrayList<>();
            List<AddressRange> covered = new ArrayList<>();
            for (Region r : l.regions()) {
                if (r.purpose().isKernel()) {
                    Optional<AddressRange> part = e.va().intersection(r.range());
                    if (part.isPresent()) {
                        out.add(new Reach(part.get(), e.permissions(), e.via(), l.name(), r));
                        covered.add(part.get());
                    }
                }
            }
            Optional<AddressRange> inHalf = e.va().intersection(kernelHalf);
            if (inHalf.isPresent()) {
                for (AddressRange rest : LayoutChecks.uncovered(inHalf.get(), LayoutChecks.union(covered))) {
                    out.add(new Reach(rest, e.permissions(), e.via(), l.name(), null));
                }
            }
            out.sort((a, b) -> Long.compareUnsigned(a.va().start(), b.va().start()));
            return out;
        }

        // ---- memory types ------------------------------------------------------------------------------------------

        private void cacheTypes(List<Finding> out) {
            Map<Typed, List<BuiltSpace>> typed = new LinkedHashMap<>();
            for (BuiltSpace b : spaces) {
                for (Typed t : typed(scanned.get(b).runs())) {
                    typed.computeIfAbsent(t, k -> new ArrayList<>()).add(b);
                }
            }
            List<Interval> intervals = new ArrayList<>();
            typed.forEach((t, holders) -> intervals.add(new Interval(t.physical(), t.cache(), t, holders)));
            for (AddressRange tables : tableMemory()) {
                intervals.add(new Interval(tables, CacheType.WRITE_BACK, null, List.of()));
            }
            intervals.sort((a, b) -> Long.compareUnsigned(a.pa().start(), b.pa().start()));
            // findings are built only for the listed ones: a pathological spec may have a conflict per page
            List<Supplier<Finding>> found = new ArrayList<>();
            List<Interval> active = new ArrayList<>();
            for (Interval x : intervals) {
                active.removeIf(a -> Unsigned.lessThan(a.pa().last(), x.pa().start()));
                for (Interval a : active) {
                    if (a.cache() != x.cache()) {
                        found.add(() -> conflict(a, x, a.pa().intersection(x.pa()).orElseThrow()));
                    }
                }
                active.add(x);
            }
            // a format that can only say write-back in its entries (RISC-V without Svpbmt, Sv32) leaves the memory type
            // of MMIO to the platform (PMAs): a 'cacheable' MMIO mapping there is not a trap the spec could avoid
            boolean entriesSetMemoryType = machine.format().check(Attributes.of("rw").withCache(CacheType.DEVICE)).isEmpty();
            for (PhysicalRegion mmio : machine.memory()) {
                if (mmio.kind() != PhysicalKind.MMIO || !entriesSetMemoryType) {
                    continue;
                }
                typed.forEach((t, holders) -> {
                    boolean cacheable = t.cache() == CacheType.WRITE_BACK || t.cache() == CacheType.WRITE_THROUGH;
                    Optional<AddressRange> common = t.physical().intersection(mmio.range());
                    if (cacheable && common.isPresent()) {
                        List<Subject> extra = List.of(new Subject.PhysicalRef(machine.name(), mmio.index()));
                        found.add(() -> new Finding(Severity.WARNING, Code.CACHE_TYPE_CONFLICT, mmio + " is mapped "
                                + t.cache().keyword() + " at " + t.vaOf(common.get()) + " in " + names(holders)
                                + " (physical " + common.get() + "): device registers must not be cached; map them uc or "
                                + "device", subjects(holders, t.va(), "", a -> a.cache() == t.cache(), extra), Map.of()));
                    }
                });
            }
            Listing<Machine> capped = new Listing<>(LIMIT);
            for (Supplier<Finding> x : found) {
                if (capped.admit(machine)) {
                    out.add(x.get());
                }
            }
            capped.omitted((m, n, size) -> out.add(Finding.warning(Code.CACHE_TYPE_CONFLICT, "and " + n
                    + " more physical ranges of machine '" + m.name() + "' are mapped with two memory types or cached as"
                    + " mmio", new Subject.MachineRef(m.name()))));
        }

        /** Memory-type views of a space's runs: consecutive runs with contiguous VA and PA and one type joined. */
        private static List<Typed> typed(List<Run> runs) {
            List<Typed> out = new ArrayList<>();
            for (Run r : runs) {
                CacheType c = r.attributes().cache();
                if (!out.isEmpty()) {
                    Typed prev = out.get(out.size() - 1);
                    if (prev.cache() == c && prev.va().last() + 1 == r.va().start()
                            && prev.pa() + prev.va().size() == r.pa()) {
                        out.set(out.size() - 1, new Typed(AddressRange.inclusive(prev.va().start(), r.va().last()),
                                prev.pa(), c));
                        continue;
                    }
                }
                out.add(new Typed(r.va(), r.pa(), c));
            }
            return out;
        }

        /** Every live table of the machine, contiguous ones joined. */
        private List<AddressRange> tableMemory() {
            List<AddressRange> all = new ArrayList<>();
            for (PhysicalMemory.TableInfo t : sim.memory().tables()) {
                all.add(AddressRange.ofSize(t.pa(), t.bytes()));
            }
            return LayoutChecks.union(all);
        }

        /** {@code a} starts no later than {@code b}; the odd one (not write-back, else the later) is shown first. */
        private Finding conflict(Interval a, Interval b, AddressRange common) {
            if (a.tables() || b.tables()) {
                Interval m = a.tables() ? b : a;
                Interval t = a.tables() ? a : b;
                String text = "page tables at physical " + common + " are mapped " + m.cache().keyword() + " at "
                        + m.mapping().vaOf(common) + " in " + names(m.holders()) + ": the MMU reads tables "
                        + "write-back, and a table frame mapped with another memory type can machine-check";
                return new Finding(Severity.WARNING, Code.CACHE_TYPE_CONFLICT, text,
                        subjects(m.holders(), m.mapping().va(), "", x -> x.cache() == m.cache(), List.of()), Map.of());
            }
            Interval odd = a.cache() != CacheType.WRITE_BACK && b.cache() == CacheType.WRITE_BACK ? a : b;
            Interval other = odd == a ? b : a;
            String text = "physical " + common + " is mapped " + other.cache().keyword() + " at "
                    + other.mapping().vaOf(common) + " in " + names(other.holders()) + ", and " + odd.cache().keyword()
                    + " at " + odd.mapping().vaOf(common) + " in " + names(odd.holders())
                    + ": one physical page must have one memory type";
            List<Subject> extra = List.of(subjects(other.holders(), other.mapping().va(), "",
                    x -> x.cache() == other.cache(), List.of()).get(0));
            return new Finding(Severity.WARNING, Code.CACHE_TYPE_CONFLICT, text,
                    subjects(odd.holders(), odd.mapping().va(), "", x -> x.cache() == odd.cache(), extra), Map.of());
        }

        // ---- RAM exposed -------------------------------------------------------------------------------------------

        private void ramExposed(List<Finding> out) {
            List<AddressRange> ramRanges = new ArrayList<>();
            for (PhysicalRegion r : machine.ram()) {
                ramRanges.add(r.range());
            }
            Bytes ram = new Bytes(LayoutChecks.union(ramRanges));
            long total = ram.total();
            if (total == 0) {
                return;
            }
            for (BuiltSpace b : spaces) {
                List<AddressRange> mapped = new ArrayList<>();
                for (Run r : scanned.get(b).runs()) {
                    r.va().intersection(kernelHalf).ifPresent(part -> mapped.add(
                            AddressRange.ofSize(r.pa() + (part.start() - r.va().start()), part.size())));
                }
                long exposed = 0;
                for (AddressRange m : LayoutChecks.union(mapped)) {
                    exposed += ram.in(m);
                }
                if (exposed == 0) {
                    continue;
                }
                long percent = java.math.BigInteger.valueOf(exposed).multiply(java.math.BigInteger.valueOf(100))
                        .divide(java.math.BigInteger.valueOf(total)).longValue();
                String share = percent == 0 ? "less than 1 %" : percent + " %";
                out.add(new Finding(Severity.INFO, Code.RAM_EXPOSED, "the kernel half " + kernelHalf + " of '" + b.name()
                        + "' maps " + SizeUnit.format(exposed) + " of " + SizeUnit.format(total) + " RAM (" + share
                        + "), which speculative-execution attacks can read", List.of(ramSubject(b, ram)),
                        Map.of("exposed", Long.toUnsignedString(exposed), "ram", Long.toUnsignedString(total))));
            }
        }

        /** The statement of {@code b} mapping the most RAM into the kernel half, else its share statement, else it. */
        private Subject ramSubject(BuiltSpace b, Bytes ram) {
            int best = -1;
            long most = 0;
            for (ResolvedMapping m : b.mappings()) {
                Optional<AddressRange> inHalf = m.va().intersection(kernelHalf);
                if (inHalf.isEmpty()) {
                    continue;
                }
                long bytes = ram.in(AddressRange.ofSize(m.pa() + (inHalf.get().start() - m.va().start()),
                        inHalf.get().size()));
                if (Long.compareUnsigned(bytes, most) > 0) {
                    most = bytes;
                    best = m.operation();
                }
            }
            if (best >= 0) {
                return new Subject.OperationRef(b.name(), best);
            }
            return b.spec().shareKernelWith().isPresent() ? new Subject.ShareRef(b.name()) : new Subject.SpaceRef(b.name());
        }

        // ---- subjects and names ------------------------------------------------------------------------------------

        /**
         * The statement that set the attributes of {@code va} in the first holder that has one, then {@code extra},
         * then the other holders: a self-map view is shown at the strategy of the first holder.
         */
        private static List<Subject> subjects(List<BuiltSpace> holders, AddressRange va, String via,
                Predicate<Attributes> wanted, List<Subject> extra) {
            List<Subject> out = new ArrayList<>();
            BuiltSpace shownIn = holders.get(0);
            if (via.isEmpty()) {
                for (BuiltSpace b : holders) {
                    OptionalInt op = statement(b, va, wanted);
                    if (op.isPresent()) {
                        out.add(new Subject.OperationRef(b.name(), op.getAsInt()));
                        shownIn = b;
                        break;
                    }
                }
            } else if (shownIn.spec().strategy().isPresent()) {
                out.add(new Subject.StrategyRef(shownIn.name()));
            }
            if (out.isEmpty()) {
                out.add(new Subject.SpaceRef(shownIn.name()));
            }
            out.addAll(extra);
            for (BuiltSpace b : holders) {
                if (b != shownIn) {
                    out.add(new Subject.SpaceRef(b.name()));
                }
            }
            return out;
        }

        /**
         * The latest map or protect statement of {@code b} touching {@code va} whose attributes satisfy {@code wanted},
         * else the latest touching it at all.
         */
        private static OptionalInt statement(BuiltSpace b, AddressRange va, Predicate<Attributes> wanted) {
            int any = -1;
            int matching = -1;
            for (ResolvedMapping m : b.mappings()) {
                if (m.va().overlaps(va)) {
                    any = Math.max(any, m.operation());
                    if (wanted.test(m.attributes())) {
                        matching = Math.max(matching, m.operation());
                    }
                }
            }
            for (Operation op : b.spec().operations()) {
                if (op instanceof Operation.Protect p && p.va().overlaps(va)) {
                    any = Math.max(any, p.index());
                    if (wanted.test(p.attributes())) {
                        matching = Math.max(matching, p.index());
                    }
                }
            }
            int chosen = matching >= 0 ? matching : any;
            return chosen >= 0 ? OptionalInt.of(chosen) : OptionalInt.empty();
        }

        /** {@code 'kernel'}, {@code 'kernel' and 'init'}, {@code 'a', 'b' and 'c'}. */
        private static String names(List<BuiltSpace> holders) {
            List<String> quoted = new ArrayList<>();
            for (BuiltSpace b : holders) {
                quoted.add("'" + b.name() + "'");
            }
            return LayoutChecks.join(quoted);
        }
    }

    /**
     * How many bytes of a set of disjoint ranges (sorted by start) lie in a range: a binary search and a difference of
     * running totals, so that a machine with 100,000 RAM ranges is measured against each mapping in O(log n).
     */
    static final class Bytes {
        private final long[] starts;
        private final long[] lasts;
        /** {@code before[i]}: the bytes of ranges {@code 0 .. i - 1}. */
        private final long[] before;

        Bytes(List<AddressRange> sortedDisjoint) {
            int n = sortedDisjoint.size();
            starts = new long[n];
            lasts = new long[n];
            before = new long[n + 1];
            for (int i = 0; i < n; i++) {
                starts[i] = sortedDisjoint.get(i).start();
                lasts[i] = sortedDisjoint.get(i).last();
                before[i + 1] = before[i] + sortedDisjoint.get(i).size();
            }
        }

        long total() {
            return before[starts.length];
        }

        /** The bytes of the ranges inside {@code r}. */
        long in(AddressRange r) {
            int first = firstEndingAtOrAbove(r.start());
            int end = firstStartingAbove(r.last());
            if (first >= end) {
                return 0;
            }
            long bytes = before[end] - before[first];
            if (Unsigned.lessThan(starts[first], r.start())) {
                bytes -= r.start() - starts[first];
            }
            if (Unsigned.lessThan(r.last(), lasts[end - 1])) {
                bytes -= lasts[end - 1] - r.last();
            }
            return bytes;
        }

        private int firstEndingAtOrAbove(long va) {
            int lo = 0;
            int hi = lasts.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Unsigned.lessThan(lasts[mid], va)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private int firstStartingAbove(long va) {
            int lo = 0;
            int hi = starts.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Unsigned.lessOrEqual(starts[mid], va)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * The runs of each space ({@link AddressSpace#runs} over the whole space, from the same {@link RunBuilder}) and the
     * views through its self-referencing entries, from one {@link TableTree} traversal per top-level entry. A top-level
     * entry shared by several spaces (same slot, same raw entry) is scanned once per machine.
     */
    static final class Leaves {
        private final PagingFormat f;
        private final PhysicalMemory mem;
        private final TableTree tree;
        private final Map<SlotKey, Scanned> cache = new HashMap<>();

        /** The runs of a space, and the views through its self-referencing entries. */
        record Scanned(List<Run> runs, List<Loop> loops) {
        }

        /**
         * A self-referencing entry ({@code entry} as {@code PML4[510]}) translating {@code va}, with the permissions
         * of the page reached by following it at every level (the table seen through itself).
         */
        record Loop(AddressRange va, String entry, Permissions permissions) {
        }

        private record SlotKey(int half, long start, long last, long raw) {
        }

        Leaves(Simulation sim) {
            this.f = sim.format();
            this.mem = sim.memory();
            this.tree = sim.tree();
        }

        Scanned scan(AddressSpace s) {
            RunBuilder sink = new RunBuilder();
            List<Loop> loops = new ArrayList<>();
            for (Half h : f.halves()) {
                long root = s.root(h.index());
                Geometry.Level top = h.geometry().level(0);
                long eSize = top.entrySize();
                for (AddressRange part : h.ranges()) {
                    long cur = part.start();
                    while (true) {
                        long t = Unsigned.min(part.last(), (cur & -eSize) + eSize - 1);
                        long e = mem.read(root + (long) h.geometry().index(cur, 0) * f.entryBytes());
                        if (f.kind(e, top.archLevel()) != EntryKind.INVALID) {
                            AddressRange slotRange = AddressRange.inclusive(cur, t);
                            Scanned slot = cache.computeIfAbsent(new SlotKey(h.index(), cur, t, e), k -> {
                                Slot one = new Slot(s, slotRange);
                                tree.visit(s, h, slotRange, one);
                                return new Scanned(one.runs.finish(), List.copyOf(one.loops));
                            });
                            for (Run r : slot.runs()) {
                                sink.add(r.va().start(), r.va().last(), r.pa(), r.pageSize(), r.permissions(), r.attributes());
                            }
                            loops.addAll(slot.loops());
                        }
                        if (t == part.last()) {
                            break;
                        }
                        cur = t + 1;
                    }
                }
            }
            return new Scanned(sink.finish(), loops);
        }

        /** The runs and self-map views under one top-level entry. */
        private final class Slot implements TableTree.Visitor {
            final AddressSpace space;
            final RunBuilder runs;
            final List<Loop> loops = new ArrayList<>();

            Slot(AddressSpace space, AddressRange range) {
                this.space = space;
                this.runs = new RunBuilder(space, range);
            }

            @Override
            public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment, long va,
                    long pageSize) {
                runs.leaves(half, depth, table, index, count, raw, increment, va, pageSize);
            }

            /** The view through a self-referencing entry: the walk of the VA that follows it at every level. */
            @Override
            public void selfMap(Half h, int d, long table, int i, long raw, long va) {
                Geometry g = h.geometry();
                long probe = va;
                for (int k = d + 1; k < g.depth(); k++) {
                    Geometry.Level l = g.level(k);
                    probe |= ((long) i & (l.entries() - 1)) << l.shift();
                }
                Translation tr = f.walk(mem, space.root(h.index()), h, probe, null, null);
                if (tr instanceof Translation.Mapped m) {
                    loops.add(new Loop(AddressRange.inclusive(va, va + (g.level(d).entrySize() - 1)),
                            g.level(d).name() + "[" + i + "]", m.permissions()));
                }
            }
        }
    }
}
