package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.machine;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Machine;

/** Physical memory maps and table pools: every check with its exact message, code and subjects. */
class MachineChecksTest {

    private static final PagingFormat X86_64 = Formats.standard("x86_64").orElseThrow();

    private static Subject.PhysicalRef physical(int index) {
        return new Subject.PhysicalRef("pc", index);
    }

    private static Subject.PoolRef pool(int index) {
        return new Subject.PoolRef("pc", index);
    }

    @Test
    void aPcWithRamHolesReservedMmioAndAPoolInRamIsClean() {
        Machine m = Specs.linuxPc(X86_64);
        assertEquals(List.of(), MachineChecks.check(m));
    }

    @Test
    void aBudgetAboveFiveHundredTwelveMibOfTablesIsRefusedOnTheBudgetAndTheMachineIsNotSimulated() {
        Machine most = machine("pc", X86_64).ram(0, 4 * GIB).tables(0x100_0000, 16 * MIB).budget(131_072).build();
        assertEquals(List.of(), MachineChecks.check(most));
        Machine more = machine("pc", X86_64).ram(0, 4 * GIB).tables(0x100_0000, 16 * MIB).budget(131_073).build();
        Finding f = Finding.error(Code.BUDGET_TOO_LARGE, "a budget of 131073 frames is more than PT simulates: at most "
                + "131072 frames of 4 KiB (512 MiB of tables)", new Subject.BudgetRef("pc")).withData("most", "131072");
        assertEquals(List.of(f), MachineChecks.check(more));
        Machine unsigned = machine("pc", X86_64).ram(0, 4 * GIB).tables(0x100_0000, 16 * MIB).budget(-1L).build();
        assertEquals("a budget of 18446744073709551615 frames is more than PT simulates: at most 131072 frames of 4 KiB "
                + "(512 MiB of tables)", MachineChecks.check(unsigned).get(0).message());
        Machine granule64k = machine("arm", Formats.standard("aarch64-64k").orElseThrow()).ram(0, 4 * GIB)
                .tables(0x100_0000, 16 * MIB).budget(8_193).build();
        assertEquals("a budget of 8193 frames is more than PT simulates: at most 8192 frames of 64 KiB (512 MiB of "
                + "tables)", MachineChecks.check(granule64k).get(0).message());
        AnalysisResult r = Analysis.run(new org.pt.engine.model.SystemModel(List.of(more), List.of(), List.of()));
        assertEquals(Map.of(), r.simulations());
    }

