package org.pt.tests.dsl;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/**
 * Walks, reaches and reports: results as info diagnostics on the whole query statement, with the trace in the
 * message; a failed expectation as an error with expected and actual.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class QueryValidatorTest extends SpecTestSupport {

    private static final String KERNEL = HH + """
            space kernel uses hh {
                tables via recursive self_map
                map kernel size 2 MiB to 0x20_0000 rx
            """;

    private static final String TRACE = "CR3 0x100_0000: PML4[511]=0x1001027 PDPT[510]=0x1002027 PD[0]=0x2000e1";

    private static final String EXPOSED = "the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of "
            + "'kernel' maps 2 MiB of 1 GiB RAM (less than 1 %), which speculative-execution attacks can read";

    @Test
    void walkResultIsAnInfoOnTheWalkWithItsTrace() throws Exception {
        String text = KERNEL + "    walk 0xffff_ffff_8000_1000\n}\n";
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "map kernel", "kernel"), EXPOSED),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0xffff_ffff_8000_1000"),
                        "0xffff_ffff_8000_1000 -> 0x20_1000 (2 MiB page at PD, k:r-x u:---, WB); " + TRACE));
    }

    @Test
    void walkExpectationsThatFailShowExpectedAndActual() throws Exception {
        String text = KERNEL + """
                    walk 0xffff_ffff_8000_1000 expect 0x20_1000
                    walk 0xffff_ffff_8000_1000 expect 0x30_1000
                    walk 0xffff_ffff_8000_1000 expect fault
                    walk 0xffff_ffff_a000_0000 expect fault
                }
                """;
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "map kernel", "kernel"), EXPOSED),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0xffff_ffff_8000_1000 expect 0x20_1000"),
                        "0xffff_ffff_8000_1000 -> 0x20_1000 (2 MiB page at PD, k:r-x u:---, WB); " + TRACE),
                error(PtPackage.Literals.WALK, IssueCodes.WALK_EXPECTATION_FAILED,
                        at(text, "walk 0xffff_ffff_8000_1000 expect 0x30_1000"), "expected 0xffff_ffff_8000_1000 -> "
                                + "0x30_1000, but 0xffff_ffff_8000_1000 -> 0x20_1000 (2 MiB page at PD, k:r-x u:---, WB); "
                                + TRACE),
                error(PtPackage.Literals.WALK, IssueCodes.WALK_EXPECTATION_FAILED,
                        at(text, "walk 0xffff_ffff_8000_1000 expect fault"), "expected 0xffff_ffff_8000_1000 to fault, "
                                + "but 0xffff_ffff_8000_1000 -> 0x20_1000 (2 MiB page at PD, k:r-x u:---, WB); " + TRACE),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0xffff_ffff_a000_0000 expect fault"),
                        "0xffff_ffff_a000_0000 not mapped (no present entry at PD); CR3 0x100_0000: PML4[511]=0x1001027 "
                                + "PDPT[510]=0x1002027 PD[256]=0x0"));
    }

    @Test
    void reachResultShowsEveryStepAndItsCost() throws Exception {
        String text = KERNEL + "    reach 0xffff_ffff_8000_1000 from kernel\n}\n";
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "map kernel", "kernel"), EXPOSED),
                info(PtPackage.Literals.REACH, IssueCodes.REACH_RESULT, at(text, "reach 0xffff_ffff_8000_1000 from kernel"),
                        "'kernel' reaches 0xffff_ffff_8000_1000 of 'kernel' by recursive slot PML4[510]: PML4[511] at "
                                + "0xffff_ff7f_bfdf_eff8, PDPT[510] at 0xffff_ff7f_bfdf_fff0, PD[0] at 0xffff_ff7f_bfff_e000; "
                                + "cost: 3 reads, 0 remaps"));
    }

    @Test
    void reachOfANonCanonicalAddressFailsTheSoftwareWalk() throws Exception {
        String text = KERNEL + "    reach 0x8000_0000_0000 from kernel\n}\n";
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "map kernel", "kernel"), EXPOSED),
                error(PtPackage.Literals.REACH, IssueCodes.SOFTWARE_WALK_FAILED, at(text, "reach 0x8000_0000_0000 from kernel"),
                        "cannot walk 0x8000_0000_0000 in 'kernel': 0x8000_0000_0000 is non-canonical: bits 63:47 must all "
                                + "equal bit 47"));
    }

    @Test
    void reachFromASpaceWithoutStrategyIsUnreachable() throws Exception {
        String text = HH + """
                space user uses hh {
                    map 0x40_0000 size 4 KiB to 0x800_0000 user rw
                    reach 0x40_0000 from user
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.REACH, IssueCodes.TABLES_UNREACHABLE,
                at(text, "reach 0x40_0000 from user"), "space 'user' names no strategy for reaching page tables, so it "
                        + "cannot reach the tables of 'user'"));
    }

    @Test
    void reportsAreInfosOnTheReportAndAnUnknownReportListsTheReports() throws Exception {
        String text = KERNEL + "    report pages\n    report tlb\n}\n";
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "map kernel", "kernel"), EXPOSED),
                info(PtPackage.Literals.REPORT, IssueCodes.COST_REPORT, at(text, "report pages"),
                        "space 'kernel' maps 2 MiB in 1 page of 2 MiB: 1 TLB entry covers every mapping"),
                error(PtPackage.Literals.REPORT, IssueCodes.UNKNOWN_REPORT, at(text, "report tlb"),
                        "unknown report 'tlb': one of tables, pages, where, va, access, events, layout"));
    }
}
