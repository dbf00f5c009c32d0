package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.analyse;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Formats;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;

/** {@code report layout}: the layout table of a space, its rows checked against mm.rst's arithmetic. */
class LayoutReportTest {

    private static final Machine PC = Specs.linuxPc(Formats.standard("x86_64").orElseThrow());
    private static final Layout LINUX = Specs.linux4Level(PC);
    /** The canonical half of x86_64 with 4 levels: 2^47 bytes. */
    private static final long HALF = 1L << 47;

    private static AnalysisResult analysed(Machine m, Layout l) {
        SpaceSpec kernel = Specs.report(space("kernel", l), "layout").build();
        return analyse(List.of(m), List.of(l), List.of(kernel));
    }

    private static Answer.LayoutTable table(AnalysisResult r) {
        return (Answer.LayoutTable) r.answers().get(new Subject.QueryRef("kernel", 0));
    }

    @Test
    void linuxRowsFollowMmRstArithmetic() {
        Answer.LayoutTable t = table(analysed(PC, LINUX));
        assertEquals(22, t.regions());
        assertEquals(1, t.gaps());
        assertEquals(16, t.digits());
        // rows cover each canonical half exactly, in address order: every row starts where the last one ended
        List<Answer.LayoutRow> rows = t.rows();
        assertEquals(0L, rows.get(0).range().start());
        assertEquals(0x7fff_ffff_ffffL, rows.get(0).range().last());
        assertEquals(0xffff_8000_0000_0000L, rows.get(1).range().start());
        for (int i = 2; i < rows.size(); i++) {
            assertEquals(rows.get(i - 1).range().last() + 1, rows.get(i).range().start(), "row " + i);
        }
        assertEquals(-1L, rows.get(rows.size() - 1).range().last());
        for (Answer.LayoutRow r : rows) {
            AddressRange a = r.range();
            // a PML4 entry translates bits 47:39
            assertEquals(new Answer.SlotSpan("PML4", (int) (a.start() >>> 39) & 511, (int) (a.last() >>> 39) & 511),
                    r.slots().orElseThrow());
            assertEquals(Math.round(a.size() * 1000.0 / HALF), r.share().getAsLong(), a.toString());
        }
        Answer.LayoutRow gap = rows.get(rows.size() - 2);
        assertTrue(gap.region().isEmpty());
        assertEquals(AddressRange.inclusive(0xffff_ffff_ff60_1000L, 0xffff_ffff_ffdf_ffffL), gap.range());
        assertEquals("direct_map", rows.get(3).region().orElseThrow().name());
        assertEquals(500, rows.get(3).share().getAsLong()); // 64 TiB of 128 TiB
    }

    @Test
    void linuxTableIsRenderedInAlignedColumns() {
        List<String> lines = Specs.lines(analysed(PC, LINUX), Code.COST_REPORT);
        assertEquals(25, lines.size());
        assertEquals(List.of(
                "info: # start                end                        size  top-level       share  region            purpose [COST_REPORT]",
                "info: 0x0000_0000_0000_0000  0x0000_7fff_ffff_ffff   128 TiB  PML4 0–255    100.0 %  user              user [COST_REPORT]",
                "info: 0xffff_8000_0000_0000  0xffff_87ff_ffff_ffff     8 TiB  PML4 256–271    6.3 %  hypervisor_guard  guard [COST_REPORT]",
                "info: 0xffff_8800_0000_0000  0xffff_887f_ffff_ffff   512 GiB  PML4 272        0.4 %  ldt_remap         kernel [COST_REPORT]",
                "info: 0xffff_8880_0000_0000  0xffff_c87f_ffff_ffff    64 TiB  PML4 273–400   50.0 %  direct_map        direct_map [COST_REPORT]"),
                lines.subList(0, 5));
        assertEquals(List.of(
                "info: 0xffff_ffff_ff60_0000  0xffff_ffff_ff60_0fff     4 KiB  PML4 511        0.0 %  vsyscall          other [COST_REPORT]",
                "info: 0xffff_ffff_ff60_1000  0xffff_ffff_ffdf_ffff  8188 KiB  PML4 511        0.0 %  (gap) [COST_REPORT]",
                "info: 0xffff_ffff_ffe0_0000  0xffff_ffff_ffff_ffff     2 MiB  PML4 511        0.0 %  unused_8          guard [COST_REPORT]",
                "info: layout 'linux' of space 'kernel': 22 regions and 1 gap [COST_REPORT]"),
                lines.subList(21, 25));
    }

