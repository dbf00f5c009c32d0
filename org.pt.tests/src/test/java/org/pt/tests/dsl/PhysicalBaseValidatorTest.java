package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Literal;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Region;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/**
 * {@code REGION RANGE from physical BASE}: the physical address a direct map holds at its first byte, parsed, put on the
 * region and reported where it is written.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class PhysicalBaseValidatorTest extends SpecTestSupport {

    /** A 32-bit ARM board with 512 MiB of RAM at 1 GiB. */
    private static final String BOARD = """
            machine board {
                format armv7
                physical bits 32
                ram 0x4000_0000 size 512 MiB
                tables from 0x4400_0000 size 1 MiB
            }
            """;

    private static String spec(String lowmem, String statements) {
        return BOARD + "layout split for board {\n    user 0x0000_0000 ..= 0xbeff_ffff\n    " + lowmem + "\n}\n"
                + "space k uses split {\n" + statements + "}\n";
    }

    @Test
    void theBaseIsParsedAfterTheRangeAndBeforeTheLabel() throws Exception {
        Model m = parse(spec("lowmem direct_map 0xc000_0000 size 512 MiB from physical 0x4000_0000 \"PAGE_OFFSET\"",
                ""));
        Region r = ((Layout) m.getElements().get(1)).getRegions().get(1);
        assertEquals(0x4000_0000L, ((Literal) r.getPhysicalBase()).getValue());
        assertEquals("\"PAGE_OFFSET\"", "\"" + r.getLabel() + "\"");
    }

    @Test
    void allRamFromTheBaseIsClean() throws Exception {
        String text = spec("lowmem direct_map 0xc000_0000 size 512 MiB from physical 0x4000_0000",
                "    tables via direct-map lowmem\n    map all ram into lowmem rw global nx\n"
                        + "    walk 0xc000_1234 expect 0x4000_1234\n");
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "all ram into lowmem"),
                        "the kernel half 0xc000_0000 ..= 0xffff_ffff (1 GiB) of 'k' maps 512 MiB of 512 MiB RAM (100 %), "
                                + "which speculative-execution attacks can read"),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0xc000_1234 expect 0x4000_1234"),
                        "0xc000_1234 -> 0x4000_1234 (16 MiB page at L1, k:rw- u:---, Normal WB-WA); TTBR0 0x4400_0000: "
                                + "L1[3072]=0x4005141e"));
    }

    @Test
    void withoutABaseTheRamAtOneGibDoesNotFit() throws Exception {
        // the check can fail: the same layout without 'from physical' is what PT refused before (RAM at 1 GiB would
        // spill 512 MiB past the top of the 32-bit space)
        String text = spec("lowmem direct_map 0xc000_0000 size 512 MiB", "    map all ram into lowmem rw global nx\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.DIRECT_MAP_INCOMPLETE, at(text, "all ram into lowmem"),
                        "region 'lowmem' 0xc000_0000 ..= 0xdfff_ffff (512 MiB) is too small for all RAM: it covers "
                                + "physical 0x0 ..= 0x1fff_ffff (512 MiB), but ram 0x4000_0000 ..= 0x5fff_ffff (512 MiB) "
                                + "lies above"),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.UNTRANSLATABLE_ADDRESS, at(text, "all ram into lowmem"),
                        "0x1_0000_0000 is above the 32-bit address space of armv7"));
    }

    @Test
    void ramBelowTheBaseIsReportedOnTheStatement() throws Exception {
        String text = spec("lowmem direct_map 0xc000_0000 size 512 MiB from physical 0x5000_0000",
                "    map all ram into lowmem rw global nx\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_BELOW_PHYSICAL_BASE, at(text, "all ram into lowmem"),
                        "ram 0x4000_0000 ..= 0x4fff_ffff (256 MiB) lies below physical 0x5000_0000, the first byte of "
                                + "region 'lowmem' 0xc000_0000 ..= 0xdfff_ffff (512 MiB), and cannot be mapped into it: "
                                + "write 'from physical 0x4000_0000' on the region to start it at the first RAM byte"),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "all ram into lowmem"),
                        "the kernel half 0xc000_0000 ..= 0xffff_ffff (1 GiB) of 'k' maps 256 MiB of 512 MiB RAM (50 %), "
                                + "which speculative-execution attacks can read"));
    }

    @Test
    void aBaseOffAPageIsReportedOnTheBase() throws Exception {
        String text = spec("lowmem direct_map 0xc000_0000 size 512 MiB from physical 0x4000_0800", "");
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.PHYSICAL_BASE_MISALIGNED,
                at(text, "0x4000_0800"), "physical base 0x4000_0800 of region 'lowmem' is 0x800 past a 4 KiB boundary: "
                        + "the region's first page must map a whole physical page"));
    }

    @Test
    void aBaseOffASupersectionBoundaryWarnsOnTheStatement() throws Exception {
        String text = BOARD.replace("physical bits 32", "physical bits 32\n    features supersections")
                + "layout split for board {\n    lowmem direct_map 0xc000_0000 size 512 MiB from physical 0x4010_0000\n}\n"
                + "space k uses split {\n    map all ram into lowmem rw global nx\n}\n";
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_BELOW_PHYSICAL_BASE, at(text, "all ram into lowmem"),
                        "ram 0x4000_0000 ..= 0x400f_ffff (1 MiB) lies below physical 0x4010_0000, the first byte of region "
                                + "'lowmem' 0xc000_0000 ..= 0xdfff_ffff (512 MiB), and cannot be mapped into it: write "
                                + "'from physical 0x4000_0000' on the region to start it at the first RAM byte"),
                warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.PHYSICAL_BASE_MISALIGNED,
                        at(text, "all ram into lowmem"), "map all ram into 'lowmem' can use no 16 MiB page: region start "
                                + "0xc000_0000 holds physical 0x4010_0000, and PA 0x4010_0000 is 0x10_0000 past a 16 MiB "
                                + "boundary (VA 0xc000_0000 is on one); a physical base as far from a 16 MiB boundary as "
                                + "the region's start would map 31 of them"),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "all ram into lowmem"),
                        "the kernel half 0xc000_0000 ..= 0xffff_ffff (1 GiB) of 'k' maps 511 MiB of 512 MiB RAM (99 %), "
                                + "which speculative-execution attacks can read"));
    }
}
