package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.analyse;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;

/** The cost report: tables per level, pages per size, VA the strategy takes, cost of one table access. */
class CostsTest {

    private static final long POOL = 0x200_0000L;
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    private static final long KERNEL = 0xFFFF_FFFF_8000_0000L;
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes RX = Attributes.KERNEL_RX;
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);
    private static final StrategySpec SELF = new StrategySpec.Recursive("self", OptionalInt.empty());

    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 2 * GIB)
            .tables(POOL, 4 * MIB).cpus(4).build();

    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("window", Purpose.WINDOW, 0xFFFF_FE00_0000_0000L, 64 * KIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();

    private static List<String> costs(SpaceSpec... spaces) {
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(spaces));
        return Specs.lines(r, Code.COST_REPORT);
    }

    /** kernel: 16 MiB of 2 MiB pages for its image (op 0), 64 KiB of 4 KiB pages at 0x40_0000 (op 1). */
    private static Specs.SpaceB kernel(StrategySpec s) {
        return space("kernel", HH).strategy(s).map(KERNEL, 16 * MIB, 0x100_0000L, RX)
                .map(0x40_0000L, 64 * KIB, 0x800_0000L, RW);
    }

    @Test
    void recursiveKernelReportsEveryAspect() {
        assertEquals(List.of(
                "info: space 'kernel' has 6 tables (24 KiB): 1 PML4, 2 PDPT, 2 PD, 1 PT [COST_REPORT]",
                "info: space 'kernel' maps 16 MiB in 8 pages of 2 MiB and 64 KiB in 16 pages of 4 KiB: 24 TLB entries cover "
                        + "every mapping [COST_REPORT]",
                WHERE_SELF_510,
                "info: recursive slot PML4[510] takes 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) of VA [COST_REPORT]",
                "info: one table access by recursive slot PML4[510] costs no remap and no TLB invalidation; it reaches every "
                        + "table under the CR3 root of the space it runs in [COST_REPORT]"),
                costs(kernel(SELF).report().build()));
    }

    @Test
    void answersAreValuesKeyedByTheirQuery() {
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(kernel(SELF).walk(0x40_1000L, 0x800_1000L)
                .reach(0x40_0000L, "kernel").report().build()));
        Answer.Walk walk = (Answer.Walk) r.answers().get(new Subject.QueryRef("kernel", 2));
        assertEquals(new Answer.Expectation.Met(), walk.expectation());
        assertEquals(0x800_1000L, ((org.pt.engine.walk.Translation.Mapped) walk.result()).pa());
        Answer.Reach reach = (Answer.Reach) r.answers().get(new Subject.QueryRef("kernel", 3));
        Answer.Reached.Walked walked = (Answer.Reached.Walked) reach.outcome();
        assertEquals(List.of(0xFFFF_FF7F_BFDF_E000L, 0xFFFF_FF7F_BFC0_0000L, 0xFFFF_FF7F_8000_0010L, 0xFFFF_FF00_0000_2000L),
                walked.walk().steps().stream().map(st -> org.pt.engine.strategy.Location.vaOf(st.location())).toList());
        assertEquals(4, walked.walk().reads());
        assertEquals(org.pt.engine.strategy.AccessCost.FREE, walked.cost());
        Answer.Report report = (Answer.Report) r.answers().get(new Subject.QueryRef("kernel", 4));
        assertEquals(new Answer.Tables(6, 24 * KIB, Map.of("PML4", 1L, "PDPT", 2L, "PD", 2L, "PT", 1L), 0),
                report.tables().orElseThrow());
        assertEquals(Map.of(2 * MIB, 16 * MIB, 4 * KIB, 64 * KIB), report.pages().orElseThrow().bytesBySize());
        Answer.StrategyUse.Usable use = (Answer.StrategyUse.Usable) report.strategy();
        Answer.Where where = use.where().orElseThrow();
        assertEquals(6, where.total());
        assertEquals(new Answer.TableLocation("PT", 3, 0x200_5000L, Optional.of(AddressRange.ofSize(0x40_0000L, 2 * MIB)),
                new org.pt.engine.strategy.Location.At(0xFFFF_FF00_0000_2000L)), where.listed().get(3));
        assertEquals(List.of(AddressRange.ofSize(0xFFFF_FF00_0000_0000L, 512 * GIB)), use.va().orElseThrow().use().ranges());
        // the finding that shows each answer leads to it
        for (Finding f : r.findings()) {
            if (f.subjects().get(0) instanceof Subject.QueryRef q) {
                assertEquals(Optional.of(r.answers().get(q)), r.answer(f));
            }
        }
    }

    /**
     * Slot 510: PML4 at sign_extend(510 << 39 | 510 << 30 | 510 << 21 | 510 << 12) = 0xffff_ff7f_bfdf_e000; the PDPT of
     * PML4[i] at 0xffff_ff7f_bfc0_0000 + i * 4 KiB; the PD of (i, j) at 0xffff_ff7f_8000_0000 + i * 2 MiB + j * 4 KiB;
     * the PT of (i, j, k) at 0xffff_ff00_0000_0000 + i * 1 GiB + j * 2 MiB + k * 4 KiB. Tables: op 0 allocates the
     * PDPT of PML4[511] (0x200_1000) and its PD[510] (0x200_2000); op 1 the PDPT of PML4[0], its PD and PT[2].
     */
    private static final String WHERE_SELF_510 = "info: tables of 'kernel' through recursive slot PML4[510]: "
            + "PML4 0x200_0000 at 0xffff_ff7f_bfdf_e000; PDPT 0x200_3000 (0x0) at 0xffff_ff7f_bfc0_0000; "
            + "PD 0x200_4000 (0x0) at 0xffff_ff7f_8000_0000; PT 0x200_5000 (0x40_0000) at 0xffff_ff00_0000_2000; "
            + "PDPT 0x200_1000 (0xffff_ff80_0000_0000) at 0xffff_ff7f_bfdf_f000; "
            + "PD 0x200_2000 (0xffff_ffff_8000_0000) at 0xffff_ff7f_bfff_e000 [COST_REPORT]";

    @Test
    void whereListsTheVirtualAddressOfEveryTable() {
        assertEquals(List.of(WHERE_SELF_510), costs(Specs.report(kernel(SELF), "where").build()));
    }

    @Test
    void findingsAreOnTheReportStatement() {
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(kernel(SELF).report().build()));
        for (Finding f : r.findings()) {
            if (f.code() == Code.COST_REPORT) {
                assertEquals(List.of(new Subject.QueryRef("kernel", 2)), f.subjects());
            }
        }
        assertEquals(5, Specs.lines(r, Code.COST_REPORT).size());
    }

    @Test
    void oneAspectAtATime() {
        assertEquals(List.of("info: space 'kernel' maps 16 MiB in 8 pages of 2 MiB and 64 KiB in 16 pages of 4 KiB: 24 TLB "
                + "entries cover every mapping [COST_REPORT]"), costs(Specs.report(kernel(SELF), "pages").build()));
        assertEquals(List.of("info: space 'kernel' has 6 tables (24 KiB): 1 PML4, 2 PDPT, 2 PD, 1 PT [COST_REPORT]"),
                costs(Specs.report(kernel(SELF), "tables").build()));
    }

    @Test
    void unknownAspectIsAnError() {
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(Specs.report(kernel(SELF), "tlb").build()));
        Finding f = r.findings().stream().filter(x -> x.code() == Code.UNKNOWN_REPORT).findFirst().orElseThrow();
        assertEquals("error: unknown report 'tlb': one of tables, pages, where, va, access, events, layout [UNKNOWN_REPORT]", f.toString());
        assertEquals(Map.of("aspects", "tables,pages,where,va,access,events,layout"), f.data());
    }

    @Test
    void sharedTablesAreCountedAndNamed() {
        SpaceSpec kernel = kernel(SELF).build();
        SpaceSpec init = space("init", HH).strategy(SELF).shareKernelWith("kernel")
                .map(0x40_0000L, 64 * KIB, 0x900_0000L, USER_RW).report().build();
        assertEquals(List.of(
                "info: space 'init' has 6 tables (24 KiB): 1 PML4, 2 PDPT, 2 PD, 1 PT; 2 of them are shared with other "
                        + "spaces [COST_REPORT]",
                "info: space 'init' maps 16 MiB in 8 pages of 2 MiB and 64 KiB in 16 pages of 4 KiB: 24 TLB entries cover "
                        + "every mapping [COST_REPORT]",
                // init's own tables after the kernel's roots and tables; the shared PDPT and PD through init's own slot
                "info: tables of 'init' through recursive slot PML4[510]: PML4 0x200_6000 at 0xffff_ff7f_bfdf_e000; "
                        + "PDPT 0x200_7000 (0x0) at 0xffff_ff7f_bfc0_0000; PD 0x200_8000 (0x0) at 0xffff_ff7f_8000_0000; "
                        + "PT 0x200_9000 (0x40_0000) at 0xffff_ff00_0000_2000; PDPT 0x200_1000 (0xffff_ff80_0000_0000) at "
                        + "0xffff_ff7f_bfdf_f000; PD 0x200_2000 (0xffff_ffff_8000_0000) at 0xffff_ff7f_bfff_e000 [COST_REPORT]",
                "info: recursive slot PML4[510] takes 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) of VA [COST_REPORT]",
                "info: one table access by recursive slot PML4[510] costs no remap and no TLB invalidation; it reaches every "
                        + "table under the CR3 root of the space it runs in [COST_REPORT]"),
                costs(kernel, init));
    }

    @Test
    void foreignSlotTakesASecondEntry() {
        assertEquals(List.of(
                "info: recursive slot PML4[510] with foreign slot PML4[509] takes 0xffff_fe80_0000_0000 ..= "
                        + "0xffff_feff_ffff_ffff (512 GiB) and 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) of VA "
                        + "[COST_REPORT]",
                "info: one table access by recursive slot PML4[510] with foreign slot PML4[509] costs no remap and no TLB "
                        + "invalidation; it reaches every table under the CR3 root of the space it runs in, and any space's "
                        + "tables once PML4[509] holds that space's root [COST_REPORT]"),
                costs(Specs.report(Specs.report(kernel(new StrategySpec.Recursive("self", OptionalInt.of(509))), "va"),
                        "access").build()));
    }

    @Test
    void sharedWindowCostsARemapAnInvalidationAndAShootdown() {
        StrategySpec w = new StrategySpec.Window("window", false, Optional.of(new StrategySpec.DirectMap("direct_map")));
        assertEquals(List.of(
                "info: window 'window' of 1 page and direct map 'direct_map' for its page table takes "
                        + "0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB) and 0xffff_fe00_0000_0000 ..= "
                        + "0xffff_fe00_0000_0fff (4 KiB) of VA; 'direct_map' maps physical 0x0 ..= 0x7fff_ffff (2 GiB) [COST_REPORT]",
                "info: one table access by window 'window' costs 1 remap (a page-table entry write) and 1 TLB invalidation "
                        + "(INVLPG), plus a TLB shootdown to 3 other CPUs (one window page for 4 CPUs); it reaches any table "
                        + "of any space, one remap per table [COST_REPORT]"),
                costs(Specs.report(Specs.report(space("kernel", HH).strategy(w).allRam("direct_map", RW), "va"), "access")
                        .build()));
    }

    @Test
    void perCpuWindowsNeedNoShootdown() {
        StrategySpec w = new StrategySpec.Window("window", true, Optional.of(new StrategySpec.DirectMap("direct_map")));
        assertEquals(List.of(
                "info: window 'window' of 4 pages, one per CPU, and direct map 'direct_map' for its page table takes "
                        + "0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB) and 0xffff_fe00_0000_0000 ..= "
                        + "0xffff_fe00_0000_3fff (16 KiB) of VA; 'direct_map' maps physical 0x0 ..= 0x7fff_ffff (2 GiB) [COST_REPORT]",
                "info: one table access by window 'window' costs 1 remap (a page-table entry write) and 1 TLB invalidation "
                        + "(INVLPG) and no shootdown (one window page per CPU); it reaches any table of any space, one remap "
                        + "per table [COST_REPORT]"),
                costs(Specs.report(Specs.report(space("kernel", HH).strategy(w).allRam("direct_map", RW), "va"), "access")
                        .build()));
    }

    @Test
    void paeReportsBothRecursiveCosts() {
        Machine m = machine("pae", Formats.standard("x86-pae").orElseThrow()).ram(0, 4 * GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("pae", m).region("self", Purpose.SELF_MAP, 0xFF80_0000L, 8 * MIB).build();
        AnalysisResult r = analyse(List.of(m), List.of(l), List.of(space("kernel", l).strategy(SELF).report().build()));
        assertEquals(List.of(
                "info: space 'kernel' has 5 tables (16416 B): 1 PDPT, 4 PD, 0 PT [COST_REPORT]",
                "info: space 'kernel' maps nothing [COST_REPORT]",
                // PAE: PD i at 0xffff_c000 + i * 4 KiB; the PDPT is not mapped
                "info: tables of 'kernel' through recursive entries PD[508..511] of PDPT[3]: PDPT 0x200_0000 not read (the "
                        + "four page directories are fixed); PD 0x200_1000 (0x0) at 0xffff_c000; PD 0x200_2000 (0x4000_0000) "
                        + "at 0xffff_d000; PD 0x200_3000 (0x8000_0000) at 0xffff_e000; PD 0x200_4000 (0xc000_0000) at "
                        + "0xffff_f000 [COST_REPORT]",
                "info: recursive entries PD[508..511] of PDPT[3] takes 0xff80_0000 ..= 0xffff_ffff (8 MiB) of VA; a recursive "
                        + "PDPT entry would take 1 GiB, a quarter of the 4 GiB VA [COST_REPORT]",
                "info: one table access by recursive entries PD[508..511] of PDPT[3] costs no remap and no TLB "
                        + "invalidation; it reaches every page directory and page table of the space it runs in (not the "
                        + "32-byte PDPT) [COST_REPORT]"), Specs.lines(r, Code.COST_REPORT));
    }

    @Test
    void spaceWithoutStrategySaysSo() {
        assertEquals(List.of(
                "info: space 'user' has 4 tables (16 KiB): 1 PML4, 1 PDPT, 1 PD, 1 PT [COST_REPORT]",
                "info: space 'user' maps 64 KiB in 16 pages of 4 KiB: 16 TLB entries cover every mapping [COST_REPORT]",
                "info: space 'user' names no strategy for reaching page tables [COST_REPORT]"),
                costs(space("user", HH).map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW).report().build()));
        assertEquals(List.of("info: space 'user' names no strategy for reaching page tables [COST_REPORT]"),
                costs(Specs.report(space("user", HH).map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW), "where").build()));
    }
}
