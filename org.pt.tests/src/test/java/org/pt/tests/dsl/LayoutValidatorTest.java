package org.pt.tests.dsl;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/** Layouts: region names and purposes, and the engine's layout checks on the region's name. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class LayoutValidatorTest extends SpecTestSupport {

    private static String layout(String regions) {
        return PC + "layout l for pc {\n" + regions + "}\n";
    }

    @Test
    void higherHalfLayoutIsClean() throws Exception {
        assertIssues(parse(HH));
    }

    @Test
    void regionNamedTwiceIsReportedOnTheSecond() throws Exception {
        String text = layout("    kernel 0xffff_ffff_8000_0000 size 512 MiB\n    kernel 0xffff_ffff_c000_0000 size 4 KiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.DUPLICATE_NAME,
                at(text, "kernel 0xffff_ffff_c000_0000", "kernel"), "layout 'l' already has a region 'kernel'"));
    }

    @Test
    void endAndSizeThatAgreeAreClean() throws Exception {
        assertIssues(parse(layout("    direct_map 0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff size 64 TiB\n"
                + "    kernel 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff size 512 MiB\n")));
    }

    @Test
    void endAndSizeThatDisagreeAreReportedOnTheEndWithTheDifference() throws Exception {
        String text = layout("    direct_map 0xffff_8880_0000_0000 ..= 0xffff_c8ff_ffff_ffff size 64 TiB\n"
                + "    kernel 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff size 1 GiB\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text, "0xffff_c8ff_ffff_ffff"),
                        "region 'direct_map': the size 64 TiB says 0xffff_c87f_ffff_ffff but the end is "
                                + "0xffff_c8ff_ffff_ffff: 512 GiB more"),
                error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text, "0xffff_ffff_9fff_ffff"),
                        "region 'kernel': the size 1 GiB says 0xffff_ffff_bfff_ffff but the end is "
                                + "0xffff_ffff_9fff_ffff: 512 MiB less"));
    }

    @Test
    void regionKeepsItsWrittenEndWhenTheSizeDisagrees() throws Exception {
        // the written end overlaps the next region; the size alone would not: both are reported
        String text = layout("    a kernel 0xffff_ffff_8000_0000 ..= 0xffff_ffff_bfff_ffff size 512 MiB\n"
                + "    b kernel 0xffff_ffff_a000_0000 size 4 KiB\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text, "0xffff_ffff_bfff_ffff"),
                        "region 'a': the size 512 MiB says 0xffff_ffff_9fff_ffff but the end is "
                                + "0xffff_ffff_bfff_ffff: 512 MiB more"),
                error(PtPackage.Literals.REGION, IssueCodes.REGION_OVERLAP, at(text, "    b", "b"),
                        "region 'b' 0xffff_ffff_a000_0000 ..= 0xffff_ffff_a000_0fff (4 KiB) overlaps region 'a' "
                                + "0xffff_ffff_8000_0000 ..= 0xffff_ffff_bfff_ffff (1 GiB) on 0xffff_ffff_a000_0000 "
                                + "..= 0xffff_ffff_a000_0fff (4 KiB)"));
    }

    @Test
    void sizeGivenTwiceIsReportedOnTheSecond() throws Exception {
        String text = layout("    kernel 0xffff_ffff_8000_0000 size 512 MiB size 1 GiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.RANGE_PLACEMENT, IssueCodes.INVALID_RANGE,
                at(text, "MiB size 1 GiB", "1 GiB"), "region 'kernel' gives its size twice: write 'START ..= END size SIZE' to give "
                        + "its end and its size"));
    }

    @Test
    void overlappingRegionsAreReportedOnTheLaterName() throws Exception {
        String text = layout("    kernel 0xffff_ffff_8000_0000 size 512 MiB\n"
                + "    modules kernel 0xffff_ffff_9000_0000 size 1 GiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.REGION_OVERLAP, at(text, "modules"),
                "region 'modules' 0xffff_ffff_9000_0000 ..= 0xffff_ffff_cfff_ffff (1 GiB) overlaps region 'kernel' "
                        + "0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB) on 0xffff_ffff_9000_0000 ..= "
                        + "0xffff_ffff_9fff_ffff (256 MiB)"));
    }

    @Test
    void nonCanonicalRegionIsReportedForStartAndEnd() throws Exception {
        String text = layout("    bad kernel 0x8000_0000_0000 size 1 GiB\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.REGION, IssueCodes.REGION_NON_CANONICAL, at(text, "bad"),
                        "start 0x8000_0000_0000 of region 'bad' is non-canonical: bits 63:47 must all equal bit 47"),
                error(PtPackage.Literals.REGION, IssueCodes.REGION_NON_CANONICAL, at(text, "bad"),
                        "last address 0x8000_3fff_ffff of region 'bad' is non-canonical: bits 63:47 must all equal bit 47"));
    }

    @Test
    void regionAcrossTheHoleIsReported() throws Exception {
        String text = layout("    across 0x7fff_ffff_f000 ..= 0xffff_8000_0000_0fff\n");
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.REGION_CROSSES_HOLE, at(text, "across"),
                "region 'across' 0x7fff_ffff_f000 ..= 0xffff_8000_0000_0fff (18014123631575048 KiB) crosses the "
                        + "non-canonical hole 0x8000_0000_0000 ..= 0xffff_7fff_ffff_ffff (16776960 TiB)"));
    }

    @Test
    void regionBeyondThirtyTwoBitsIsReported() throws Exception {
        String text = """
                machine small {
                    format x86-32
                    ram 0x0 size 64 MiB
                    tables from 0x100_0000 size 1 MiB
                }
                layout s for small {
                    kernel 0xc000_0000 size 2 GiB
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.REGION_BEYOND_VA, at(text, "kernel"),
                "region 'kernel' 0xc000_0000 ..= 0x1_3fff_ffff (2 GiB) goes beyond the 4 GiB virtual address space of "
                        + "x86-32: 0x1_0000_0000 ..= 0x1_3fff_ffff (1 GiB) is untranslatable"));
    }

    @Test
    void misalignedRegionCarriesTheAlignment() throws Exception {
        String text = layout("    odd kernel 0xffff_c000_0000_0100 size 4 KiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.REGION_MISALIGNED, at(text, "odd"),
                "kernel region 'odd' 0xffff_c000_0000_0100 ..= 0xffff_c000_0000_10ff (4 KiB) is not aligned to 4 KiB "
                        + "pages: its start is not a multiple of 4 KiB"));
    }

    @Test
    void slotTheRootDoesNotHaveIsReportedOnItsNumberWithAFreeSlot() throws Exception {
        String text = layout("    self_map top-level slot 512\n");
        assertIssues(parse(text), error(PtPackage.Literals.SLOT_PLACEMENT, IssueCodes.SLOT_OUT_OF_RANGE,
                at(text, "slot 512", "512"), "top-level slot 512 of region 'self_map' is out of range: PML4 has 512 "
                        + "entries, 0 to 511"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("freeSlot=511"),
                java.util.List.of(validation.validate(parse(text)).get(0).getData()));
    }

    @Test
    void slotBeyondAnyIndexIsReportedOnTheNumber() throws Exception {
        String text = layout("    self_map top-level slot 0x1_0000_0000\n");
        assertIssues(parse(text), error(PtPackage.Literals.SLOT_PLACEMENT, IssueCodes.SLOT_OUT_OF_RANGE,
                at(text, "0x1_0000_0000"), "top-level slot 4294967296 of region 'self_map' is out of range: a root of "
                        + "x86_64 has 512 entries, 0 to 511"));
    }

    @Test
    void purposeComesFromTheNameWhenItIsOne() throws Exception {
        String text = layout("    user 0xffff_d000_0000_0000 size 1 TiB\n    vmalloc 0xffff_c900_0000_0000 size 1 TiB\n");
        assertIssues(parse(text), warning(PtPackage.Literals.REGION, IssueCodes.REGION_WRONG_HALF, at(text, "user"),
                "user region 'user' 0xffff_d000_0000_0000 ..= 0xffff_d0ff_ffff_ffff (1 TiB) overlaps the kernel half "
                        + "0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB), which every space shares"));
    }
}
