package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;

/**
 * Linux's x86_64 layouts from Documentation/arch/x86/x86_64/mm.rst ({@link Specs#linux4Level}, {@link Specs#linux5Level}):
 * no conflicts, and the top-level slots each region takes.
 */
class LinuxLayoutTest {

    private static final Machine PC4 = Specs.linuxPc(Formats.standard("x86_64").orElseThrow());
    private static final Machine PC5 = Specs.linuxPc(Formats.standard("x86_64-la57").orElseThrow());

    /** "name first..last" for every region: the top-level slots of its start and of its last address. */
    private static List<String> slots(Layout l) {
        Half h = l.machine().format().halves().get(0);
        List<String> out = new ArrayList<>();
        for (Region r : l.regions()) {
            out.add(r.name() + " " + Slots.of(h, r.range().start()) + ".." + Slots.of(h, r.range().last()));
        }
        return out;
    }

    @Test
    void theFourLevelLayoutHasNoConflicts() {
        Layout l = Specs.linux4Level(PC4);
        assertEquals(22, l.regions().size());
        assertEquals(List.of(), Specs.lines(Specs.analyse(List.of(PC4), List.of(l), List.of())));
    }

    @Test
    void theFourLevelLayoutsPml4Slots() {
        // PML4 entries map 512 GiB: the direct map's 64 TiB are slots 273 to 400, and everything from the 444 GiB hole
        // up (EFI, kernel text, modules, fixmap, vsyscall) shares slot 511
        assertEquals(List.of("user 0..255", "hypervisor_guard 256..271", "ldt_remap 272..272", "direct_map 273..400",
                "unused_1 401..401", "vmalloc 402..465", "unused_2 466..467", "vmemmap 468..469", "unused_3 470..471",
                "kasan_shadow 472..503", "unused_4 504..507", "cpu_entry_area 508..508", "unused_5 509..509",
                "esp_fixup_stacks 510..510", "unused_6 511..511", "efi 511..511", "unused_7 511..511", "kernel_text 511..511",
                "modules 511..511", "fixmap 511..511", "vsyscall 511..511", "unused_8 511..511"),
                slots(Specs.linux4Level(PC4)));
    }

    @Test
    void theFiveLevelLayoutHasNoConflicts() {
        Layout l = Specs.linux5Level(PC5);
        assertEquals(22, l.regions().size());
        assertEquals(List.of(), Specs.lines(Specs.analyse(List.of(PC5), List.of(l), List.of())));
    }

    @Test
    void theFiveLevelLayoutsPml5Slots() {
        // PML5 entries map 256 TiB; the 4-level rows from 0xffff_fc00_0000_0000 on all lie in the last one
        assertEquals(List.of("user 0..255", "hypervisor_guard 256..271", "ldt_remap 272..272", "direct_map 273..400",
                "unused_1 401..415", "vmalloc 416..465", "unused_2 466..467", "vmemmap 468..469", "unused_3 470..478",
                "kasan_shadow 479..511", "unused_4 511..511", "cpu_entry_area 511..511", "unused_5 511..511",
                "esp_fixup_stacks 511..511", "unused_6 511..511", "efi 511..511", "unused_7 511..511", "kernel_text 511..511",
                "modules 511..511", "fixmap 511..511", "vsyscall 511..511", "unused_8 511..511"),
                slots(Specs.linux5Level(PC5)));
    }

    @Test
    void theFourLevelLayoutOnTheFiveLevelFormatIsStillCanonical() {
        // 48-bit canonical addresses are 57-bit canonical too; only the slots change
        Layout l = Specs.linux4Level(PC5);
        assertEquals(List.of(), LayoutChecks.check(l));
    }