    @Test
    void thirtyTwoBitHalvesAreTheThreeOneSplitWithGapsAroundRegions() {
        Machine m = machine("small", Formats.standard("x86-32").orElseThrow()).ram(0, 64 * MIB)
                .tables(0x100_0000L, MIB).build();
        Layout l = layout("small", m).region("user", Purpose.USER, 0x40_0000L, GIB)
                .region("kernel", Purpose.KERNEL, 0xc000_0000L, 256 * MIB).build();
        assertEquals(List.of(
                "info: # start      end              size  top-level     share  region  purpose [COST_REPORT]",
                "info: 0x0000_0000  0x003f_ffff     4 MiB  PD 0          0.1 %  (gap) [COST_REPORT]",
                "info: 0x0040_0000  0x403f_ffff     1 GiB  PD 1–256     33.3 %  user    user [COST_REPORT]",
                "info: 0x4040_0000  0xbfff_ffff  2044 MiB  PD 257–767   66.5 %  (gap) [COST_REPORT]",
                "info: 0xc000_0000  0xcfff_ffff   256 MiB  PD 768–831   25.0 %  kernel  kernel [COST_REPORT]",
                "info: 0xd000_0000  0xffff_ffff   768 MiB  PD 832–1023  75.0 %  (gap) [COST_REPORT]",
                "info: layout 'small' of space 'kernel': 2 regions and 3 gaps [COST_REPORT]"),
                Specs.lines(analysed(m, l), Code.COST_REPORT));
    }

    @Test
    void aarch64HalvesAreTtbr0AndTtbr1AndSlotsNameTheirRoot() {
        Machine m = machine("arm", Formats.standard("aarch64-4k").orElseThrow()).ram(0x4000_0000L, GIB)
                .tables(0x4800_0000L, 4 * MIB).build();
        Layout l = layout("arm", m).region("user", Purpose.USER, 0, 1L << 48)
                .region("kernel", Purpose.KERNEL, 0xffff_8000_0000_0000L, 1L << 47).build();
        Answer.LayoutTable t = table(analysed(m, l));
        // TTBR0 covers 0 ..= 2^48 - 1 whole; TTBR1 0xffff_0000_0000_0000 ..= 2^64 - 1, the kernel its upper half:
        // L0 entries of 512 GiB (bits 47:39), the kernel from entry 256
        assertEquals(List.of(
                new Answer.LayoutRow(Optional.of(l.regions().get(0)), AddressRange.ofSize(0, 1L << 48),
                        Optional.of(new Answer.SlotSpan("TTBR0_EL1 L0", 0, 511)), OptionalLong.of(1000)),
                new Answer.LayoutRow(Optional.empty(),
                        AddressRange.inclusive(0xffff_0000_0000_0000L, 0xffff_7fff_ffff_ffffL),
                        Optional.of(new Answer.SlotSpan("TTBR1_EL1 L0", 0, 255)), OptionalLong.of(500)),
                new Answer.LayoutRow(Optional.of(l.regions().get(1)),
                        AddressRange.inclusive(0xffff_8000_0000_0000L, -1L),
                        Optional.of(new Answer.SlotSpan("TTBR1_EL1 L0", 256, 511)), OptionalLong.of(500))),
                t.rows());
    }

    @Test
    void permilleRoundsHalfUpOnUnsignedSizes() {
        assertEquals(1000, LayoutReport.permille(HALF, HALF));
        assertEquals(3, LayoutReport.permille(444L << 30, HALF)); // 0.339 %
        assertEquals(16, LayoutReport.permille(2L << 40, HALF)); // 1.5625 %
        assertEquals(1000, LayoutReport.permille(1L << 63, 1L << 63)); // negative as signed longs
    }
}
