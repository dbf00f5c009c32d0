package org.pt.tests.dsl;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/** A space's strategy for reaching its tables: the engine's strategy checks, on the strategy after 'tables via'. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class StrategyValidatorTest extends SpecTestSupport {

    @Test
    void recursiveSlotOfTheKernelIsClean() throws Exception {
        String text = HH + """
                space kernel uses hh {
                    tables via recursive self_map
                    map kernel size 2 MiB to 0xf000_0000 rx
                }
                """;
        assertIssues(parse(text));
    }

    @Test
    void strategyGivenTwiceIsReportedOnTheSecond() throws Exception {
        String text = HH + """
                space kernel uses hh {
                    tables via recursive self_map
                    tables via identity
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.GIVEN_TWICE,
                at(text, "tables via identity"), "'tables via' is given twice in space 'kernel'"));
    }

    @Test
    void strategyRegionOfTheWrongPurposeIsReportedOnTheStrategy() throws Exception {
        String text = HH + """
                space a uses hh {
                    tables via recursive kernel
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.STRATEGY_REGION_MISSING,
                at(text, "recursive kernel"), "the recursive strategy of space 'a' needs a self_map region, but region "
                        + "'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB) is a kernel region"));
    }

    @Test
    void foreignSlotOnTheRecursiveSlotCarriesAFreeSlot() throws Exception {
        String text = HH + """
                space c uses hh {
                    tables via recursive self_map foreign slot 510
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.STRATEGY_SLOT_COLLISION,
                at(text, "recursive self_map foreign slot 510"), "foreign slot PML4[510] is the recursive slot itself; "
                        + "PML4[509] is free"));
    }

    @Test
    void foreignSlotThatIsNoSlotNumberIsRefusedOnTheNumber() throws Exception {
        String text = HH + """
                space c uses hh {
                    tables via recursive self_map foreign slot 4294967296
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.RECURSIVE, IssueCodes.SLOT_OUT_OF_RANGE,
                at(text, "4294967296"), "foreign slot 4294967296 is out of range"));
    }

    @Test
    void mappingInTheRecursiveSlotCollidesWithTheStrategy() throws Exception {
        String text = HH + """
                space d uses hh {
                    tables via recursive self_map
                    map 0xffff_ff00_0000_0000 size 4 KiB to 0xf000_0000 r
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.STRATEGY_SLOT_COLLISION, at(text, "recursive self_map"),
                        "mapping 0xffff_ff00_0000_0000 ..= 0xffff_ff00_0000_0fff (4 KiB) overlaps recursive slot PML4[510] "
                                + "0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB); PML4[509] is free"),
                warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MAPPING_WRONG_PURPOSE, at(text,
                        "0xffff_ff00_0000_0000 size", "0xffff_ff00_0000_0000"), "mapping 0xffff_ff00_0000_0000 ..= "
                                + "0xffff_ff00_0000_0fff (4 KiB) lies in self_map region 'self_map' 0xffff_ff00_0000_0000 ..= "
                                + "0xffff_ff7f_ffff_ffff (512 GiB), whose addresses show the page tables through the "
                                + "recursive entry"),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MALFORMED_ENTRY, at(text,
                        "0xffff_ff00_0000_0000 size", "0xffff_ff00_0000_0000"), "PML4 entry 0x8000000001000063 for "
                                + "0xffff_ff00_0000_0000 points at the PML4 table at 0x100_0000 (a recursive entry): the "
                                + "builder does not map through it"));
    }

    @Test
    void recursiveSlotIsInfeasibleOnRiscV() throws Exception {
        String text = """
                machine rv {
                    format sv39
                    ram 0x8000_0000 size 1 GiB
                    tables from 0x8100_0000 size 4 MiB
                }
                layout l for rv {
                    self_map top-level slot 510
                }
                space kernel uses l {
                    tables via recursive self_map
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.STRATEGY_INFEASIBLE,
                at(text, "recursive self_map"), "a recursive slot is impossible on sv39: a non-leaf PTE reached at the last "
                        + "level is a page fault (RISC-V privileged spec, Sv39 translation step 4); the MMU reads self entry "
                        + "L2[510]=0x20400001 (root at 0x8100_0000) at L2 as a table descriptor pointing at the root, at L1 "
                        + "as a table descriptor pointing at the root, at L0 as a fault: non-leaf entry at the last level "
                        + "(R=W=X=0 points to a next-level table, but L0 is the last level)"));
    }

    @Test
    void windowWithoutBootstrapCannotReachItsOwnTable() throws Exception {
        String text = PC + """
                layout w for pc {
                    window 0xffff_fe00_0000_0000 size 64 KiB
                }
                space s uses w {
                    tables via window window
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.WINDOW_UNREACHABLE,
                at(text, "window window"), "window 'window' of space 's' names no strategy that reaches its own page table"));
    }

    @Test
    void directMapThatMapsNoRamMissesTheTables() throws Exception {
        String text = HH + """
                space e uses hh {
                    tables via direct-map direct_map
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.STRATEGY_DECL, IssueCodes.STRATEGY_MISSES_TABLE,
                at(text, "direct-map direct_map"), "table PML4 at 0x100_0000 of space 'e' is not reachable by direct map "
                        + "'direct_map': 0xffff_8880_0100_0000 is not mapped in 'e' (no present entry at PML4); "
                        + "'direct_map' maps no physical memory"));
    }
}
