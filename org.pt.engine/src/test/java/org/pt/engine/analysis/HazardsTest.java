package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.analyse;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Run;
import org.pt.engine.space.Simulation;

/** Hazards: W+X, user-accessible kernel ranges, memory-type conflicts, RAM exposed by the kernel half. */
class HazardsTest {

    private static final long POOL = 0x0200_0000L;
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    private static final long VMALLOC = 0xFFFF_C900_0000_0000L;
    private static final long KERNEL = 0xFFFF_FFFF_8000_0000L;
    private static final Attributes RWX = Attributes.of("rwx");
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);

    /** x86_64 with the PAT Linux programs (so that write-combining exists). */
    private static final Machine PC = machine("pc", X86Format.of(X86Format.Mode.LONG_4, 46,
            EnumSet.of(Feature.NX, Feature.PAGE_1G, Feature.GLOBAL_PAGES), X86Format.LINUX_PAT))
            .ram(0, 2 * GIB).mmio(0xFEC0_0000L, 4 * MIB, "IOAPIC").tables(POOL, 4 * MIB).build();

    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("vmalloc", Purpose.KERNEL, VMALLOC, 32 * TIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();

    private static AnalysisResult run(Specs.SpaceB... spaces) {
        List<SpaceSpec> specs = new ArrayList<>();
        for (Specs.SpaceB s : spaces) {
            specs.add(s.build());
        }
        return analyse(List.of(PC), List.of(HH), specs);
    }

    private static List<Finding> of(List<Finding> findings, Code code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }

    private static List<String> lines(List<Finding> findings, Code code) {
        return of(findings, code).stream().map(Finding::toString).toList();
    }

    private static List<List<Subject>> subjects(List<Finding> findings, Code code) {
        return of(findings, code).stream().map(Finding::subjects).toList();
    }

    private static List<BuiltSpace> built(AnalysisResult r, String... names) {
        List<BuiltSpace> out = new ArrayList<>();
        for (String n : names) {
            out.add(r.space(n).orElseThrow());
        }
        return out;
    }

    private static void applied(OpResult r) {
        assertInstanceOf(OpResult.Applied.class, r, () -> r.toString());
    }

    // ---- W+X ---------------------------------------------------------------------------------------------------------

    @Test
    void writableAndExecutableRangesAreMergedAndShownAtTheStatementThatMadeThem() {
        Specs.SpaceB k = space("kernel", HH)
                .map(KERNEL, 2 * MIB, 0x100_0000L, RWX)                    // 0: a 2 MiB page
                .map(KERNEL + 2 * MIB, 4 * KIB, 0x300_0000L, RWX)          // 1: adjacent, another page size and PA
                .map(KERNEL + 4 * MIB, 4 * KIB, 0x301_0000L, RW)           // 2: rw, nx
                .map(KERNEL + 6 * MIB, 4 * KIB, 0x302_0000L, Attributes.KERNEL_RX); // 3: rx
        Specs.protect(k, KERNEL + 4 * MIB, 4 * KIB, RWX);                  // 4: makes 2 W+X
        AnalysisResult r = run(k);
        assertEquals(List.of(
                "warning: W+X: 0xffff_ffff_8000_0000 ..= 0xffff_ffff_8020_0fff (2052 KiB) in 'kernel' is writable and"
                        + " executable (k:rwx u:---) [WRITABLE_AND_EXECUTABLE]",
                "warning: W+X: 0xffff_ffff_8040_0000 ..= 0xffff_ffff_8040_0fff (4 KiB) in 'kernel' is writable and"
                        + " executable (k:rwx u:---) [WRITABLE_AND_EXECUTABLE]"),
                lines(r.findings(), Code.WRITABLE_AND_EXECUTABLE));
        assertEquals(List.of(List.of(new Subject.OperationRef("kernel", 1)), List.of(new Subject.OperationRef("kernel", 4))),
                subjects(r.findings(), Code.WRITABLE_AND_EXECUTABLE));
        assertEquals(Severity.WARNING, of(r.findings(), Code.WRITABLE_AND_EXECUTABLE).get(0).severity());
    }

    @Test
    void writableAndExecutableRangeInTheSharedKernelHalfIsReportedOnce() {
        AnalysisResult r = run(space("kernel", HH).map(KERNEL, 2 * MIB, 0x100_0000L, RWX),
                space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 4 * KIB, 0x800_0000L, USER_RW));
        assertEquals(List.of("warning: W+X: 0xffff_ffff_8000_0000 ..= 0xffff_ffff_801f_ffff (2 MiB) in 'kernel' and 'init'"
                + " is writable and executable (k:rwx u:---) [WRITABLE_AND_EXECUTABLE]"),
                lines(r.findings(), Code.WRITABLE_AND_EXECUTABLE));
        assertEquals(List.of(List.of(new Subject.OperationRef("kernel", 0), new Subject.SpaceRef("init"))),
                subjects(r.findings(), Code.WRITABLE_AND_EXECUTABLE));
    }

    @Test
    void writableAndExecutableRangesAreCappedPerSpace() {
        Specs.SpaceB k = space("kernel", HH);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < Hazards.LIMIT + 2; i++) {
            long va = KERNEL + i * 8 * KIB;
            k.map(va, 4 * KIB, 0x300_0000L + i * 4 * KIB, RWX);
            if (i < Hazards.LIMIT) {
                expected.add("warning: W+X: " + AddressRange.ofSize(va, 4 * KIB) + " in 'kernel' is writable and"
                        + " executable (k:rwx u:---) [WRITABLE_AND_EXECUTABLE]");
            }
        }
        expected.add("warning: W+X: and 2 more ranges in 'kernel' (8 KiB in all) are writable and executable"
                + " [WRITABLE_AND_EXECUTABLE]");
        AnalysisResult r = run(k);
        assertEquals("warning: W+X: 0xffff_ffff_8000_e000 ..= 0xffff_ffff_8000_efff (4 KiB) in 'kernel' is writable and"
                + " executable (k:rwx u:---) [WRITABLE_AND_EXECUTABLE]", expected.get(Hazards.LIMIT - 1));
        assertEquals(expected, lines(r.findings(), Code.WRITABLE_AND_EXECUTABLE));
        List<List<Subject>> subjects = subjects(r.findings(), Code.WRITABLE_AND_EXECUTABLE);
        assertEquals(List.of(new Subject.OperationRef("kernel", 7)), subjects.get(7));
        assertEquals(List.of(new Subject.SpaceRef("kernel")), subjects.get(Hazards.LIMIT));
    }

    @Test
    void writableAndExecutableIsNotReportedWhereNoPageCanBeNonExecutable() {
        // 32-bit paging has no XD bit: every writable page is executable; PAE with NX can say rw without x
        for (String name : List.of("x86-32", "x86-pae")) {
            Machine m = machine("m", Formats.standard(name).orElseThrow()).ram(0, GIB).tables(POOL, 4 * MIB).build();
            Layout l = layout("l", m).region("kernel", Purpose.KERNEL, 0xC000_0000L, GIB).build();
            AnalysisResult r = analyse(List.of(m), List.of(l),
                    List.of(space("kernel", l).map(0xC000_0000L, 4 * MIB, 0, RWX).build()));
            List<String> expected = name.equals("x86-32") ? List.of()
                    : List.of("warning: W+X: 0xc000_0000 ..= 0xc03f_ffff (4 MiB) in 'kernel' is writable and executable"
                            + " (k:rwx u:---) [WRITABLE_AND_EXECUTABLE]");
            assertEquals(expected, lines(r.findings(), Code.WRITABLE_AND_EXECUTABLE), name);
        }
    }

    // ---- user-accessible kernel ranges -------------------------------------------------------------------------------

    @Test
    void userAccessibleRangesInKernelRegionsAndTheKernelHalf() {
        AnalysisResult r = run(space("kernel", HH)
                .map(KERNEL + 16 * MIB, 4 * KIB, 0x300_0000L, USER_RW)             // 0: in region 'kernel'
                .map(0xFFFF_F000_0000_0000L, 4 * KIB, 0x301_0000L, USER_RW)        // 1: kernel half, no region
                .map(0x40_0000L, 4 * KIB, 0x302_0000L, USER_RW));                  // 2: user space: fine
        assertEquals(List.of(
                "warning: 0xffff_f000_0000_0000 ..= 0xffff_f000_0000_0fff (4 KiB) in 'kernel' is user-accessible"
                        + " (k:rw- u:rw-) inside the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB)"
                        + " [KERNEL_REACHABLE_FROM_USER]",
                "warning: 0xffff_ffff_8100_0000 ..= 0xffff_ffff_8100_0fff (4 KiB) in 'kernel' is user-accessible"
                        + " (k:rw- u:rw-) inside kernel region 'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff"
                        + " (512 MiB) [KERNEL_REACHABLE_FROM_USER]"),
                lines(r.findings(), Code.KERNEL_REACHABLE_FROM_USER));
        assertEquals(List.of(List.of(new Subject.OperationRef("kernel", 1)),
                List.of(new Subject.OperationRef("kernel", 0), new Subject.RegionRef("hh", "kernel"))),
                subjects(r.findings(), Code.KERNEL_REACHABLE_FROM_USER));
        assertEquals(Severity.WARNING, of(r.findings(), Code.KERNEL_REACHABLE_FROM_USER).get(0).severity());
    }

    // ---- self-map entries --------------------------------------------------------------------------------------------

    @Test
    void selfMapEntryWithTheUserBitAndWithoutNxExposesEveryTable() {
        AnalysisResult r = run(space("kernel", HH).map(KERNEL, 2 * MIB, 0x100_0000L, Attributes.KERNEL_RX));
        BuiltSpace kernel = r.space("kernel").orElseThrow();
        AddressSpace k = kernel.space();
        PagingFormat f = k.simulation().format();
        applied(k.setRootEntry(0, 510, f.tableEntry(k.root(0), 4))); // present, writable, user, executable
        List<Finding> found = Hazards.check(List.of(kernel));
        assertEquals(List.of("warning: W+X: 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) in 'kernel' is"
                + " writable and executable (k:rwx u:rwx): PML4[510] maps page tables there [WRITABLE_AND_EXECUTABLE]"),
                lines(found, Code.WRITABLE_AND_EXECUTABLE));
        assertEquals(List.of("warning: 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) in 'kernel' is"
                + " user-accessible (k:rwx u:rwx) inside kernel region 'self' 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff"
                + " (512 GiB): PML4[510] maps page tables there [KERNEL_REACHABLE_FROM_USER]"),
                lines(found, Code.KERNEL_REACHABLE_FROM_USER));
        assertEquals(List.of(List.of(new Subject.SpaceRef("kernel"), new Subject.RegionRef("hh", "self"))),
                subjects(found, Code.KERNEL_REACHABLE_FROM_USER));
        // with a recursive strategy the self-map is shown at the strategy
        SpaceSpec s = kernel.spec();
        BuiltSpace withStrategy = new BuiltSpace(new SpaceSpec(s.name(), s.layout(),
                Optional.of(new StrategySpec.Recursive("self", OptionalInt.empty())), s.shareKernelWith(), s.operations(),
                s.queries()), k, kernel.mappings(), kernel.strategy(), kernel.events());
        assertEquals(List.of(List.of(new Subject.StrategyRef("kernel"))),
                subjects(Hazards.check(List.of(withStrategy)), Code.WRITABLE_AND_EXECUTABLE));
    }

    @Test
    void selfMapEntryForTheKernelOnlyAndNxIsNoHazard() {
        AnalysisResult r = run(space("kernel", HH).map(KERNEL, 2 * MIB, 0x100_0000L, Attributes.KERNEL_RX));
        BuiltSpace kernel = r.space("kernel").orElseThrow();
        AddressSpace k = kernel.space();
        long entry = k.simulation().format().tableEntry(k.root(0), 4) & ~(1L << 2) | 1L << 63; // U/S clear, XD set
        applied(k.setRootEntry(0, 510, entry));
        List<Finding> found = Hazards.check(List.of(kernel));
        assertEquals(List.of(), lines(found, Code.WRITABLE_AND_EXECUTABLE));
        assertEquals(List.of(), lines(found, Code.KERNEL_REACHABLE_FROM_USER));
        // the self-map is really there: the PML4 is seen at its recursive address
        assertEquals(k.root(0), ((org.pt.engine.walk.Translation.Mapped) k.translate(0xFFFF_FF7F_BFDF_E000L,
                org.pt.engine.format.Access.KERNEL_READ)).pa());
    }

    // ---- memory types ------------------------------------------------------------------------------------------------

    @Test
    void onePhysicalRangeMappedWithTwoMemoryTypesAcrossSpaces() {
        Attributes wc = RW.withCache(CacheType.WRITE_COMBINING);
        AnalysisResult r = run(
                space("kernel", HH).allRam("direct_map", RW.withGlobal(true))            // 0: all RAM write-back
                        .map(VMALLOC, 2 * MIB, 0x4000_0000L, wc),                          // 1: an ioremap_wc of RAM
                space("init", HH).shareKernelWith("kernel")
                        .map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW.withCache(CacheType.WRITE_COMBINING)));
        assertEquals(List.of(
                "warning: physical 0x800_0000 ..= 0x800_ffff (64 KiB) is mapped wb at 0xffff_8880_0800_0000 ..="
                        + " 0xffff_8880_0800_ffff (64 KiB) in 'kernel' and 'init', and wc at 0x40_0000 ..= 0x40_ffff (64 KiB)"
                        + " in 'init': one physical page must have one memory type [CACHE_TYPE_CONFLICT]",
                "warning: physical 0x4000_0000 ..= 0x401f_ffff (2 MiB) is mapped wb at 0xffff_8880_4000_0000 ..="
                        + " 0xffff_8880_401f_ffff (2 MiB) in 'kernel' and 'init', and wc at 0xffff_c900_0000_0000 ..="
                        + " 0xffff_c900_001f_ffff (2 MiB) in 'kernel' and 'init': one physical page must have one memory"
                        + " type [CACHE_TYPE_CONFLICT]"),
                lines(r.findings(), Code.CACHE_TYPE_CONFLICT));
        assertEquals(List.of(
                List.of(new Subject.OperationRef("init", 0), new Subject.OperationRef("kernel", 0)),
                List.of(new Subject.OperationRef("kernel", 1), new Subject.OperationRef("kernel", 0),
                        new Subject.SpaceRef("init"))),
                subjects(r.findings(), Code.CACHE_TYPE_CONFLICT));
    }

    @Test
    void pageTableFrameMappedWriteCombining() {
        // the kernel's PML4 is the pool's first frame
        AnalysisResult r = run(space("kernel", HH).map(VMALLOC, 4 * KIB, POOL, RW.withCache(CacheType.WRITE_COMBINING)));
        assertEquals(POOL, r.space("kernel").orElseThrow().space().root(0));
        assertEquals(List.of("warning: page tables at physical 0x200_0000 ..= 0x200_0fff (4 KiB) are mapped wc at"
                + " 0xffff_c900_0000_0000 ..= 0xffff_c900_0000_0fff (4 KiB) in 'kernel': the MMU reads tables write-back,"
                + " and a table frame mapped with another memory type can machine-check [CACHE_TYPE_CONFLICT]"),
                lines(r.findings(), Code.CACHE_TYPE_CONFLICT));
        assertEquals(List.of(List.of(new Subject.OperationRef("kernel", 0))), subjects(r.findings(), Code.CACHE_TYPE_CONFLICT));
    }

    @Test
    void mmioMappedCacheableButNotUncachedOrDevice() {
        AnalysisResult r = run(space("kernel", HH)
                .identity(0xFEC0_0000L, 4 * KIB, RW)                                 // 0: write-back: wrong
                .identity(0xFEC0_1000L, 4 * KIB, RW.withCache(CacheType.UNCACHED))   // 1: fine
                .identity(0xFEC0_2000L, 4 * KIB, RW.withCache(CacheType.DEVICE))     // 2: fine
                .identity(0xFEC0_3000L, 4 * KIB, RW.withCache(CacheType.WRITE_COMBINING))); // 3: fine (a frame buffer)
        assertEquals(List.of("warning: mmio 0xfec0_0000 ..= 0xfeff_ffff (4 MiB) \"IOAPIC\" is mapped wb at 0xfec0_0000 ..="
                + " 0xfec0_0fff (4 KiB) in 'kernel' (physical 0xfec0_0000 ..= 0xfec0_0fff (4 KiB)): device registers must"
                + " not be cached; map them uc or device [CACHE_TYPE_CONFLICT]"),
                lines(r.findings(), Code.CACHE_TYPE_CONFLICT));
        assertEquals(List.of(List.of(new Subject.OperationRef("kernel", 0), new Subject.PhysicalRef("pc", 1))),
                subjects(r.findings(), Code.CACHE_TYPE_CONFLICT));
    }

    @Test
    void mmioIsNotFlaggedWhereEntriesCannotSetAMemoryType() {
        // RISC-V without Svpbmt: PTEs say nothing about memory types, the PMAs decide; only wb is expressible
        for (boolean svpbmt : new boolean[] {false, true}) {
            PagingFormat sv39 = org.pt.engine.format.RiscVFormat.of(org.pt.engine.format.RiscVFormat.Mode.SV39, 56,
                    svpbmt ? EnumSet.of(Feature.SVPBMT) : EnumSet.noneOf(Feature.class));
            Machine virt = machine("virt", sv39).ram(0x8000_0000L, GIB).mmio(0x1000_0000L, 4 * KIB, "UART")
                    .tables(0x8100_0000L, 4 * MIB).build();
            Layout l = layout("l", virt).region("mmio", Purpose.MMIO, 0xFFFF_FFC0_1000_0000L, 4 * KIB).build();
            AnalysisResult r = analyse(List.of(virt), List.of(l), List.of(space("k", l)
                    .map(0xFFFF_FFC0_1000_0000L, 4 * KIB, 0x1000_0000L, Attributes.KERNEL_RW).build()));
            assertEquals(svpbmt ? 1 : 0, lines(r.findings(), Code.CACHE_TYPE_CONFLICT).size(), "svpbmt=" + svpbmt);
        }
    }

    @Test
    void memoryTypeConflictsAreCappedPerMachineAndUserRangesPerSpace() {
        Specs.SpaceB k = space("kernel", HH).allRam("direct_map", RW.withGlobal(true));                  // 0
        for (int i = 0; i < Hazards.LIMIT + 3; i++) {
            k.map(VMALLOC + i * 8 * KIB, 4 * KIB, 0x1000_0000L + i * 8 * KIB, RW.withCache(CacheType.WRITE_COMBINING));
            k.map(KERNEL + i * 8 * KIB, 4 * KIB, 0x2000_0000L + i * 8 * KIB, USER_RW);
        }
        AnalysisResult r = run(k);
        List<String> cache = lines(r.findings(), Code.CACHE_TYPE_CONFLICT);
        assertEquals(Hazards.LIMIT + 1, cache.size());
        assertEquals("warning: physical 0x1000_0000 ..= 0x1000_0fff (4 KiB) is mapped wb at 0xffff_8880_1000_0000 ..="
                + " 0xffff_8880_1000_0fff (4 KiB) in 'kernel', and wc at 0xffff_c900_0000_0000 ..= 0xffff_c900_0000_0fff"
                + " (4 KiB) in 'kernel': one physical page must have one memory type [CACHE_TYPE_CONFLICT]", cache.get(0));
        assertEquals("warning: and 3 more physical ranges of machine 'pc' are mapped with two memory types or cached as"
                + " mmio [CACHE_TYPE_CONFLICT]", cache.get(Hazards.LIMIT));
        assertEquals(List.of(new Subject.MachineRef("pc")),
                of(r.findings(), Code.CACHE_TYPE_CONFLICT).get(Hazards.LIMIT).subjects());
        List<String> user = lines(r.findings(), Code.KERNEL_REACHABLE_FROM_USER);
        assertEquals(Hazards.LIMIT + 1, user.size());
        assertEquals("warning: and 3 more user-accessible ranges in 'kernel' (12 KiB in all) lie inside kernel regions or"
                + " the kernel half [KERNEL_REACHABLE_FROM_USER]", user.get(Hazards.LIMIT));
    }

    // ---- RAM exposed -------------------------------------------------------------------------------------------------

    @Test
    void directMapExposesAllRamInEverySpaceSharingIt() {
        AnalysisResult r = run(space("kernel", HH).allRam("direct_map", RW.withGlobal(true)),
                space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 4 * KIB, 0x800_0000L, USER_RW),
                space("alone", HH).map(0x40_0000L, 4 * KIB, 0x800_0000L, USER_RW));
        assertEquals(List.of(
                "info: the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'kernel' maps 2 GiB of"
                        + " 2 GiB RAM (100 %), which speculative-execution attacks can read [RAM_EXPOSED]",
                "info: the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'init' maps 2 GiB of"
                        + " 2 GiB RAM (100 %), which speculative-execution attacks can read [RAM_EXPOSED]"),
                lines(r.findings(), Code.RAM_EXPOSED));
        List<Finding> exposed = of(r.findings(), Code.RAM_EXPOSED);
        assertEquals(Severity.INFO, exposed.get(0).severity());
        assertEquals(List.of(new Subject.OperationRef("kernel", 0)), exposed.get(0).subjects());
        assertEquals(List.of(new Subject.ShareRef("init")), exposed.get(1).subjects());
        assertEquals(Map.of("exposed", "2147483648", "ram", "2147483648"), exposed.get(0).data());
    }

    @Test
    void ramMappedTwiceCountsOnceAndThePercentageIsRoundedDown() {
        Machine m = machine("m", Formats.standard("x86_64").orElseThrow()).ram(0, 640 * KIB).ram(MIB, 3 * GIB - MIB)
                .tables(POOL, 4 * MIB).build();
        Layout l = layout("l", m).region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
                .region("vmalloc", Purpose.KERNEL, VMALLOC, TIB).build();
        AnalysisResult r = analyse(List.of(m), List.of(l), List.of(space("kernel", l)
                .map(KERNEL, 256 * MIB, 0, RW)                 // 0: 640 KiB of RAM, a hole, then RAM
                .map(VMALLOC, 512 * MIB, 0, RW)                // 1: the same and 256 MiB more
                .map(VMALLOC + GIB, 4 * KIB, 0xA_0000L, RW)    // 2: the hole: not RAM
                .build()));
        // RAM is 3 GiB - 384 KiB; mapped: 512 MiB - 384 KiB: 16.66 %
        assertEquals(List.of("info: the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'kernel'"
                + " maps 523904 KiB of 3145344 KiB RAM (16 %), which speculative-execution attacks can read [RAM_EXPOSED]"),
                lines(r.findings(), Code.RAM_EXPOSED));
        assertEquals(List.of(List.of(new Subject.OperationRef("kernel", 1))), subjects(r.findings(), Code.RAM_EXPOSED));
    }

    @Test
    void aSmallShareOfRamIsLessThanOnePercentNotZero() {
        AnalysisResult r = run(space("kernel", HH).map(KERNEL, 16 * MIB, 0x100_0000L, Attributes.KERNEL_RX));
        assertEquals(List.of("info: the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'kernel'"
                + " maps 16 MiB of 2 GiB RAM (less than 1 %), which speculative-execution attacks can read [RAM_EXPOSED]"),
                lines(r.findings(), Code.RAM_EXPOSED));
    }

    @Test
    void directMapOf64TibWithGibPagesIsCheckedWhole() {
        Machine m = machine("big", Formats.standard("x86_64").orElseThrow()).ram(0, 64 * TIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("l", m).region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB).build();
        AnalysisResult r = analyse(List.of(m), List.of(l), List.of(space("kernel", l).allRam("direct_map", RW).build(),
                space("init", l).shareKernelWith("kernel").build()));
        assertEquals(List.of(
                "info: the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'kernel' maps 64 TiB of"
                        + " 64 TiB RAM (100 %), which speculative-execution attacks can read [RAM_EXPOSED]",
                "info: the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'init' maps 64 TiB of"
                        + " 64 TiB RAM (100 %), which speculative-execution attacks can read [RAM_EXPOSED]"),
                lines(r.findings(), Code.RAM_EXPOSED));
        assertEquals(List.of(), lines(r.findings(), Code.CACHE_TYPE_CONFLICT));
    }

    // ---- the run scan ------------------------------------------------------------------------------------------------

    @Test
    void leavesListTheSameRunsAsAddressSpaceOnEveryFormat() {
        for (String name : List.of("x86_64", "x86-32", "x86-pae", "x86_64-la57", "aarch64-4k", "aarch64-64k", "armv7",
                "sv32", "sv39", "sv48")) {
            PagingFormat f = Formats.standard(name).orElseThrow();
            Simulation sim = new Simulation(f, List.of(AddressRange.ofSize(0x100_0000L, 16 * MIB)), 1L << 20);
            AddressSpace first = ((Simulation.Created.Ok) sim.createSpace("first")).space();
            AddressSpace second = ((Simulation.Created.Ok) sim.createSpace("second")).space();
            Attributes rwx = Attributes.of("rwx");
            Attributes rx = Attributes.of("rx");
            for (Half h : f.halves()) {
                for (AddressRange part : h.ranges()) {
                    long base = part.size() > 4 * GIB ? part.start() + GIB : part.start() + (part.start() == 0 ? GIB : 0);
                    long page = h.geometry().smallestPage();
                    long size = 32 * MIB + 16 * page + 2 * page; // supersections, sections, large and small pages
                    applied(first.map(base, size, 0x4000_0000L, rwx, PageSizePolicy.LARGEST, false));
                    applied(first.protect(base + 16 * MIB + page, page, rx));
                    applied(first.unmap(base + 32 * MIB, page));
                    applied(first.map(base + 64 * MIB, 4 * MIB, 0x6000_0000L, rx, PageSizePolicy.SMALLEST, false));
                }
            }
            applied(second.share(first, Analysis.kernelHalf(f)));
            Hazards.Leaves leaves = new Hazards.Leaves(sim);
            for (AddressSpace s : List.of(first, second)) {
                List<Run> expected = new ArrayList<>();
                for (Half h : f.halves()) {
                    for (AddressRange part : h.ranges()) {
                        expected.addAll(s.runs(part));
                    }
                }
                assertEquals(expected, leaves.scan(s).runs(), name + " " + s.name());
                assertEquals(List.of(), leaves.scan(s).loops(), name + " " + s.name());
            }
        }
    }
}
