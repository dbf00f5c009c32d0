package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;

/** Regions of a layout: every check with its exact message, code and subjects. */
class LayoutChecksTest {

    private static PagingFormat format(String name) {
        return Formats.standard(name).orElseThrow();
    }

    private static Machine machine(String format) {
        return Specs.machine("pc", format(format)).ram(0, 1 * GIB).tables(0x200_0000, 4 * MIB).build();
    }

    private static Specs.LayoutB layout(String format) {
        return Specs.layout("l", machine(format));
    }

    private static Subject.RegionRef region(String name) {
        return new Subject.RegionRef("l", name);
    }

    // ---- overlaps --------------------------------------------------------------------------------------------------

    @Test
    void overlappingRegionsNameBothWithTheirRangesAndTheCommonPart() {
        Layout l = layout("x86_64").region("kernel", Purpose.KERNEL, 0xFFFF_FFFF_8000_0000L, 512 * MIB)
                .region("modules", Purpose.KERNEL, 0xFFFF_FFFF_9000_0000L, 1520 * MIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_OVERLAP, "region 'modules' 0xffff_ffff_9000_0000 ..= "
                + "0xffff_ffff_eeff_ffff (1520 MiB) overlaps region 'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff "
                + "(512 MiB) on 0xffff_ffff_9000_0000 ..= 0xffff_ffff_9fff_ffff (256 MiB)", region("modules"),
                region("kernel"))), LayoutChecks.check(l));
    }

    @Test
    void fiveOverlappingRegionsGiveOneFindingPerRegionNamingTheFirstThreeAndCountingTheRest() {
        Specs.LayoutB b = layout("x86_64");
        for (int i = 0; i < 5; i++) {
            b.region("r" + i, Purpose.KERNEL, 0xFFFF_8000_0000_0000L, (i + 1) * GIB);
        }
        List<Finding> found = LayoutChecks.check(b.build());
        assertEquals(4, found.size());
        assertEquals(new Finding(Severity.ERROR, Code.REGION_OVERLAP, "region 'r4' 0xffff_8000_0000_0000 ..= "
                + "0xffff_8001_3fff_ffff (5 GiB) overlaps 4 regions written before it: 'r0' 0xffff_8000_0000_0000 ..= "
                + "0xffff_8000_3fff_ffff (1 GiB), 'r1' 0xffff_8000_0000_0000 ..= 0xffff_8000_7fff_ffff (2 GiB), "
                + "'r2' 0xffff_8000_0000_0000 ..= 0xffff_8000_bfff_ffff (3 GiB) and 1 more",
                List.of(region("r4"), region("r0"), region("r1"), region("r2")), Map.of()), found.get(3));
        assertEquals("region 'r3' 0xffff_8000_0000_0000 ..= 0xffff_8000_ffff_ffff (4 GiB) overlaps 3 regions written "
                + "before it: 'r0' 0xffff_8000_0000_0000 ..= 0xffff_8000_3fff_ffff (1 GiB), 'r1' 0xffff_8000_0000_0000 "
                + "..= 0xffff_8000_7fff_ffff (2 GiB) and 'r2' 0xffff_8000_0000_0000 ..= 0xffff_8000_bfff_ffff (3 GiB)",
                found.get(2).message());
        assertEquals("region 'r1' 0xffff_8000_0000_0000 ..= 0xffff_8000_7fff_ffff (2 GiB) overlaps region 'r0' "
                + "0xffff_8000_0000_0000 ..= 0xffff_8000_3fff_ffff (1 GiB) on 0xffff_8000_0000_0000 ..= "
                + "0xffff_8000_3fff_ffff (1 GiB)", found.get(0).message());
    }

    @Test
    void fiveThousandOverlappingRegionsGiveOneFindingPerRegionNotOnePerPair() {
        Specs.LayoutB b = layout("x86_64");
        for (int i = 0; i < 5000; i++) {
            b.region("r" + i, Purpose.KERNEL, 0xFFFF_8000_0000_0000L + i * 4 * KIB, 4 * GIB);
        }
        List<Finding> found = LayoutChecks.check(b.build());
        assertEquals(4999, found.size()); // 12,497,500 pairs
        assertEquals("region 'r4999' 0xffff_8000_0138_7000 ..= 0xffff_8001_0138_6fff (4 GiB) overlaps 4999 regions "
                + "written before it: 'r0' 0xffff_8000_0000_0000 ..= 0xffff_8000_ffff_ffff (4 GiB), 'r1' "
                + "0xffff_8000_0000_1000 ..= 0xffff_8001_0000_0fff (4 GiB), 'r2' 0xffff_8000_0000_2000 ..= "
                + "0xffff_8001_0000_1fff (4 GiB) and 4996 more", found.get(4998).message());
    }

    @Test
    void theRegionWrittenLaterIsReportedFirstEvenWhenItStartsLower() {
        Layout l = layout("x86_64").region("high", Purpose.KERNEL, 0xFFFF_FFFF_8020_0000L, 2 * MIB)
                .region("low", Purpose.KERNEL, 0xFFFF_FFFF_8000_0000L, 4 * MIB)
                .region("inner", Purpose.KERNEL, 0xFFFF_FFFF_8030_0000L, 4 * KIB).build();
        assertEquals(List.of(
                Finding.error(Code.REGION_OVERLAP, "region 'low' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_803f_ffff (4 MiB) "
                        + "overlaps region 'high' 0xffff_ffff_8020_0000 ..= 0xffff_ffff_803f_ffff (2 MiB) on "
                        + "0xffff_ffff_8020_0000 ..= 0xffff_ffff_803f_ffff (2 MiB)", region("low"), region("high")),
                // one finding for 'inner', naming both by address ('low' first), without the common parts
                new Finding(Severity.ERROR, Code.REGION_OVERLAP, "region 'inner' 0xffff_ffff_8030_0000 ..= "
                        + "0xffff_ffff_8030_0fff (4 KiB) overlaps 2 regions written before it: 'low' 0xffff_ffff_8000_0000 "
                        + "..= 0xffff_ffff_803f_ffff (4 MiB) and 'high' 0xffff_ffff_8020_0000 ..= 0xffff_ffff_803f_ffff "
                        + "(2 MiB)", List.of(region("inner"), region("low"), region("high")), Map.of())),
                LayoutChecks.check(l));
    }

    @Test
    void adjacentRegionsAndGuardsBetweenThemAreClean() {
        Layout l = layout("x86_64").region("kernel", Purpose.KERNEL, 0xFFFF_FFFF_8000_0000L, 512 * MIB)
                .region("gap", Purpose.GUARD, 0xFFFF_FFFF_A000_0000L, 2 * MIB)
                .region("modules", Purpose.KERNEL, 0xFFFF_FFFF_A020_0000L, 1 * GIB).build();
        assertEquals(List.of(), LayoutChecks.check(l));
    }

    @Test
    void aGuardRegionOverlappingAnotherRegionIsAnOverlapToo() {
        Layout l = layout("x86_64").region("kernel", Purpose.KERNEL, 0xFFFF_FFFF_8000_0000L, 512 * MIB)
                .region("gap", Purpose.GUARD, 0xFFFF_FFFF_9FE0_0000L, 4 * MIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_OVERLAP, "region 'gap' 0xffff_ffff_9fe0_0000 ..= 0xffff_ffff_a01f_ffff "
                + "(4 MiB) overlaps region 'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB) on "
                + "0xffff_ffff_9fe0_0000 ..= 0xffff_ffff_9fff_ffff (2 MiB)", region("gap"), region("kernel"))),
                LayoutChecks.check(l));
    }

    // ---- canonical, holes, VA width ------------------------------------------------------------------------------

    @Test
    void aNonCanonicalStartIsReportedWithTheFormatsRule() {
        Layout l = layout("x86_64").region("x", Purpose.KERNEL, 0xFFFF_7FFF_FFFF_0000L, 128 * KIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_NON_CANONICAL, "start 0xffff_7fff_ffff_0000 of region 'x' is "
                + "non-canonical: bits 63:47 must all equal bit 47", region("x"))), LayoutChecks.check(l));
    }

    @Test
    void aRegionInsideTheHoleHasBothEndsReported() {
        Layout l = layout("x86_64").region("x", Purpose.KERNEL, 0x8000_0000_0000L, 4 * KIB).build();
        assertEquals(List.of(
                Finding.error(Code.REGION_NON_CANONICAL, "start 0x8000_0000_0000 of region 'x' is non-canonical: bits 63:47 "
                        + "must all equal bit 47", region("x")),
                Finding.error(Code.REGION_NON_CANONICAL, "last address 0x8000_0000_0fff of region 'x' is non-canonical: bits "
                        + "63:47 must all equal bit 47", region("x"))),
                LayoutChecks.check(l));
    }

    @Test
    void aNonCanonicalLastAddressOnFiveLevelPaging() {
        Layout l = layout("x86_64-la57").region("u", Purpose.USER, 0x00FF_FFFF_FFFF_0000L, 128 * KIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_NON_CANONICAL, "last address 0x100_0000_0000_ffff of region 'u' is "
                + "non-canonical: bits 63:56 must all equal bit 56", region("u"))), LayoutChecks.check(l));
    }

    @Test
    void anAArch64RegionBetweenTheHalvesQuotesTheTranslationFault() {
        Layout l = layout("aarch64-4k").region("x", Purpose.KERNEL, 0x1_0000_0000_0000L, 4 * KIB).build();
        String rule = " is outside TTBR0 and TTBR1 ranges (bits 63:48 must be all 0 for TTBR0_EL1, T0SZ=16, or bits 63:48 "
                + "all 1 for TTBR1_EL1, T1SZ=16)";
        assertEquals(List.of(
                Finding.error(Code.REGION_NON_CANONICAL, "start 0x1_0000_0000_0000 of region 'x'" + rule, region("x")),
                Finding.error(Code.REGION_NON_CANONICAL, "last address 0x1_0000_0000_0fff of region 'x'" + rule, region("x"))),
                LayoutChecks.check(l));
    }

    @Test
    void aRegionCrossingTheCanonicalHoleNamesTheHole() {
        Layout l = layout("x86_64").regionInclusive("big", Purpose.OTHER, 0x7FFF_FFFF_F000L, 0xFFFF_8000_0000_0FFFL).build();
        assertEquals(List.of(Finding.error(Code.REGION_CROSSES_HOLE, "region 'big' 0x7fff_ffff_f000 ..= 0xffff_8000_0000_0fff "
                + "(18014123631575048 KiB) crosses the non-canonical hole 0x8000_0000_0000 ..= 0xffff_7fff_ffff_ffff "
                + "(16776960 TiB)", region("big"))), LayoutChecks.check(l));
    }

    @Test
    void aRegionCrossingFromTtbr0ToTtbr1NamesTheGapAndBothRegisters() {
        Layout l = layout("aarch64-4k").regionInclusive("big", Purpose.OTHER, 0xFFFF_FFFF_F000L, 0xFFFF_0000_0000_0FFFL)
                .build();
        assertEquals(List.of(Finding.error(Code.REGION_CROSSES_HOLE, "region 'big' 0xffff_ffff_f000 ..= 0xffff_0000_0000_0fff "
                + "(18013848753668104 KiB) crosses the gap 0x1_0000_0000_0000 ..= 0xfffe_ffff_ffff_ffff (16776704 TiB) between "
                + "the TTBR0_EL1 and TTBR1_EL1 ranges", region("big"))), LayoutChecks.check(l));
    }

    @Test
    void aRegionRunningPastFourGibOnA32BitFormatNamesThePartBeyond() {
        Layout l = layout("x86-32").region("high", Purpose.KERNEL, 0xF000_0000L, 512 * MIB)
                .region("far", Purpose.KERNEL, 0x2_0000_0000L, 4 * KIB).build();
        assertEquals(List.of(
                Finding.error(Code.REGION_BEYOND_VA, "region 'high' 0xf000_0000 ..= 0x1_0fff_ffff (512 MiB) goes beyond the "
                        + "4 GiB virtual address space of x86-32: 0x1_0000_0000 ..= 0x1_0fff_ffff (256 MiB) is untranslatable",
                        region("high")),
                Finding.error(Code.REGION_BEYOND_VA, "region 'far' 0x2_0000_0000 ..= 0x2_0000_0fff (4 KiB) goes beyond the "
                        + "4 GiB virtual address space of x86-32: 0x2_0000_0000 ..= 0x2_0000_0fff (4 KiB) is untranslatable",
                        region("far"))),
                LayoutChecks.check(l));
    }

    @Test
    void sv32AndArmV7HaveFourGibToo() {
        for (String f : List.of("sv32", "armv7", "x86-pae")) {
            Layout l = layout(f).region("k", Purpose.KERNEL, 0xFFFF_F000L, 8 * KIB).build();
            assertEquals(List.of(Finding.error(Code.REGION_BEYOND_VA, "region 'k' 0xffff_f000 ..= 0x1_0000_0fff (8 KiB) goes "
                    + "beyond the 4 GiB virtual address space of " + f + ": 0x1_0000_0000 ..= 0x1_0000_0fff (4 KiB) is "
                    + "untranslatable", region("k"))), LayoutChecks.check(l), f);
        }
    }

    // ---- alignment per purpose -----------------------------------------------------------------------------------

    @Test
    void ordinaryRegionsMustBePageAlignedInStartAndSize() {
        Layout l = layout("x86_64").region("k", Purpose.KERNEL, 0xFFFF_FFFF_8000_0800L, 1 * MIB)
                .region("u", Purpose.USER, 0x40_0000, 6 * KIB)
                .region("d", Purpose.MMIO, 0xFFFF_FFFF_C000_0100L, 256).build();
        assertEquals(List.of(
                Finding.error(Code.REGION_MISALIGNED, "kernel region 'k' 0xffff_ffff_8000_0800 ..= 0xffff_ffff_8010_07ff "
                        + "(1 MiB) is not aligned to 4 KiB pages: its start is not a multiple of 4 KiB", region("k"))
                        .withData("alignment", "4096"),
                Finding.error(Code.REGION_MISALIGNED, "user region 'u' 0x40_0000 ..= 0x40_17ff (6 KiB) is not aligned to "
                        + "4 KiB pages: its size is not a multiple of 4 KiB", region("u")).withData("alignment", "4096"),
                Finding.error(Code.REGION_MISALIGNED, "mmio region 'd' 0xffff_ffff_c000_0100 ..= 0xffff_ffff_c000_01ff "
                        + "(256 B) is not aligned to 4 KiB pages: its start and size are not a multiple of 4 KiB", region("d"))
                        .withData("alignment", "4096")),
                LayoutChecks.check(l));
    }

    @Test
    void theSmallestPageIsTheGranuleOnAArch64() {
        Layout l = layout("aarch64-64k").region("k", Purpose.KERNEL, 0xFFF0_0000_0000_1000L, 64 * KIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_MISALIGNED, "kernel region 'k' 0xfff0_0000_0000_1000 ..= "
                + "0xfff0_0000_0001_0fff (64 KiB) is not aligned to 64 KiB pages: its start is not a multiple of 64 KiB",
                region("k")).withData("alignment", "65536")), LayoutChecks.check(l));
    }

    @Test
    void aSelfMapSlotIsExactlyOneTopLevelEntry() {
        Layout slots = layout("x86_64").slot("self", 510).region("self2", Purpose.SELF_MAP, 0xFFFF_FF80_0000_0000L, 512 * GIB)
                .build();
        assertEquals(List.of(), LayoutChecks.check(slots));
        Layout i386 = layout("x86-32").slot("self", 1023).build();
        assertEquals(List.of(), LayoutChecks.check(i386));
        Layout l = layout("x86_64").region("self", Purpose.SELF_MAP, 0xFFFF_FF00_0000_0000L, 1 * GIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_MISALIGNED, "self-map region 'self' 0xffff_ff00_0000_0000 ..= "
                + "0xffff_ff00_3fff_ffff (1 GiB) is not exactly one top-level entry: a PML4 entry maps 512 GiB at a 512 GiB "
                + "boundary, e.g. slot 510 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB)", region("self"))
                .withData("slot", "510")), LayoutChecks.check(l));
    }

    @Test
    void paeSelfMapIsFourPageDirectoryEntriesInsideOneGib() {
        Layout ok = layout("x86-pae").region("self", Purpose.SELF_MAP, 0xFF80_0000L, 8 * MIB).build();
        assertEquals(List.of(), LayoutChecks.check(ok));
        Layout bad = layout("x86-pae").region("self", Purpose.SELF_MAP, 0xC010_0000L, 8 * MIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_MISALIGNED, "self-map region 'self' 0xc010_0000 ..= 0xc08f_ffff "
                + "(8 MiB) is not four page-directory entries: on x86-pae the recursive entries are four PD entries, 8 MiB at "
                + "a 2 MiB boundary inside one PDPT entry (1 GiB), e.g. 0xff80_0000 ..= 0xffff_ffff", region("self"))),
                LayoutChecks.check(bad));
    }

    @Test
    void aSelfMapRangeStraddlingTwoEntriesSuggestsTheSlotOfItsStart() {
        Layout l = layout("x86-32").region("self", Purpose.SELF_MAP, 0xFFA0_0000L, 4 * MIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_MISALIGNED, "self-map region 'self' 0xffa0_0000 ..= 0xffdf_ffff "
                + "(4 MiB) is not exactly one top-level entry: a PD entry maps 4 MiB at a 4 MiB boundary, e.g. slot 1022 "
                + "0xff80_0000 ..= 0xffbf_ffff (4 MiB)", region("self")).withData("slot", "1022")), LayoutChecks.check(l));
    }

    @Test
    void aSlotTheRootDoesNotHaveIsReportedOnceAndSuggestsAFreeSlot() {
        // the front end cannot call Slots.range for slot 512: it gives the region a placeholder range (here 0x0, which
        // the user region covers), and the region takes part in no other check
        Machine m = machine("x86_64");
        Layout l = new Layout("l", m, List.of(
                Region.of("user", Purpose.USER, AddressRange.ofSize(0, 128 * TIB)),
                new Region("self", Purpose.SELF_MAP, AddressRange.ofSize(0, 1), OptionalInt.of(512)),
                new Region("top", Purpose.KERNEL, Slots.range(m.format(), 511), OptionalInt.empty())));
        assertEquals(List.of(Finding.error(Code.SLOT_OUT_OF_RANGE, "top-level slot 512 of region 'self' is out of range: "
                + "PML4 has 512 entries, 0 to 511", region("self")).withData("freeSlot", "510")), LayoutChecks.check(l));
    }

    @Test
    void paeHasFourTopLevelSlots() {
        Machine m = machine("x86-pae");
        Layout l = new Layout("l", m, List.of(
                Region.of("kernel", Purpose.KERNEL, AddressRange.ofSize(0xC000_0000L, 16 * MIB)),
                new Region("self", Purpose.SELF_MAP, AddressRange.ofSize(0, 1), OptionalInt.of(4))));
        assertEquals(List.of(Finding.error(Code.SLOT_OUT_OF_RANGE, "top-level slot 4 of region 'self' is out of range: "
                + "PDPT has 4 entries, 0 to 3", region("self")).withData("freeSlot", "2")), LayoutChecks.check(l));
    }

    @Test
    void aSlotOutOfRangeWithNoFreeSlotCarriesNoSuggestion() {
        Machine m = machine("x86-pae");
        Layout l = new Layout("l", m, List.of(
                Region.of("all", Purpose.OTHER, AddressRange.ofSize(0, 4 * GIB)),
                new Region("self", Purpose.SELF_MAP, AddressRange.ofSize(0, 1), OptionalInt.of(-1))));
        assertEquals(List.of(Finding.error(Code.SLOT_OUT_OF_RANGE, "top-level slot -1 of region 'self' is out of range: "
                + "PDPT has 4 entries, 0 to 3", region("self"))), LayoutChecks.check(l));
    }

    @Test
    void aWindowIsOnePageAlignedLastLevelTable() {
        Layout ok = layout("x86_64").region("w", Purpose.WINDOW, 0xFFFF_FFFF_FF80_0000L, 2 * MIB)
                .region("w2", Purpose.WINDOW, 0xFFFF_FFFF_FFA0_0000L, 16 * KIB).build();
        assertEquals(List.of(), LayoutChecks.check(ok));
        Layout l = layout("x86_64").region("big", Purpose.WINDOW, 0xFFFF_FFFF_FF80_0000L, 4 * MIB)
                .region("crossing", Purpose.WINDOW, 0xFFFF_FFFF_FFDF_F000L, 8 * KIB)
                .region("ragged", Purpose.WINDOW, 0xFFFF_FFFF_FFF0_0800L, 4 * KIB).build();
        assertEquals(List.of(
                Finding.error(Code.REGION_MISALIGNED, "window region 'big' 0xffff_ffff_ff80_0000 ..= 0xffff_ffff_ffbf_ffff "
                        + "(4 MiB) does not fit in one PT: a window is the entries of one last-level table, which maps 2 MiB "
                        + "at a 2 MiB boundary", region("big")).withData("tableStart", "0xffff_ffff_ff80_0000"),
                Finding.error(Code.REGION_MISALIGNED, "window region 'crossing' 0xffff_ffff_ffdf_f000 ..= "
                        + "0xffff_ffff_ffe0_0fff (8 KiB) does not fit in one PT: a window is the entries of one last-level "
                        + "table, which maps 2 MiB at a 2 MiB boundary", region("crossing"))
                        .withData("tableStart", "0xffff_ffff_ffc0_0000"),
                Finding.error(Code.REGION_MISALIGNED, "window region 'ragged' 0xffff_ffff_fff0_0800 ..= "
                        + "0xffff_ffff_fff0_17ff (4 KiB) is not aligned to 4 KiB pages: its start is not a multiple of 4 KiB",
                        region("ragged")).withData("alignment", "4096")),
                LayoutChecks.check(l));
    }

    @Test
    void anArmV7WindowIsOneSecondLevelTableOfOneMib() {
        Layout ok = layout("armv7").region("w", Purpose.WINDOW, 0xFFF0_0000L, 1 * MIB).build();
        assertEquals(List.of(), LayoutChecks.check(ok));
        Layout l = layout("armv7").region("w", Purpose.WINDOW, 0xFFE8_0000L, 1 * MIB).build();
        assertEquals(List.of(Finding.error(Code.REGION_MISALIGNED, "window region 'w' 0xffe8_0000 ..= 0xfff7_ffff (1 MiB) "
                + "does not fit in one L2: a window is the entries of one last-level table, which maps 1 MiB at a 1 MiB "
                + "boundary", region("w")).withData("tableStart", "0xffe0_0000")), LayoutChecks.check(l));
    }

    // ---- purpose and half ----------------------------------------------------------------------------------------

    @Test
    void aUserRegionInTheKernelHalfIsAWarning() {
        Layout l = layout("x86_64").region("u", Purpose.USER, 0xFFFF_8000_0000_0000L, 1 * GIB).build();
        assertEquals(List.of(Finding.warning(Code.REGION_WRONG_HALF, "user region 'u' 0xffff_8000_0000_0000 ..= "
                + "0xffff_8000_3fff_ffff (1 GiB) overlaps the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff "
                + "(128 TiB), which every space shares", region("u"))), LayoutChecks.check(l));
    }

    @Test
    void kernelRegionsInTheUserHalfAreWarnings() {
        Layout l = layout("x86_64").region("dm", Purpose.DIRECT_MAP, 0x1000_0000_0000L, 1 * TIB)
                .slot("self", 0).build();
        assertEquals(List.of(
                Finding.warning(Code.REGION_WRONG_HALF, "direct_map region 'dm' 0x1000_0000_0000 ..= 0x10ff_ffff_ffff (1 TiB) "
                        + "overlaps the user half 0x0 ..= 0x7fff_ffff_ffff (128 TiB), which is not shared between spaces",
                        region("dm")),
                Finding.warning(Code.REGION_WRONG_HALF, "self_map region 'self' 0x0 ..= 0x7f_ffff_ffff (512 GiB) overlaps the "
                        + "user half 0x0 ..= 0x7fff_ffff_ffff (128 TiB), which is not shared between spaces", region("self"))),
                LayoutChecks.check(l));
    }

    @Test
    void on32BitTheKernelHalfIsTheTopGib() {
        Layout l = layout("x86-32").region("k", Purpose.KERNEL, 0x8000_0000L, 1 * GIB)
                .region("w", Purpose.WINDOW, 0xFFC0_0000L, 4 * KIB).build();
        assertEquals(List.of(Finding.warning(Code.REGION_WRONG_HALF, "kernel region 'k' 0x8000_0000 ..= 0xbfff_ffff (1 GiB) "
                + "overlaps the user half 0x0 ..= 0xbfff_ffff (3 GiB), which is not shared between spaces", region("k"))),
                LayoutChecks.check(l));
    }

    @Test
    void onAArch64TheHalvesAreTtbr0AndTtbr1() {
        Layout l = layout("aarch64-4k").region("k", Purpose.KERNEL, 0x4000_0000L, 1 * GIB)
                .region("u", Purpose.USER, 0xFFFF_0000_0000_0000L, 1 * GIB).build();
        assertEquals(List.of(
                Finding.warning(Code.REGION_WRONG_HALF, "kernel region 'k' 0x4000_0000 ..= 0x7fff_ffff (1 GiB) overlaps the "
                        + "user half 0x0 ..= 0xffff_ffff_ffff (256 TiB), which is not shared between spaces", region("k")),
                Finding.warning(Code.REGION_WRONG_HALF, "user region 'u' 0xffff_0000_0000_0000 ..= 0xffff_0000_3fff_ffff "
                        + "(1 GiB) overlaps the kernel half 0xffff_0000_0000_0000 ..= 0xffff_ffff_ffff_ffff (256 TiB), which "
                        + "every space shares", region("u"))),
                LayoutChecks.check(l));
    }

    @Test
    void guardMmioAndOtherRegionsMayLieInEitherHalf() {
        Layout l = layout("x86_64").region("boot", Purpose.OTHER, 0, 2 * MIB).region("uart", Purpose.MMIO, 0x1000_0000, 4 * KIB)
                .region("null", Purpose.GUARD, 0x4000_0000L, 4 * KIB)
                .region("vsyscall", Purpose.OTHER, 0xFFFF_FFFF_FF60_0000L, 4 * KIB).build();
        assertEquals(List.of(), LayoutChecks.check(l));
    }

    @Test
    void theAnalysisRunsTheLayoutChecks() {
        Layout l = layout("x86_64").region("x", Purpose.KERNEL, 0x8000_0000_0000L, 4 * KIB).build();
        AnalysisResult r = Specs.analyse(List.of(l.machine()), List.of(l), List.of());
        assertEquals(List.of("error: start 0x8000_0000_0000 of region 'x' is non-canonical: bits 63:47 must all equal bit 47 "
                + "[REGION_NON_CANONICAL]", "error: last address 0x8000_0000_0fff of region 'x' is non-canonical: bits 63:47 "
                + "must all equal bit 47 [REGION_NON_CANONICAL]"), Specs.lines(r));
    }

    // ---- interval arithmetic -----------------------------------------------------------------------------------

    @Test
    void unionJoinsOverlappingAndAdjacentRangesButNeverCoversAll2To64Addresses() {
        AddressRange low = AddressRange.inclusive(0, 0x7FFF_FFFF_FFFF_FFFFL);
        AddressRange high = AddressRange.inclusive(0x8000_0000_0000_0000L, -1L);
        assertEquals(List.of(low, high), LayoutChecks.union(List.of(high, low)));
        assertEquals(List.of(AddressRange.inclusive(0, 3 * MIB - 1), AddressRange.ofSize(4 * MIB, MIB)),
                LayoutChecks.union(List.of(AddressRange.ofSize(4 * MIB, MIB), AddressRange.ofSize(MIB, 2 * MIB),
                        AddressRange.ofSize(0, 2 * MIB))));
    }

    @Test
    void uncoveredTakesOverlappingRangesSortedByStart() {
        List<AddressRange> sorted = LayoutChecks.sortedByStart(List.of(AddressRange.ofSize(2 * MIB, MIB),
                AddressRange.ofSize(0, 4 * MIB), AddressRange.ofSize(6 * MIB, MIB)));
        assertEquals(List.of(AddressRange.ofSize(4 * MIB, 2 * MIB), AddressRange.ofSize(7 * MIB, MIB)),
                LayoutChecks.uncovered(AddressRange.ofSize(MIB, 7 * MIB), sorted));
        assertEquals(List.of(), LayoutChecks.uncovered(AddressRange.inclusive(0, -2L),
                List.of(AddressRange.inclusive(0, 0x7FFF_FFFF_FFFF_FFFFL), AddressRange.inclusive(0x8000_0000_0000_0000L, -1L))));
    }
}