    /** Issue 12: a 1 PiB pool was refused by the simulation without a word, and every finding of its spaces lost. */
    @Test
    void aPoolOfMoreThan2To36FramesIsRefusedOnThePoolAndTheMachineIsNotSimulated() {
        PagingFormat wide = Formats.configure("x86_64", org.pt.engine.format.FormatOptions.NONE.withPhysicalBits(52))
                instanceof org.pt.engine.format.Configuration.Configured c ? c.format() : null;
        Machine most = machine("pc", wide).ram(0, 1024 * TIB).tables(0, 256 * TIB).build();
        assertEquals(List.of(), MachineChecks.check(most));
        Machine more = machine("pc", wide).ram(0, 1024 * TIB).tables(0, 256 * TIB + 4 * KIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_TOO_LARGE, "table pool 0x0 ..= 0x1_0000_0000_0fff (274877906948 "
                + "KiB) is larger than PT simulates: at most 256 TiB per pool (68719476736 frames of 4 KiB)", pool(0))
                .withData("most", "256 TiB")), MachineChecks.check(more));
        Machine pib = machine("pc", wide).ram(0, 1024 * TIB).tables(0, 1024 * TIB).build();
        assertEquals(List.of("table pool 0x0 ..= 0x3_ffff_ffff_ffff (1 PiB) is larger than PT simulates: at most 256 TiB "
                + "per pool (68719476736 frames of 4 KiB)"),
                MachineChecks.check(pib).stream().map(Finding::message).toList());
        AnalysisResult r = Analysis.run(new org.pt.engine.model.SystemModel(List.of(pib), List.of(), List.of()));
        assertEquals(Map.of(), r.simulations());
    }

    @Test
    void tablesWhosePointersHold32BitsNeedAPoolBelow4GibOrNoSpaceIsBuilt() {
        PagingFormat pae = Formats.standard("x86-pae").orElseThrow();
        Machine high = machine("pc", pae).ram(0, 8 * GIB).tables(0x1_0000_0000L, 16 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_BEYOND_TABLE_REACH, "no table pool of machine 'pc' lies below "
                + "0x1_0000_0000, where the PDPT tables of x86-pae must be: what points at them holds 32 address bits; "
                + "no space is built", pool(0))), MachineChecks.check(high));
        // one pool reaching below 4 GiB is enough: the PDPTs come from its low part
        Machine both = machine("pc", pae).ram(0, 8 * GIB).tables(0x1_0000_0000L, 16 * MIB).tables(0xFF00_0000L, 16 * MIB)
                .build();
        assertEquals(List.of(), MachineChecks.check(both));
        // x86-32 with PSE-36 (40-bit): page directories and page tables alike; the first level says it
        PagingFormat pse36 = org.pt.engine.format.X86Format.of(org.pt.engine.format.X86Format.Mode.LEGACY_32, 40,
                java.util.EnumSet.of(org.pt.engine.format.Feature.PSE, org.pt.engine.format.Feature.PSE36),
                org.pt.engine.format.X86Format.POWER_ON_PAT);
        Machine i386 = machine("pc", pse36).ram(0, 8 * GIB).tables(0x1_0000_0000L, 16 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_BEYOND_TABLE_REACH, "no table pool of machine 'pc' lies below "
                + "0x1_0000_0000, where the PD tables of x86-32 must be: what points at them holds 32 address bits; "
                + "no space is built", pool(0))), MachineChecks.check(i386));
        // x86_64 tables take any address the width allows
        Machine wide = machine("pc", X86_64).ram(0, 8 * GIB).tables(0x1_0000_0000L, 16 * MIB).build();
        assertEquals(List.of(), MachineChecks.check(wide));
    }

    @Test
    void theProductExamplesMmioOverlapsTheRamBelowFourGib() {
        // PRODUCT.md's "ram 0x0010_0000 size 4 GiB" runs to 0x1_000f_ffff, over "mmio 0xFEC0_0000 size 20 MiB"
        Machine m = machine("pc", X86_64).ram(0, 0xA_0000).reserved(0xA_0000, 0x6_0000, "VGA and BIOS")
                .ram(0x10_0000, 4 * GIB).mmio(0xFEC0_0000L, 20 * MIB, "IOAPIC, LAPIC, HPET").tables(0x200_0000, 4 * MIB)
                .build();
        assertEquals(List.of(Finding.error(Code.PHYSICAL_OVERLAP,
                "mmio 0xfec0_0000 ..= 0xffff_ffff (20 MiB) \"IOAPIC, LAPIC, HPET\" overlaps ram 0x10_0000 ..= 0x1_000f_ffff "
                        + "(4 GiB) on 0xfec0_0000 ..= 0xffff_ffff (20 MiB)",
                physical(3), physical(2))), MachineChecks.check(m));
    }

    @Test
    void overlapsAreReportedOnTheRangeWrittenLaterWhateverItsAddress() {
        // written: reserved high, then ram low that runs into it, then ram that overlaps both
        Machine m = machine("pc", X86_64).reserved(0x10_0000, 1 * MIB, "firmware").ram(0, 2 * MIB)
                .ram(0x1F_0000, 64 * KIB).tables(0x1000, 4 * KIB).build();
        assertEquals(List.of(
                Finding.error(Code.PHYSICAL_OVERLAP, "ram 0x0 ..= 0x1f_ffff (2 MiB) overlaps reserved 0x10_0000 ..= 0x1f_ffff "
                        + "(1 MiB) \"firmware\" on 0x10_0000 ..= 0x1f_ffff (1 MiB)", physical(1), physical(0)),
                new Finding(Severity.ERROR, Code.PHYSICAL_OVERLAP, "ram 0x1f_0000 ..= 0x1f_ffff (64 KiB) overlaps 2 ranges "
                        + "written before it: ram 0x0 ..= 0x1f_ffff (2 MiB) and reserved 0x10_0000 ..= 0x1f_ffff (1 MiB) "
                        + "\"firmware\"", List.of(physical(2), physical(1), physical(0)), Map.of())),
                MachineChecks.check(m));
    }

    @Test
    void adjacentRangesDoNotOverlap() {
        Machine m = machine("pc", X86_64).ram(0, 1 * MIB).reserved(1 * MIB, 1 * MIB, "").ram(2 * MIB, 1 * MIB)
                .tables(0, 4 * KIB).build();
        assertEquals(List.of(), MachineChecks.check(m));
    }

    @Test
    void ramBeyondThePhysicalWidthIsAnError() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).ram(0x3F00_0000_0000L, 2 * TIB).tables(0x200_0000, 4 * MIB)
                .build();
        assertEquals(List.of(Finding.error(Code.PHYSICAL_BEYOND_WIDTH, "ram 0x3f00_0000_0000 ..= 0x40ff_ffff_ffff (2 TiB) "
                + "ends beyond the 46-bit physical address width of x86_64", physical(1))), MachineChecks.check(m));
    }

    @Test
    void labelledMmioBeyondA32BitWidthNamesItsLabel() {
        PagingFormat x86 = Formats.standard("x86-32").orElseThrow();
        Machine m = machine("pc", x86).ram(0, 1 * GIB).mmio(0xFFFF_0000L, 128 * KIB, "flash").tables(0x200_0000, 4 * MIB)
                .build();
        assertEquals(List.of(Finding.error(Code.PHYSICAL_BEYOND_WIDTH, "mmio 0xffff_0000 ..= 0x1_0000_ffff (128 KiB) "
                + "\"flash\" ends beyond the 32-bit physical address width of x86-32", physical(1))), MachineChecks.check(m));
    }

    @Test
    void aPoolBeyondTheWidthIsAlsoOutsideRam() {
        PagingFormat x86 = Formats.standard("x86-32").orElseThrow();
        Machine m = machine("pc", x86).ram(0, 4 * GIB).tables(0x1_0000_0000L, 4 * MIB).build();
        assertEquals(List.of(
                Finding.error(Code.PHYSICAL_BEYOND_WIDTH, "table pool 0x1_0000_0000 ..= 0x1_003f_ffff (4 MiB) ends beyond "
                        + "the 32-bit physical address width of x86-32", pool(0)),
                Finding.error(Code.POOL_OUTSIDE_RAM, "table pool 0x1_0000_0000 ..= 0x1_003f_ffff (4 MiB) is outside every "
                        + "ram range", pool(0))),
                MachineChecks.check(m));
    }

    @Test
    void aPoolInAReservedRangeNamesTheRangeAndItsLabel() {
        Machine m = machine("pc", X86_64).ram(0, 0xA_0000).reserved(0xA_0000, 0x6_0000, "VGA and BIOS")
                .ram(0x10_0000, 1 * GIB).tables(0xE_0000, 128 * KIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_IN_RESERVED, "table pool 0xe_0000 ..= 0xf_ffff (128 KiB) overlaps "
                + "reserved 0xa_0000 ..= 0xf_ffff (384 KiB) \"VGA and BIOS\" on 0xe_0000 ..= 0xf_ffff (128 KiB): page tables "
                + "must live in RAM", pool(0), physical(1))), MachineChecks.check(m));
    }

    @Test
    void aPoolInMmioNamesTheMmioRange() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).mmio(0xFEC0_0000L, 20 * MIB, "IOAPIC, LAPIC, HPET")
                .tables(0x200_0000, 4 * MIB).tables(0xFEE0_0000L, 1 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_IN_MMIO, "table pool 0xfee0_0000 ..= 0xfeef_ffff (1 MiB) overlaps "
                + "mmio 0xfec0_0000 ..= 0xffff_ffff (20 MiB) \"IOAPIC, LAPIC, HPET\" on 0xfee0_0000 ..= 0xfeef_ffff (1 MiB): "
                + "page tables must live in RAM", pool(1), physical(1))), MachineChecks.check(m));
    }

    @Test
    void aPoolRunningPastTheEndOfRamNamesThePartOutside() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).tables(0x3FF0_0000L, 2 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_OUTSIDE_RAM, "table pool 0x3ff0_0000 ..= 0x400f_ffff (2 MiB) is not "
                + "all RAM: 0x4000_0000 ..= 0x400f_ffff (1 MiB) is outside every ram range", pool(0))),
                MachineChecks.check(m));
    }

    @Test
    void aPoolOverTwoHolesNamesBothParts() {
        Machine m = machine("pc", X86_64).ram(1 * MIB, 1 * MIB).ram(3 * MIB, 1 * MIB).tables(0, 5 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_OUTSIDE_RAM, "table pool 0x0 ..= 0x4f_ffff (5 MiB) is not all RAM: "
                + "0x0 ..= 0xf_ffff (1 MiB), 0x20_0000 ..= 0x2f_ffff (1 MiB) and 0x40_0000 ..= 0x4f_ffff (1 MiB) are outside "
                + "every ram range", pool(0))), MachineChecks.check(m));
    }

    @Test
    void aPoolWhollyOutsideRam() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).tables(0x8000_0000L, 4 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_OUTSIDE_RAM, "table pool 0x8000_0000 ..= 0x803f_ffff (4 MiB) is "
                + "outside every ram range", pool(0))), MachineChecks.check(m));
    }

    @Test
    void overlappingPoolsAreReportedOnTheLaterPool() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).tables(0x200_0000, 4 * MIB).tables(0x220_0000, 4 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_OVERLAP, "table pool 0x220_0000 ..= 0x25f_ffff (4 MiB) overlaps "
                + "table pool 0x200_0000 ..= 0x23f_ffff (4 MiB) on 0x220_0000 ..= 0x23f_ffff (2 MiB)", pool(1), pool(0))),
                MachineChecks.check(m));
    }

    @Test
    void aPoolMisalignedToTheFormatsAllocationUnitCarriesTheAlignedPart() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).tables(0x200_0800, 1 * MIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_MISALIGNED, "table pool 0x200_0800 ..= 0x210_07ff (1 MiB) is not "
                + "aligned to 4 KiB, the table allocation unit of x86_64: its start is not a multiple of 4 KiB", pool(0))
                .withData("alignedStart", "0x200_1000").withData("alignedSize", "1020 KiB")), MachineChecks.check(m));
    }

    @Test
    void paeAllocatesIn32ByteUnitsForItsPdpts() {
        PagingFormat pae = Formats.standard("x86-pae").orElseThrow();
        Machine ok = machine("pc", pae).ram(0, 1 * GIB).tables(0x200_0020, 4 * KIB).build();
        assertEquals(List.of(), MachineChecks.check(ok));
        Machine m = machine("pc", pae).ram(0, 1 * GIB).tables(0x200_0010, 4 * KIB + 8).build();
        assertEquals(List.of(Finding.error(Code.POOL_MISALIGNED, "table pool 0x200_0010 ..= 0x200_1017 (4104 B) is not "
                + "aligned to 32 B, the table allocation unit of x86-pae: its start and size are not a multiple of 32 B",
                pool(0)).withData("alignedStart", "0x200_0020").withData("alignedSize", "4064 B")), MachineChecks.check(m));
    }

    @Test
    void aMachineWithoutPoolsIsReportedOnTheMachine() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).build();
        assertEquals(List.of(Finding.error(Code.POOL_MISSING, "machine 'pc' has no table pool: the page tables of its "
                + "spaces have nowhere to live, so none is built", new Subject.MachineRef("pc"))), MachineChecks.check(m));
    }

    @Test
    void poolsTheSimulationRefusesAreReportedByTheAnalysisWhichBuildsNoSpaceOfTheMachine() {
        Machine m = machine("pc", X86_64).ram(0, 1 * GIB).tables(0x200_0000, 4 * MIB).tables(0x220_0000, 4 * MIB).build();
        AnalysisResult r = Specs.analyse(List.of(m), List.of(), List.of());
        assertEquals(List.of("error: table pool 0x220_0000 ..= 0x25f_ffff (4 MiB) overlaps table pool 0x200_0000 ..= "
                + "0x23f_ffff (4 MiB) on 0x220_0000 ..= 0x23f_ffff (2 MiB) [POOL_OVERLAP]"), Specs.lines(r));
        assertEquals(0, r.simulations().size());
    }
}
