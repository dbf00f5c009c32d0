package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.analyse;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.Event;
import org.pt.engine.space.PageSizePolicy;

/** {@code report events}: what each statement did to the tables, kept as values and told at the statement. */
class EventReportTest {

    private static final long POOL = 0x200_0000L;
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    /** PML4[273], PDPT[1]: one 1 GiB page mapping 0x4000_0000. */
    private static final long V = DIRECT + GIB;
    private static final Attributes RW = Attributes.KERNEL_RW;

    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 2 * GIB)
            .tables(POOL, 4 * MIB).build();

    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .build();

    /** Map 1 GiB, protect 4 KiB inside it, unmap the 2 MiB around it, map those 2 MiB back, compact, report. */
    private static SpaceSpec smashed() {
        return Specs.report(space("k", HH).map(V, GIB, GIB, RW).protect(V + 0x20_1000L, 4096, Attributes.of("r"))
                .unmap(V + 0x20_0000L, 2 * MIB).map(V + 0x20_0000L, 2 * MIB, GIB + 0x20_0000L, RW).compact(), "events")
                .build();
    }

    @Test
    void everyStatementKeepsWhatItDidAsValues() {
        BuiltSpace k = analyse(List.of(PC), List.of(HH), List.of(smashed())).space("k").orElseThrow();
        assertEquals(List.of(
                new BuiltSpace.StatementEvents(new Subject.OperationRef("k", 0), List.of(
                        new Event.TableAllocated("PDPT", POOL + 0x1000, AddressRange.ofSize(DIRECT, 512 * GIB)))),
                new BuiltSpace.StatementEvents(new Subject.OperationRef("k", 1), List.of(
                        new Event.TableAllocated("PD", POOL + 0x2000, AddressRange.ofSize(V, GIB)),
                        new Event.Split("PDPT", POOL + 0x1000, 1, V, GIB, "PD", 512, 2 * MIB),
                        new Event.TableAllocated("PT", POOL + 0x3000, AddressRange.ofSize(V + 0x20_0000L, 2 * MIB)),
                        new Event.Split("PD", POOL + 0x2000, 1, V + 0x20_0000L, 2 * MIB, "PT", 512, 4096))),
                new BuiltSpace.StatementEvents(new Subject.OperationRef("k", 2), List.of(
                        new Event.TableFreed("PT", POOL + 0x3000, AddressRange.ofSize(V + 0x20_0000L, 2 * MIB)))),
                // statement 3 maps a 2 MiB page into PD[1]: no table changes, no events
                new BuiltSpace.StatementEvents(new Subject.OperationRef("k", 4), List.of(
                        new Event.Merged("PDPT", POOL + 0x1000, 1, V, GIB, "PD", 512, 2 * MIB),
                        new Event.TableFreed("PD", POOL + 0x2000, AddressRange.ofSize(V, GIB))))), k.events());
    }

    @Test
    void theReportTellsEachStatementWhatItDid() {
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(smashed()));
        List<Finding> events = r.findings().stream().filter(f -> f.code() == Code.EVENTS).toList();
        assertEquals(List.of(
                "info: allocated PDPT 0x200_1000 for 0xffff_8880_0000_0000 ..= 0xffff_88ff_ffff_ffff (512 GiB) [EVENTS]",
                "info: allocated PD 0x200_2000 for 0xffff_8880_4000_0000 ..= 0xffff_8880_7fff_ffff (1 GiB); "
                        + "split the 1 GiB page at 0xffff_8880_4000_0000 (PDPT[1] in 0x200_1000) into 512 pages of 2 MiB "
                        + "in PD; allocated PT 0x200_3000 for 0xffff_8880_4020_0000 ..= 0xffff_8880_403f_ffff (2 MiB); "
                        + "split the 2 MiB page at 0xffff_8880_4020_0000 (PD[1] in 0x200_2000) into 512 pages of 4 KiB "
                        + "in PT [EVENTS]",
                "info: freed PT 0x200_3000 (was for 0xffff_8880_4020_0000 ..= 0xffff_8880_403f_ffff (2 MiB)) [EVENTS]",
                "info: merged 512 pages of 2 MiB in PD into the 1 GiB page at 0xffff_8880_4000_0000 (PDPT[1] in "
                        + "0x200_1000); freed PD 0x200_2000 (was for 0xffff_8880_4000_0000 ..= 0xffff_8880_7fff_ffff "
                        + "(1 GiB)) [EVENTS]"),
                events.stream().map(Finding::toString).toList());
        // each on the statement that did it, then the report that asked
        assertEquals(List.of(0, 1, 2, 4), events.stream()
                .map(f -> ((Subject.OperationRef) f.subjects().get(0)).index()).toList());
        assertEquals(new Subject.QueryRef("k", 5), events.get(0).subjects().get(1));
    }

    @Test
    void aSpaceWhoseStatementsChangedNoTableSaysSoAtTheReport() {
        SpaceSpec empty = Specs.report(space("k", HH), "events").build();
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(empty));
        assertEquals(List.of(Finding.info(Code.EVENTS, "no statement of space 'k' allocated, split, freed, merged or "
                + "shared a table", new Subject.QueryRef("k", 0))),
                r.findings().stream().filter(f -> f.code() == Code.EVENTS).toList());
    }

    @Test
    void sharingIsToldAtTheShareStatement() {
        SpaceSpec kernel = space("kernel", HH).map(V, GIB, GIB, RW).build();
        SpaceSpec init = Specs.report(space("init", HH).shareKernelWith("kernel"), "events").build();
        AnalysisResult r = analyse(List.of(PC), List.of(HH), List.of(kernel, init));
        // the kernel's root is 0x200_0000, its PDPT 0x200_1000; init's root comes next
        assertEquals(List.of(Finding.info(Code.EVENTS, "shared PML4[273] -> 0x200_1000 from 'kernel'",
                new Subject.ShareRef("init"), new Subject.QueryRef("init", 0))),
                r.findings().stream().filter(f -> f.code() == Code.EVENTS).toList());
    }

    @Test
    void aSplitInPlaceAndAWholeSharedRootReadAsOneClauseEach() {
        // ARMv7: a supersection is 16 entries of L1 and splits into 16 sections in place
        assertEquals("split the 16 MiB page at 0x1000_0000 (L1[256] in 0x10_0000) into 16 pages of 1 MiB in L1",
                EventReport.describe(new Event.Split("L1", 0x10_0000L, 256, 0x1000_0000L, 16 * MIB, "L1", 16, MIB)));
        // AArch64: the whole TTBR1 root is shared
        assertEquals("shared the TTBR1 root -> 0x4000_1000 from 'kernel'",
                EventReport.describe(new Event.Shared("TTBR1", -1, 0x4000_1000L, "kernel")));
    }

    @Test
    void aLongHistoryListsTheFirstEventsAndCountsTheRest() {
        // 40 MiB of 4 KiB pages from a 1 GiB-aligned VA: a PDPT, a PD and 20 PTs
        SpaceSpec many = Specs.report(space("k", HH).map(V, 40 * MIB, GIB, RW, PageSizePolicy.SMALLEST), "events")
                .build();
        String line = analyse(List.of(PC), List.of(HH), List.of(many)).findings().stream()
                .filter(f -> f.code() == Code.EVENTS).findFirst().orElseThrow().message();
        assertEquals(EventReport.LIMIT, line.split("; ").length - 1);
        assertEquals("; and 6 more: 6 allocated", line.substring(line.lastIndexOf("; and")));
    }
}
