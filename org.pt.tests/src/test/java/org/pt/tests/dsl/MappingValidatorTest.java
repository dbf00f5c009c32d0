package org.pt.tests.dsl;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/**
 * Map, unmap, protect and share statements: their forms (what is given, what is missing, what contradicts), and the
 * engine's mapping, sharing and hazard findings, on the statement's target (or the share statement's space).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class MappingValidatorTest extends SpecTestSupport {

    private static String space(String statements) {
        return HH + "space s uses hh {\n" + statements + "}\n";
    }

    // ---- forms -------------------------------------------------------------------------------------------------

    @Test
    void mappingAtAnAddressNeedsASizeOrAnEnd() throws Exception {
        String text = space("    map 0x40_0000 to 0x800_0000 user rw\n");
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.SIZE_MISSING, at(text, "0x40_0000"),
                "a statement on an address needs a size ('size 4 KiB') or an inclusive end ('..= 0x1fff')"));
    }

    @Test
    void unmapAtAnAddressNeedsASizeOrAnEnd() throws Exception {
        String text = space("    unmap 0x40_0000\n");
        assertIssues(parse(text), error(PtPackage.Literals.UNMAP, IssueCodes.SIZE_MISSING, at(text, "0x40_0000"),
                "a statement on an address needs a size ('size 4 KiB') or an inclusive end ('..= 0x1fff')"));
    }

    @Test
    void mappingNeedsAPhysicalSource() throws Exception {
        String text = space("    map 0x40_0000 size 4 KiB user rw\n");
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.SOURCE_MISSING,
                at(text, "0x40_0000"), "a mapping needs a physical source: 'to ADDRESS' or 'identity'"));
    }

    @Test
    void sizeGivenTwiceIsReportedOnTheSecond() throws Exception {
        String text = space("    map kernel size 2 MiB to 0x10_0000 size 4 MiB rx\n"
                + "    map 0x40_0000 ..= 0x40_0fff size 4 KiB to 0x800_0000 user rw\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.GIVEN_TWICE, at(text, "0x10_0000 size ", "4 MiB"),
                        "the size of the mapping is given twice"),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.GIVEN_TWICE, at(text, "0x40_0fff size ", "4 KiB"),
                        "the end is given twice: by '..=' and by 'size'"));
    }

    @Test
    void inclusiveEndNeedsAnAddressTarget() throws Exception {
        String text = space("    map kernel ..= 0xffff_ffff_8100_0000 to 0x10_0000 rx\n"
                + "    map all ram into direct_map ..= 0xffff_9000_0000_0000 rw nx\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS, at(text,
                        "0xffff_ffff_8100_0000"), "'..=' cannot follow region 'kernel': a region target takes its range "
                                + "from the region (write 'size' to use part of it)"),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS, at(text,
                        "0xffff_9000_0000_0000"), "'..=' cannot follow 'all ram into direct_map': all RAM takes its "
                                + "addresses from the machine's RAM"));
    }

    @Test
    void allRamTakesNoSourceNorSize() throws Exception {
        String text = space("    map all ram into direct_map to 0x0 rw nx\n"
                + "    map all ram into direct_map identity rw nx\n"
                + "    map all ram into direct_map size 1 GiB rw nx\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.ALL_RAM_FORM, at(text, "to 0x0", "0x0"),
                        "'map all ram' takes its physical addresses from the machine's RAM: remove 'to'"),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.ALL_RAM_FORM, at(text, "identity"),
                        "'map all ram' maps RAM at the region's offset, not identity: remove 'identity'"),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.ALL_RAM_FORM, at(text, "size 1 GiB rw", "1 GiB"),
                        "'map all ram' takes its size from the machine's RAM: remove 'size'"));
    }

    @Test
    void allRamCannotBeUnmappedNorProtected() throws Exception {
        String text = space("    unmap all ram into direct_map\n    protect all ram into direct_map r\n");
        assertIssues(parse(text),
                error(PtPackage.Literals.UNMAP, IssueCodes.ALL_RAM_FORM, at(text, "unmap ", "all ram into direct_map"),
                        "'all ram into' can only be mapped, not unmapped: unmap the region instead"),
                error(PtPackage.Literals.PROTECT, IssueCodes.ALL_RAM_FORM, at(text, "protect ", "all ram into direct_map"),
                        "'all ram into' can only be mapped, not protected: protect the region instead"));
    }

    @Test
    void pageSizeCapMustBeAPageSizeOfTheFormat() throws Exception {
        String text = space("    map 0x40_0000 size 8 MiB to 0x800_0000 user rw pages <= 8 KiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.PAGE_POLICY, IssueCodes.UNSUPPORTED_PAGE_SIZE,
                at(text, "8 KiB"), "x86_64 has no 8 KiB pages; its page sizes are 1 GiB, 2 MiB, 4 KiB"));
    }

    @Test
    void exactPageSizeMustBeAPageSizeOfTheFormat() throws Exception {
        String text = space("    map 0x40_0000 size 8 MiB to 0x800_0000 user rw pages = 4 MiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.PAGE_POLICY, IssueCodes.UNSUPPORTED_PAGE_SIZE,
                at(text, "pages = ", "4 MiB"), "x86_64 has no 4 MiB pages; its page sizes are 1 GiB, 2 MiB, 4 KiB"));
    }

    @Test
    void exactPageSizeThatCannotBeMetIsAnErrorOnTheMapping() throws Exception {
        String text = space("    map 0x40_0000 size 8 MiB to 0x830_0000 user rw nx pages = 2 MiB\n");
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.PAGE_SIZE_UNMET,
                at(text, "0x40_0000"), "pages = 2 MiB cannot be met: PA 0x830_0000 is 0x10_0000 past a 2 MiB boundary"));
    }

    @Test
    void aCapThatCannotUseItsSizeIsAWarningSayingWhy() throws Exception {
        String text = space("    map 0x40_1000 size 8 MiB to 0x800_0000 user rw nx pages <= 2 MiB\n"
                + "    map 0x140_1000 size 8 MiB to 0x900_1000 user rw nx pages <= 2 MiB\n");
        assertIssues(parse(text), warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.PAGE_CAP_UNUSED,
                at(text, "0x40_1000"), "pages <= 2 MiB uses no 2 MiB page in mapping 0x40_1000 ..= 0xc0_0fff (8 MiB): "
                        + "VA 0x40_1000 is 0x1000 past a 2 MiB boundary (PA 0x800_0000 is on one); its largest page is 4 KiB"));
    }

    @Test
    void unmapAndProtectEditTheSpace() throws Exception {
        String text = space("    map 0x40_0000 size 8 KiB to 0x800_0000 user rw\n"
                + "    unmap 0x40_1000 size 4 KiB\n"
                + "    protect 0x40_0000 ..= 0x40_0fff user r\n"
                + "    walk 0x40_0000\n    walk 0x40_1000\n");
        assertIssues(parse(text),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0x40_0000"),
                        "0x40_0000 -> 0x800_0000 (4 KiB page at PT, k:r-- u:r--, WB); CR3 0x100_0000: PML4[0]=0x1001027 "
                                + "PDPT[0]=0x1002027 PD[2]=0x1003027 PT[0]=0x8000000008000065"),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0x40_1000"),
                        "0x40_1000 not mapped (no present entry at PT); CR3 0x100_0000: PML4[0]=0x1001027 "
                                + "PDPT[0]=0x1002027 PD[2]=0x1003027 PT[1]=0x0"));
    }

    // ---- the engine's mapping checks ----------------------------------------------------------------------------

    @Test
    void mappingOutsideEveryRegionIsReportedOnItsTarget() throws Exception {
        String text = space("    map 0xffff_d000_0000_0000 size 4 KiB to 0xfec0_0000 rw nx uc\n");
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MAPPING_OUTSIDE_REGIONS,
                at(text, "0xffff_d000_0000_0000"), "mapping 0xffff_d000_0000_0000 ..= 0xffff_d000_0000_0fff (4 KiB) is "
                        + "outside every region of layout 'hh'"));
    }

    @Test
    void userMappingInAKernelRegionIsAWrongPurposeAndAHazard() throws Exception {
        String text = space("    map kernel size 4 KiB to 0xfec0_0000 user r uc\n");
        assertIssues(parse(text),
                warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MAPPING_WRONG_PURPOSE, at(text, "    map kernel", "kernel"),
                        "user mapping 0xffff_ffff_8000_0000 ..= 0xffff_ffff_8000_0fff (4 KiB) lies in kernel region "
                                + "'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB)"),
                warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.KERNEL_REACHABLE_FROM_USER, at(text, "    map kernel", "kernel"),
                        "0xffff_ffff_8000_0000 ..= 0xffff_ffff_8000_0fff (4 KiB) in 's' is user-accessible (k:r-- u:r--) "
                                + "inside kernel region 'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB)"));
    }

    @Test
    void directMapSmallerThanRamCarriesTheNeededSize() throws Exception {
        String text = """
                machine pc {
                    format x86_64
                    ram 0x0 size 1 GiB
                    ram 0x1_0000_0000 size 1 GiB
                    tables from 0x100_0000 size 4 MiB
                }
                layout hh for pc {
                    direct_map 0xffff_8880_0000_0000 size 2 GiB
                }
                space s uses hh {
                    map all ram into direct_map rw nx
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.DIRECT_MAP_INCOMPLETE, at(text,
                        "all ram into direct_map"), "region 'direct_map' 0xffff_8880_0000_0000 ..= 0xffff_8880_7fff_ffff "
                                + "(2 GiB) is too small for all RAM: it covers physical 0x0 ..= 0x7fff_ffff (2 GiB), but "
                                + "ram 0x1_0000_0000 ..= 0x1_3fff_ffff (1 GiB) lies above"),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "all ram into direct_map"),
                        "the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 's' maps 2 GiB of "
                                + "2 GiB RAM (100 %), which speculative-execution attacks can read"));
    }

    @Test
    void identityMappingOverAUserRegionCollides() throws Exception {
        String text = space("    map 0x40_0000 size 4 KiB identity user r\n");
        assertIssues(parse(text), warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.IDENTITY_COLLIDES,
                at(text, "0x40_0000"), "identity mapping 0x40_0000 ..= 0x40_0fff (4 KiB) collides with region 'user' "
                        + "0x0 ..= 0x7fff_ffff_ffff (128 TiB)"));
    }

    @Test
    void mappingTheBuilderRefusesIsReportedOnItsTarget() throws Exception {
        String text = space("    map 0x40_0123 size 4 KiB to 0x800_0000 user rw\n");
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MISALIGNED,
                at(text, "0x40_0123"), "virtual address 0x40_0123 is not aligned to 4 KiB"));
    }

    @Test
    void mappingInAGuardIsAnError() throws Exception {
        String text = space("    map guard size 4 KiB to 0xfec0_0000 rw nx uc\n");
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MAPPING_IN_GUARD,
                at(text, "    map guard", "guard"), "mapping 0xffff_c900_0000_0000 ..= 0xffff_c900_0000_0fff (4 KiB) maps "
                        + "0xffff_c900_0000_0000 ..= 0xffff_c900_0000_0fff (4 KiB) in guard region 'guard' "
                        + "0xffff_c900_0000_0000 ..= 0xffff_c900_3fff_ffff (1 GiB), which must stay unmapped"));
    }

    @Test
    void directMapEntryAtTheWrongOffsetCarriesTheRightAddress() throws Exception {
        String text = space("    map direct_map size 4 KiB to 0x20_0000 r\n");
        assertIssues(parse(text),
                warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.DIRECT_MAP_OFFSET_MISMATCH,
                        at(text, "    map direct_map", "direct_map"), "mapping 0xffff_8880_0000_0000 ..= 0xffff_8880_0000_0fff (4 KiB) "
                                + "puts physical 0x20_0000 at 0xffff_8880_0000_0000 in direct_map region 'direct_map' "
                                + "0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB), where the direct map holds "
                                + "physical 0x0"),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "    map direct_map", "direct_map"),
                        "the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 's' maps 4 KiB of "
                                + "1 GiB RAM (less than 1 %), which speculative-execution attacks can read"));
    }

    // ---- sharing ------------------------------------------------------------------------------------------------

    @Test
    void sharingInACycleIsRefused() throws Exception {
        String text = HH + """
                space a uses hh {
                    share kernel half with b
                }
                space b uses hh {
                    share kernel half with a
                }
                """;
        // reported once, where the cycle closes; both spaces are built unshared
        assertIssues(parse(text), error(PtPackage.Literals.SHARE, IssueCodes.SHARE_REJECTED, at(text, "with b", "b"),
                "space 'a' shares its kernel half in a cycle"));
    }

    @Test
    void sharingTwiceIsReportedOnTheSecond() throws Exception {
        String text = HH + """
                space k uses hh {
                }
                space s uses hh {
                    share kernel half with k
                    share kernel half with k
                }
                """;
        int second = text.lastIndexOf("share kernel half with k");
        assertIssues(parse(text), error(PtPackage.Literals.SHARE, IssueCodes.GIVEN_TWICE,
                new int[] {second, "share kernel half with k".length()},
                "'share kernel half with' is given twice in space 's'"));
    }

    @Test
    void kernelEntryMissingFromTheSharedSpaceIsAWarning() throws Exception {
        String text = HH + """
                space kernel uses hh {
                    map kernel size 4 KiB to 0xfec0_0000 r uc
                }
                space init uses hh {
                    share kernel half with kernel
                    map 0xffff_d000_0000_0000 size 4 KiB to 0xfed0_0000 rw nx uc
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.MAPPING_OUTSIDE_REGIONS, at(text,
                        "0xffff_d000_0000_0000"), "mapping 0xffff_d000_0000_0000 ..= 0xffff_d000_0000_0fff (4 KiB) is "
                                + "outside every region of layout 'hh'"),
                warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.KERNEL_ENTRY_NOT_SHARED, at(text,
                        "0xffff_d000_0000_0000"), "PML4[416] at 0xffff_d000_0000_0000 ..= 0xffff_d07f_ffff_ffff "
                                + "(512 GiB) is present in 'init' but not in 'kernel': filling it later needs syncing "
                                + "every space; pre-allocate it"));
    }

    @Test
    void selfMapSharedFromAnotherSpaceIsAnErrorOnTheShare() throws Exception {
        String text = """
                machine pae {
                    format x86-pae
                    ram 0x0 size 1 GiB
                    tables from 0x100_0000 size 4 MiB
                }
                layout l for pae {
                    kernel 0xc000_0000 size 256 MiB
                    self_map 0xff80_0000 size 8 MiB
                }
                space kernel uses l {
                    tables via recursive self_map
                    map kernel size 4 KiB to 0xf000_0000 rx
                }
                space init uses l {
                    share kernel half with kernel
                }
                """;
        // init names no strategy and so inherits kernel's recursive one, which PAE cannot give a space sharing the PD
        assertIssues(parse(text), error(PtPackage.Literals.SHARE, IssueCodes.SELF_MAP_SHARED, at(text, "with kernel",
                "kernel"), "PD[508], PD[509] and PD[510] under PDPT[3] of 'init' point at the PDs of 'kernel' at "
                        + "0x100_1000, 0x100_2000 and 0x100_3000: a self-map slot must point at each space's own PDs"),
                error(PtPackage.Literals.SPACE, IssueCodes.STRATEGY_INFEASIBLE, at(text, "space init", "init"), "the "
                        + "recursive entries PD[508..511] of PDPT[3] 0xff80_0000 ..= 0xffff_ffff (8 MiB) lie in the kernel "
                        + "half 0xc000_0000 ..= 0xffff_ffff (1 GiB) that space 'init' shares with 'kernel': each space "
                        + "needs its own page directory there"));
    }

    // ---- hazards ------------------------------------------------------------------------------------------------

    @Test
    void writableAndExecutableIsAWarning() throws Exception {
        String text = space("    map 0x40_0000 size 4 KiB to 0x800_0000 user rwx\n");
        assertIssues(parse(text), warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.WRITABLE_AND_EXECUTABLE,
                at(text, "0x40_0000"), "W+X: 0x40_0000 ..= 0x40_0fff (4 KiB) in 's' is writable and executable "
                        + "(k:rwx u:rwx)"));
    }

    @Test
    void cachedDeviceMemoryIsAWarning() throws Exception {
        String text = space("    map 0x50_0000 size 4 KiB to 0xfec0_0000 user rw nx\n");
        assertIssues(parse(text), warning(PtPackage.Literals.MAP_STATEMENT, IssueCodes.CACHE_TYPE_CONFLICT,
                at(text, "0x50_0000"), "mmio 0xfec0_0000 ..= 0xfecf_ffff (1 MiB) is mapped wb at 0x50_0000 ..= "
                        + "0x50_0fff (4 KiB) in 's' (physical 0xfec0_0000 ..= 0xfec0_0fff (4 KiB)): device registers must "
                        + "not be cached; map them uc or device"));
    }

    @Test
    void directMapOfAllRamExposesIt() throws Exception {
        String text = space("    map all ram into direct_map rw global nx\n");
        assertIssues(parse(text), info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED,
                at(text, "all ram into direct_map"), "the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff "
                        + "(128 TiB) of 's' maps 1 GiB of 1 GiB RAM (100 %), which speculative-execution attacks can read"));
    }

    // ---- root at ----------------------------------------------------------------------------------------------

    @Test
    void aPinnedRootIsWhereTheWalkStartsAndTheOtherTablesFillTheFramesBelowIt() throws Exception {
        String text = space("    root at 0x100_3000\n    map 0x40_0000 size 4 KiB to 0x800_0000 user rw\n"
                + "    walk 0x40_0000\n");
        // the pool starts at 0x100_0000: PDPT, PD and PT take its first three frames, under the pinned PML4
        assertIssues(parse(text), info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0x40_0000"),
                "0x40_0000 -> 0x800_0000 (4 KiB page at PT, k:rw- u:rw-, WB); CR3 0x100_3000: PML4[0]=0x1000027 "
                        + "PDPT[0]=0x1001027 PD[2]=0x1002027 PT[0]=0x8000000008000067"));
    }

    @Test
    void aRootThatCannotBeWhereItIsPinnedIsAnErrorOnItsAddress() throws Exception {
        String text = HH + """
                space a uses hh {
                    map 0x40_0000 size 4 KiB to 0x800_0000 user rw
                }
                space b uses hh {
                    root at 0x100_0800
                }
                space c uses hh {
                    root at 0x200_0000
                }
                space d uses hh {
                    root at 0x100_2000
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.ROOT_AT, IssueCodes.ROOT_MISPLACED, at(text, "0x100_0800"),
                        "the root of 'b' (CR3) at 0x100_0800 is not aligned to the 4 KiB its PML4 needs (0x800 "
                                + "past a boundary)"),
                error(PtPackage.Literals.ROOT_AT, IssueCodes.ROOT_MISPLACED, at(text, "0x200_0000"),
                        "the root of 'c' (CR3) at 0x200_0000 is in no table pool (0x100_0000 ..= 0x13f_ffff (4 MiB))"),
                error(PtPackage.Literals.ROOT_AT, IssueCodes.ROOT_MISPLACED, at(text, "0x100_2000"),
                        "the root of 'd' (CR3) at 0x100_2000 overlaps the table at 0x100_2000 already placed there"));
    }

    @Test
    void rootAtTwiceIsReportedOnTheSecond() throws Exception {
        String text = space("    root at 0x100_1000\n    root at 0x100_2000\n");
        assertIssues(parse(text), error(PtPackage.Literals.ROOT_AT, IssueCodes.GIVEN_TWICE,
                at(text, "root at 0x100_2000"), "'root at' is given twice in space 's'"));
    }
}