    @Test
    void theFiveLevelLayoutOnFourLevelPagingIsNonCanonical() {
        Layout l = Specs.linux5Level(PC4);
        List<String> lines = new ArrayList<>();
        LayoutChecks.check(l).forEach(f -> lines.add(f.toString()));
        String rule = " is non-canonical: bits 63:47 must all equal bit 47 [REGION_NON_CANONICAL]";
        assertEquals(List.of(
                "error: last address 0xff_ffff_ffff_ffff of region 'user'" + rule,
                "error: start 0xff00_0000_0000_0000 of region 'hypervisor_guard'" + rule,
                "error: last address 0xff0f_ffff_ffff_ffff of region 'hypervisor_guard'" + rule,
                "error: start 0xff10_0000_0000_0000 of region 'ldt_remap'" + rule,
                "error: last address 0xff10_ffff_ffff_ffff of region 'ldt_remap'" + rule,
                "error: start 0xff11_0000_0000_0000 of region 'direct_map'" + rule,
                "error: last address 0xff90_ffff_ffff_ffff of region 'direct_map'" + rule,
                "error: start 0xff91_0000_0000_0000 of region 'unused_1'" + rule,
                "error: last address 0xff9f_ffff_ffff_ffff of region 'unused_1'" + rule,
                "error: start 0xffa0_0000_0000_0000 of region 'vmalloc'" + rule,
                "error: last address 0xffd1_ffff_ffff_ffff of region 'vmalloc'" + rule,
                "error: start 0xffd2_0000_0000_0000 of region 'unused_2'" + rule,
                "error: last address 0xffd3_ffff_ffff_ffff of region 'unused_2'" + rule,
                "error: start 0xffd4_0000_0000_0000 of region 'vmemmap'" + rule,
                "error: last address 0xffd5_ffff_ffff_ffff of region 'vmemmap'" + rule,
                "error: start 0xffd6_0000_0000_0000 of region 'unused_3'" + rule,
                "error: last address 0xffde_ffff_ffff_ffff of region 'unused_3'" + rule,
                "error: start 0xffdf_0000_0000_0000 of region 'kasan_shadow'" + rule), lines);
    }

    @Test
    void aKernelSpaceOnTheFourLevelLayoutMapsWithoutLayoutFindings() {
        Set<Code> layoutCodes = EnumSet.of(Code.MAPPING_OUTSIDE_REGIONS, Code.MAPPING_WRONG_PURPOSE,
                Code.DIRECT_MAP_INCOMPLETE, Code.IDENTITY_COLLIDES, Code.MAPPING_IN_GUARD, Code.DIRECT_MAP_OFFSET_MISMATCH,
                Code.REGION_OVERLAP, Code.REGION_NON_CANONICAL, Code.REGION_CROSSES_HOLE, Code.REGION_BEYOND_VA,
                Code.REGION_MISALIGNED, Code.SLOT_OUT_OF_RANGE, Code.REGION_WRONG_HALF, Code.PHYSICAL_OVERLAP,
                Code.PHYSICAL_BEYOND_WIDTH, Code.POOL_OUTSIDE_RAM, Code.POOL_IN_RESERVED, Code.POOL_IN_MMIO, Code.POOL_OVERLAP,
                Code.POOL_MISALIGNED, Code.POOL_MISSING);
        Layout l = Specs.linux4Level(PC4);
        SpaceSpec kernel = Specs.space("kernel", l).allRam("direct_map", Attributes.KERNEL_RW.withGlobal(true))
                .map(0xFFFF_FFFF_8100_0000L, 16 * MIB, 0x100_0000, Attributes.KERNEL_RX.withGlobal(true))
                .map(0xFFFF_FFFF_C000_0000L, 2 * MIB, 0x200_0000, Attributes.KERNEL_RW)
                .map(0xFFFF_FE00_0000_0000L, 64 * KIB, 0x300_0000, Attributes.KERNEL_RW)
                .map(0xFFFF_FFFF_FF5F_F000L, 4 * KIB, 0xFEE0_0000L, Attributes.KERNEL_RW)
                .map(0x40_0000, 64 * KIB, 0x800_0000, Attributes.KERNEL_RW.withUser(true))
                .build();
        AnalysisResult r = Specs.analyse(List.of(PC4), List.of(l), List.of(kernel));
        assertEquals(List.of(), r.findings().stream().filter(f -> layoutCodes.contains(f.code())).toList());
        assertEquals(1, r.spaces().size());
    }
}
