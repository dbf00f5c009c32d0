package org.pt.tests.dsl;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/**
 * Machines: the format and its parameters (the format's own refusal, on the parameter that caused it), the memory
 * map and the table pools (the engine's machine checks, on the memory line or pool).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class MachineValidatorTest extends SpecTestSupport {

    @Test
    void machineWithFamilyParametersIsClean() throws Exception {
        assertIssues(parse("""
                machine arm {
                    format aarch64-4k
                    va bits 39/48
                    physical bits 40
                    features pan
                    cpus 4
                    ram 0x4000_0000 size 1 GiB
                    tables from 0x4100_0000 size 4 MiB
                }
                machine old {
                    format x86-32
                    features pse, pse36, global_pages
                    physical bits 36
                    ram 0x0 size 64 MiB
                    tables from 0x100_0000 size 1 MiB
                    budget 16 frames
                }
                machine linux {
                    format x86_64
                    pat linux
                    ram 0x0 size 64 MiB
                    tables from 0x100_0000 size 1 MiB
                }
                """));
    }

    @Test
    void machineWithoutFormatIsReportedOnItsName() throws Exception {
        String text = "machine pc {\n    ram 0x0 size 1 GiB\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.MACHINE, IssueCodes.FORMAT_MISSING, at(text, "pc"),
                "machine 'pc' has no format: write one of x86-32, x86-pae, x86_64, x86_64-la57, aarch64-4k, aarch64-16k, "
                        + "aarch64-64k, armv7, sv32, sv39, sv48, sv57"));
    }

    @Test
    void formatOrWidthGivenTwiceIsReportedOnTheSecond() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    physical bits 46\n    format sv39\n"
                + "    physical bits 40");
        assertIssues(parse(text),
                error(PtPackage.Literals.FORMAT_DECL, IssueCodes.GIVEN_TWICE, at(text, "format sv39"),
                        "'format' is given twice in machine 'pc'"),
                error(PtPackage.Literals.PHYSICAL_BITS, IssueCodes.GIVEN_TWICE, at(text, "physical bits 40"),
                        "'physical bits' is given twice in machine 'pc'"));
    }

    @Test
    void physicalWidthTheFormatRefusesIsReportedOnTheNumber() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    physical bits 60");
        assertIssues(parse(text), error(PtPackage.Literals.PHYSICAL_BITS, IssueCodes.FORMAT_PARAMETER, at(text, "60"),
                "x86_64 supports 32 to 52 physical address bits, not 60"));
    }

    @Test
    void physicalWidthBeyondSixtyFourBitsIsRefused() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    physical bits 65");
        assertIssues(parse(text), error(PtPackage.Literals.PHYSICAL_BITS, IssueCodes.FORMAT_PARAMETER, at(text, "65"),
                "a physical address has at most 64 bits, not 65"));
    }

    @Test
    void featureOfAnotherFamilyIsReportedOnTheFeature() throws Exception {
        String text = "machine arm {\n    format aarch64-4k\n    features pan, nx\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.FEATURES, IssueCodes.FORMAT_PARAMETER, at(text, "nx"),
                "feature NX does not apply to AArch64 (supported: PAN)"));
    }

    @Test
    void refusedFeatureAfterAnUnknownOneIsReportedOnItsOwnToken() throws Exception {
        String text = "machine arm {\n    format aarch64-4k\n    features pam, pan, nx\n}\n";
        assertIssues(parse(text),
                error(PtPackage.Literals.FEATURES, IssueCodes.UNKNOWN_FEATURE, at(text, "pam"), "unknown feature 'pam'; "
                        + "did you mean 'pan'? (features: nx, page_1g, pse, pse36, global_pages, smep, smap, sum, svpbmt, "
                        + "pan, supersections)"),
                error(PtPackage.Literals.FEATURES, IssueCodes.FORMAT_PARAMETER, at(text, "nx"),
                        "feature NX does not apply to AArch64 (supported: PAN)"));
    }

    @Test
    void vaBitsOutsideAArch64AreRefused() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    va bits 39");
        assertIssues(parse(text), error(PtPackage.Literals.VA_BITS, IssueCodes.FORMAT_PARAMETER, at(text, "va bits 39"),
                "'va bits' applies only to AArch64 formats, not x86_64"));
    }

    @Test
    void vaBitsTheGranuleCannotHaveAreReportedOnTheHalf() throws Exception {
        String text = "machine arm {\n    format aarch64-4k\n    va bits 39/52\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.VA_BITS, IssueCodes.FORMAT_PARAMETER, at(text, "52"),
                "the TTBR1_EL1 VA size must be 25 to 48 bits with the 4 KiB granule (T1SZ 16 to 39), not 52; VAs wider "
                        + "than 48 bits need the 64 KiB granule (FEAT_LVA)"));
    }

    @Test
    void patOutsideX86IsRefused() throws Exception {
        String text = "machine rv {\n    format sv39\n    pat linux\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.MEMORY_TYPES, IssueCodes.FORMAT_PARAMETER, at(text, "linux"),
                "'pat' applies only to x86 formats, not sv39"));
    }

    @Test
    void unknownPatOutsideX86IsRefusedForTheFamilyFirst() throws Exception {
        String text = "machine rv {\n    format sv39\n    pat windows\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.MEMORY_TYPES, IssueCodes.FORMAT_PARAMETER,
                at(text, "windows"), "'pat' applies only to x86 formats, not sv39"));
    }

    @Test
    void machineWithoutCpusIsRefused() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    cpus 0");
        assertIssues(parse(text), error(PtPackage.Literals.CPUS, IssueCodes.INVALID_CPU_COUNT, at(text, "cpus 0", "0"),
                "a machine needs at least one CPU and at most 2147483647, not 0"));
    }

    @Test
    void machineWithoutPoolIsReportedOnItsName() throws Exception {
        String text = "machine pc {\n    format x86_64\n    ram 0x0 size 16 MiB\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.MACHINE, IssueCodes.POOL_MISSING, at(text, "pc"),
                "machine 'pc' has no table pool: the page tables of its spaces have nowhere to live, so none is built"));
    }

    @Test
    void overlappingMemoryIsReportedOnTheLaterRange() throws Exception {
        String text = PC.replace("mmio 0xfec0_0000 size 1 MiB", "mmio 0x3000_0000 size 16 MiB");
        assertIssues(parse(text), error(PtPackage.Literals.MEMORY, IssueCodes.PHYSICAL_OVERLAP,
                at(text, "0x3000_0000 size 16 MiB"), "mmio 0x3000_0000 ..= 0x30ff_ffff (16 MiB) overlaps ram 0x0 ..= "
                        + "0x3fff_ffff (1 GiB) on 0x3000_0000 ..= 0x30ff_ffff (16 MiB)"));
    }

    @Test
    void memoryBeyondThePhysicalWidthIsReportedOnItsRange() throws Exception {
        String text = """
                machine pc {
                    format x86-32
                    ram 0x0 size 1 GiB
                    ram 0x1_0000_0000 size 1 GiB
                    tables from 0x100_0000 size 4 MiB
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.MEMORY, IssueCodes.PHYSICAL_BEYOND_WIDTH,
                at(text, "0x1_0000_0000 size 1 GiB"), "ram 0x1_0000_0000 ..= 0x1_3fff_ffff (1 GiB) ends beyond the "
                        + "32-bit physical address width of x86-32"));
    }

    @Test
    void poolOutsideRamIsReportedOnThePool() throws Exception {
        String text = "machine pc {\n    format x86_64\n    ram 0x0 size 16 MiB\n    tables from 0x200_0000 size 4 MiB\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_OUTSIDE_RAM,
                at(text, "0x200_0000 size 4 MiB"), "table pool 0x200_0000 ..= 0x23f_ffff (4 MiB) is outside every ram range"));
    }

    @Test
    void poolInReservedMemoryIsReportedOnThePool() throws Exception {
        String text = """
                machine pc {
                    format x86_64
                    ram 0x0 size 8 MiB
                    reserved 0x80_0000 size 1 MiB
                    ram 0x90_0000 size 7 MiB
                    tables from 0x70_0000 size 4 MiB
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_IN_RESERVED,
                at(text, "0x70_0000 size 4 MiB"), "table pool 0x70_0000 ..= 0xaf_ffff (4 MiB) overlaps reserved "
                        + "0x80_0000 ..= 0x8f_ffff (1 MiB) on 0x80_0000 ..= 0x8f_ffff (1 MiB): page tables must live in RAM"));
    }

    @Test
    void poolInMmioIsReportedOnThePool() throws Exception {
        String text = """
                machine pc {
                    format x86_64
                    ram 0x0 size 8 MiB
                    mmio 0x80_0000 size 1 MiB
                    ram 0x90_0000 size 7 MiB
                    tables from 0x70_0000 size 4 MiB
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_IN_MMIO,
                at(text, "0x70_0000 size 4 MiB"), "table pool 0x70_0000 ..= 0xaf_ffff (4 MiB) overlaps mmio "
                        + "0x80_0000 ..= 0x8f_ffff (1 MiB) on 0x80_0000 ..= 0x8f_ffff (1 MiB): page tables must live in RAM"));
    }

    @Test
    void overlappingPoolsAreReportedOnTheLaterPool() throws Exception {
        String text = PC.replace("tables from 0x100_0000 size 4 MiB",
                "tables from 0x100_0000 size 4 MiB\n    tables from 0x120_0000 size 4 MiB");
        assertIssues(parse(text), error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_OVERLAP,
                at(text, "0x120_0000 size 4 MiB"), "table pool 0x120_0000 ..= 0x15f_ffff (4 MiB) overlaps table pool "
                        + "0x100_0000 ..= 0x13f_ffff (4 MiB) on 0x120_0000 ..= 0x13f_ffff (2 MiB)"));
    }

    @Test
    void misalignedPoolCarriesTheAlignedRangeForAQuickFix() throws Exception {
        String text = PC.replace("tables from 0x100_0000 size 4 MiB", "tables from 0x7f_f800 size 4 MiB");
        assertIssues(parse(text), error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_MISALIGNED,
                at(text, "0x7f_f800 size 4 MiB"), "table pool 0x7f_f800 ..= 0xbf_f7ff (4 MiB) is not aligned to 4 KiB, "
                        + "the table allocation unit of x86_64: its start is not a multiple of 4 KiB"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("alignedSize=4092 KiB", "alignedStart=0x80_0000"),
                java.util.List.of(validation.validate(parse(text)).get(0).getData()));
    }

    /** Issue 12: 'va bits 4294967344' was reported as "... not 1000"; every number beyond an int is said as written. */
    @Test
    void bitsAndCountsBeyondAnIntAreReportedAsWritten() throws Exception {
        String arm = """
                machine arm {
                    format aarch64-4k
                    va bits 4294967344 / 18446744073709551615
                    ram 0x4000_0000 size 1 GiB
                    tables from 0x4100_0000 size 4 MiB
                }
                """;
        assertIssues(parse(arm),
                error(PtPackage.Literals.VA_BITS, IssueCodes.FORMAT_PARAMETER, at(arm, "4294967344"),
                        "a virtual address has at most 64 bits, not 4294967344"),
                error(PtPackage.Literals.VA_BITS, IssueCodes.FORMAT_PARAMETER, at(arm, "18446744073709551615"),
                        "a virtual address has at most 64 bits, not 18446744073709551615"));
        String pc = PC.replace("format x86_64", "format x86_64\n    physical bits 4294967348\n    cpus 4294967297");
        assertIssues(parse(pc),
                error(PtPackage.Literals.PHYSICAL_BITS, IssueCodes.FORMAT_PARAMETER, at(pc, "4294967348"),
                        "a physical address has at most 64 bits, not 4294967348"),
                error(PtPackage.Literals.CPUS, IssueCodes.INVALID_CPU_COUNT, at(pc, "4294967297"),
                        "a machine needs at least one CPU and at most 2147483647, not 4294967297"));
    }

    /** Issue 12: a budget of 2^64 - 1 frames was "the budget of -1 has 0 left"; 2^63 showed negative. */
    @Test
    void budgetsOfTwoToTheSixtyThreeAndMoreAreRefusedUnsigned() throws Exception {
        for (String budget : new String[] {"0xffff_ffff_ffff_ffff", "0x8000_0000_0000_0000"}) {
            String text = PC.replace("format x86_64", "format x86_64\n    budget " + budget + " frames");
            String value = Long.toUnsignedString(Long.parseUnsignedLong(budget.substring(2).replace("_", ""), 16));
            assertIssues(parse(text), error(PtPackage.Literals.BUDGET, IssueCodes.BUDGET_TOO_LARGE, at(text, budget),
                    "a budget of " + value + " frames is more than PT simulates: at most 131072 frames of 4 KiB "
                            + "(512 MiB of tables)"));
        }
    }

    /** Issue 12: with a 1 PiB pool no finding was shown at all, and a walk with a wrong 'expect' passed. */
    @Test
    void aPoolLargerThanPtSimulatesIsRefusedAndTheWalksOfItsSpacesAreNotPassedSilently() throws Exception {
        String text = """
                machine pc {
                    format x86_64
                    physical bits 52
                    ram 0x0 size 1 PiB
                    tables from 0x0 size 1 PiB
                }
                layout flat for pc {
                    user 0x0 size 128 TiB
                }
                space init uses flat {
                    map 0x1000 size 4 KiB to 0x0 user rw nx
                    walk 0x1000 expect 0x5000
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_TOO_LARGE,
                at(text, "tables from", "0x0 size 1 PiB"), "table pool 0x0 ..= 0x3_ffff_ffff_ffff (1 PiB) is larger "
                        + "than PT simulates: at most 256 TiB per pool (68719476736 frames of 4 KiB)"));
    }
}
