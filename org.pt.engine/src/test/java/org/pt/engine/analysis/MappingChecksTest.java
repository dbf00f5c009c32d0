package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;

/**
 * Map statements against the layout, through the analysis (which resolves {@code map all ram} and identity maps).
 * Only this concern's codes are compared: the other concerns (hazards, strategies) have their own tests.
 */
class MappingChecksTest {

    private static final Set<Code> MINE = EnumSet.of(Code.MAPPING_OUTSIDE_REGIONS, Code.MAPPING_WRONG_PURPOSE,
            Code.DIRECT_MAP_INCOMPLETE, Code.IDENTITY_COLLIDES, Code.MAPPING_IN_GUARD, Code.DIRECT_MAP_OFFSET_MISMATCH);
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes USER_RW = Attributes.KERNEL_RW.withUser(true);

    private static final Machine PC = Specs.machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 1 * GIB)
            .tables(0x200_0000, 4 * MIB).build();

    /** A higher-half layout with one region of each purpose that mappings meet. */
    private static final Layout HH = Specs.layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, 0xFFFF_8880_0000_0000L, 64 * TIB)
            .region("hole", Purpose.GUARD, 0xFFFF_C880_0000_0000L, 512 * GIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, 0xFFFF_FFFF_8000_0000L, 512 * MIB)
            .region("devices", Purpose.MMIO, 0xFFFF_FFFF_C000_0000L, 16 * MIB)
            .build();

    private static List<Finding> mine(Machine m, Layout l, SpaceSpec s) {
        AnalysisResult r = Specs.analyse(List.of(m), List.of(l), List.of(s));
        return r.findings().stream().filter(f -> MINE.contains(f.code())).toList();
    }

    private static List<Finding> mine(SpaceSpec s) {
        return mine(PC, HH, s);
    }

    private static Subject.OperationRef op(int index) {
        return new Subject.OperationRef("k", index);
    }

    private static Subject.RegionRef region(String name) {
        return new Subject.RegionRef("hh", name);
    }

    @Test
    void mappingsInRegionsOfTheirPurposeAreClean() {
        SpaceSpec s = Specs.space("k", HH).allRam("direct_map", RW)
                .map(0xFFFF_FFFF_8100_0000L, 16 * MIB, 0x100_0000, Attributes.KERNEL_RX)
                .map(0x40_0000, 64 * KIB, 0x800_0000, USER_RW)
                .map(0xFFFF_FFFF_C000_0000L, 4 * KIB, 0xFEC0_0000L, RW)
                .build();
        assertEquals(List.of(), mine(s));
    }

    @Test
    void aMappingOutsideEveryRegionIsAnError() {
        SpaceSpec s = Specs.space("k", HH).map(0xFFFF_C900_0000_0000L, 2 * MIB, 0, RW).build();
        assertEquals(List.of(Finding.error(Code.MAPPING_OUTSIDE_REGIONS, "mapping 0xffff_c900_0000_0000 ..= "
                + "0xffff_c900_001f_ffff (2 MiB) is outside every region of layout 'hh'", op(0))), mine(s));
    }

    @Test
    void aMappingOverhangingARegionOnBothSidesNamesBothParts() {
        SpaceSpec s = Specs.space("k", HH).map(0xFFFF_FFFF_7FF0_0000L, 514 * MIB, 0, RW).build();
        assertEquals(List.of(Finding.error(Code.MAPPING_OUTSIDE_REGIONS, "mapping 0xffff_ffff_7ff0_0000 ..= "
                + "0xffff_ffff_a00f_ffff (514 MiB) is not all inside regions of layout 'hh': 0xffff_ffff_7ff0_0000 ..= "
                + "0xffff_ffff_7fff_ffff (1 MiB) and 0xffff_ffff_a000_0000 ..= 0xffff_ffff_a00f_ffff (1 MiB) are in none",
                op(0))), mine(s));
    }

    @Test
    void aMappingInAGuardRegionIsAnError() {
        SpaceSpec s = Specs.space("k", HH).map(0xFFFF_C880_0000_0000L, 2 * MIB, 0, RW)
                .map(0xFFFF_C8FF_FFE0_0000L, 4 * MIB, 0, RW).build();
        assertEquals(List.of(
                Finding.error(Code.MAPPING_IN_GUARD, "mapping 0xffff_c880_0000_0000 ..= 0xffff_c880_001f_ffff (2 MiB) maps "
                        + "0xffff_c880_0000_0000 ..= 0xffff_c880_001f_ffff (2 MiB) in guard region 'hole' 0xffff_c880_0000_0000 "
                        + "..= 0xffff_c8ff_ffff_ffff (512 GiB), which must stay unmapped", op(0), region("hole")),
                Finding.error(Code.MAPPING_IN_GUARD, "mapping 0xffff_c8ff_ffe0_0000 ..= 0xffff_c900_001f_ffff (4 MiB) maps "
                        + "0xffff_c8ff_ffe0_0000 ..= 0xffff_c8ff_ffff_ffff (2 MiB) in guard region 'hole' 0xffff_c880_0000_0000 "
                        + "..= 0xffff_c8ff_ffff_ffff (512 GiB), which must stay unmapped", op(1), region("hole")),
                Finding.error(Code.MAPPING_OUTSIDE_REGIONS, "mapping 0xffff_c8ff_ffe0_0000 ..= 0xffff_c900_001f_ffff (4 MiB) "
                        + "is not all inside regions of layout 'hh': 0xffff_c900_0000_0000 ..= 0xffff_c900_001f_ffff (2 MiB) "
                        + "is in none", op(1))),
                mine(s));
    }

    @Test
    void kernelMappingsInUserRegionsAndUserMappingsInKernelRegionsAreWarnings() {
        SpaceSpec s = Specs.space("k", HH).map(0x1000_0000, 4 * KIB, 0x100_0000, RW)
                .map(0xFFFF_FFFF_8000_0000L, 4 * KIB, 0x100_0000, USER_RW)
                .map(0xFFFF_FFFF_C000_0000L, 4 * KIB, 0xFEC0_0000L, USER_RW).build();
        assertEquals(List.of(
                Finding.warning(Code.MAPPING_WRONG_PURPOSE, "kernel mapping 0x1000_0000 ..= 0x1000_0fff (4 KiB) lies in user "
                        + "region 'user' 0x0 ..= 0x7fff_ffff_ffff (128 TiB)", op(0), region("user")),
                Finding.warning(Code.MAPPING_WRONG_PURPOSE, "user mapping 0xffff_ffff_8000_0000 ..= 0xffff_ffff_8000_0fff "
                        + "(4 KiB) lies in kernel region 'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB)",
                        op(1), region("kernel")),
                Finding.warning(Code.MAPPING_WRONG_PURPOSE, "user mapping 0xffff_ffff_c000_0000 ..= 0xffff_ffff_c000_0fff "
                        + "(4 KiB) lies in mmio region 'devices' 0xffff_ffff_c000_0000 ..= 0xffff_ffff_c0ff_ffff (16 MiB)",
                        op(2), region("devices"))),
                mine(s));
    }

    @Test
    void aMappingInTheSelfMapSlotIsAWarning() {
        SpaceSpec s = Specs.space("k", HH).map(0xFFFF_FF00_0000_0000L, 4 * KIB, 0, RW).build();
        assertEquals(List.of(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "mapping 0xffff_ff00_0000_0000 ..= "
                + "0xffff_ff00_0000_0fff (4 KiB) lies in self_map region 'self' 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff "
                + "(512 GiB), whose addresses show the page tables through the recursive entry", op(0), region("self"))),
                mine(s));
    }

    @Test
    void anExplicitMappingInTheDirectMapMustKeepItsOffset() {
        SpaceSpec ok = Specs.space("k", HH).map(0xFFFF_8880_4000_0000L, 2 * MIB, 0x4000_0000L, RW).build();
        assertEquals(List.of(), mine(ok));
        SpaceSpec s = Specs.space("k", HH).mapRegion("direct_map", 2 * MIB, 0x4000_0000L, RW).build();
        assertEquals(List.of(Finding.warning(Code.DIRECT_MAP_OFFSET_MISMATCH, "mapping 0xffff_8880_0000_0000 ..= "
                + "0xffff_8880_001f_ffff (2 MiB) puts physical 0x4000_0000 at 0xffff_8880_0000_0000 in direct_map region "
                + "'direct_map' 0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB), where the direct map holds "
                + "physical 0x0", op(0), region("direct_map")).withData("pa", "0x0")), mine(s));
    }

    @Test
    void aUserMappingFromTheDirectMapIntoTheGuardGetsEachRegionsFindings() {
        SpaceSpec s = Specs.space("k", HH).map(0xFFFF_C87F_FFE0_0000L, 4 * MIB, 0, USER_RW).build();
        assertEquals(List.of(
                Finding.warning(Code.MAPPING_WRONG_PURPOSE, "user mapping 0xffff_c87f_ffe0_0000 ..= 0xffff_c880_001f_ffff "
                        + "(4 MiB) lies in direct_map region 'direct_map' 0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff "
                        + "(64 TiB)", op(0), region("direct_map")),
                Finding.warning(Code.DIRECT_MAP_OFFSET_MISMATCH, "mapping 0xffff_c87f_ffe0_0000 ..= 0xffff_c880_001f_ffff "
                        + "(4 MiB) puts physical 0x0 at 0xffff_c87f_ffe0_0000 in direct_map region 'direct_map' "
                        + "0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB), where the direct map holds physical "
                        + "0x3fff_ffe0_0000", op(0), region("direct_map")).withData("pa", "0x3fff_ffe0_0000"),
                Finding.error(Code.MAPPING_IN_GUARD, "mapping 0xffff_c87f_ffe0_0000 ..= 0xffff_c880_001f_ffff (4 MiB) maps "
                        + "0xffff_c880_0000_0000 ..= 0xffff_c880_001f_ffff (2 MiB) in guard region 'hole' "
                        + "0xffff_c880_0000_0000 ..= 0xffff_c8ff_ffff_ffff (512 GiB), which must stay unmapped", op(0),
                        region("hole"))),
                mine(s));
    }

    @Test
    void anIdentityMappingCollidingWithTheUserRegionIsAWarning() {
        SpaceSpec s = Specs.space("k", HH).identity(0, 2 * MIB, Attributes.of("rwx")).build();
        assertEquals(List.of(Finding.warning(Code.IDENTITY_COLLIDES, "identity mapping 0x0 ..= 0x1f_ffff (2 MiB) collides "
                + "with region 'user' 0x0 ..= 0x7fff_ffff_ffff (128 TiB)", op(0), region("user"))), mine(s));
    }

    @Test
    void identityMappingsMayLieOutsideRegionsAndInKernelMmioAndOtherRegions() {
        Layout low = Specs.layout("hh", PC).region("boot", Purpose.OTHER, 0, 2 * MIB)
                .region("kernel", Purpose.KERNEL, 0x100_0000, 16 * MIB)
                .region("devices", Purpose.MMIO, 0xFEC0_0000L, 4 * KIB)
                .region("dm", Purpose.DIRECT_MAP, 0x1_0000_0000L, 1 * GIB)
                .region("null", Purpose.GUARD, 0x3000_0000L, 4 * KIB)
                .build();
        SpaceSpec s = Specs.space("k", low).identity(0, 2 * MIB, Attributes.of("rwx"))
                .identity(0x100_0000, 8 * MIB, Attributes.KERNEL_RX)
                .identity(0xFEC0_0000L, 4 * KIB, RW)
                .identity(0x4000_0000, 2 * MIB, RW)
                .identity(0x190_0000, 4 * KIB, USER_RW)
                .identity(0x1_0000_0000L, 2 * MIB, RW)
                .identity(0x3000_0000L, 4 * KIB, RW)
                .build();
        assertEquals(List.of(
                Finding.warning(Code.MAPPING_WRONG_PURPOSE, "user mapping 0x190_0000 ..= 0x190_0fff (4 KiB) lies in kernel "
                        + "region 'kernel' 0x100_0000 ..= 0x1ff_ffff (16 MiB)", op(4), region("kernel")),
                Finding.warning(Code.IDENTITY_COLLIDES, "identity mapping 0x1_0000_0000 ..= 0x1_001f_ffff (2 MiB) collides "
                        + "with region 'dm' 0x1_0000_0000 ..= 0x1_3fff_ffff (1 GiB)", op(5), region("dm")),
                Finding.warning(Code.IDENTITY_COLLIDES, "identity mapping 0x3000_0000 ..= 0x3000_0fff (4 KiB) collides "
                        + "with region 'null' 0x3000_0000 ..= 0x3000_0fff (4 KiB)", op(6), region("null"))),
                mine(PC, low, s));
    }

    @Test
    void allRamIntoADirectMapSmallerThanRamNamesTheRamAbove() {
        Machine big = Specs.machine("big", Formats.standard("x86_64").orElseThrow()).ram(0, 1 * GIB).ram(4 * GIB, 1 * GIB)
                .tables(0x200_0000, 4 * MIB).build();
        Layout small = Specs.layout("small", big).region("dm", Purpose.DIRECT_MAP, 0xFFFF_8880_0000_0000L, 512 * MIB)
                .build();
        SpaceSpec s = Specs.space("k", small).allRam("dm", RW).build();
        assertEquals(List.of(new Finding(Severity.ERROR, Code.DIRECT_MAP_INCOMPLETE, "region 'dm' 0xffff_8880_0000_0000 ..= "
                + "0xffff_8880_1fff_ffff (512 MiB) is too small for all RAM: it covers physical 0x0 ..= 0x1fff_ffff (512 MiB), "
                + "but ram 0x2000_0000 ..= 0x3fff_ffff (512 MiB) and 0x1_0000_0000 ..= 0x1_3fff_ffff (1 GiB) lie above",
                List.of(op(0), new Subject.RegionRef("small", "dm"), new Subject.PhysicalRef("big", 0),
                        new Subject.PhysicalRef("big", 1)), java.util.Map.of("neededSize", "5 GiB"))),
                mine(big, small, s));
    }

    @Test
    void allRamIntoAKernelRegionIsTheWrongPurposeAndHereTooSmall() {
        SpaceSpec s = Specs.space("k", HH).allRam("kernel", RW).build();
        assertEquals(List.of(
                new Finding(Severity.ERROR, Code.DIRECT_MAP_INCOMPLETE, "region 'kernel' 0xffff_ffff_8000_0000 ..= "
                        + "0xffff_ffff_9fff_ffff (512 MiB) is too small for all RAM: it covers physical 0x0 ..= 0x1fff_ffff "
                        + "(512 MiB), but ram 0x2000_0000 ..= 0x3fff_ffff (512 MiB) lies above",
                        List.of(op(0), region("kernel"), new Subject.PhysicalRef("pc", 0)),
                        java.util.Map.of("neededSize", "1 GiB")),
                Finding.warning(Code.MAPPING_WRONG_PURPOSE, "all RAM mapped into kernel region 'kernel' 0xffff_ffff_8000_0000 "
                        + "..= 0xffff_ffff_9fff_ffff (512 MiB), not a direct_map region", op(0), region("kernel"))),
                mine(s));
    }

    @Test
    void allRamMappedUserAccessibleIsAWarning() {
        SpaceSpec s = Specs.space("k", HH).allRam("direct_map", USER_RW).build();
        assertEquals(List.of(Finding.warning(Code.MAPPING_WRONG_PURPOSE, "all RAM mapped user-accessible into direct_map "
                + "region 'direct_map' 0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB)", op(0),
                region("direct_map"))), mine(s));
    }
}
