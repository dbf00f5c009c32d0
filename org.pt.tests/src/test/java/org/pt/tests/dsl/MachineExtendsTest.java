package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.model.ModelTranslator;
import org.pt.dsl.model.Translation;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Feature;
import org.pt.engine.model.Machine;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;

/**
 * {@code machine b extends a}: what the merged machine is (the engine model), and where its problems are reported:
 * on the child's line, on the parent's line in the same file, or on the {@code extends} name when the line is in
 * another file.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class MachineExtendsTest extends SpecTestSupport {

    @Inject
    private ModelTranslator translator;

    private static final String BASE = """
            machine base {
                format x86_64
                features nx, global_pages
                cpus 2
                reserved 0xa_0000 size 384 KiB "VGA"
                ram 0x10_0000 ..= 0x3fff_ffff "RAM"
                mmio 0xfec0_0000 size 4 KiB "IOAPIC"
                tables from 0x100_0000 size 4 MiB
            }
            """;

    private Machine machine(Translation t, String name) {
        return t.model().machines().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aChildReplacesScalarsAddsFeaturesAndReplacesTheRamItOverlaps() throws Exception {
        String text = BASE + """
                machine board extends base {
                    cpus 8
                    features smep
                    ram 0x10_0000 ..= 0xbfff_ffff "board RAM"
                    mmio 0xfee0_0000 size 4 KiB "LAPIC"
                }
                """;
        Model model = parse(text);
        assertIssues(model);
        Translation t = translator.translate(model.eResource());
        Machine board = machine(t, "board");
        assertEquals(8, board.cpus());
        assertEquals("x86_64", board.format().name());
        assertEquals(EnumSet.of(Feature.NX, Feature.GLOBAL_PAGES, Feature.SMEP), board.format().features());
        assertEquals(List.of(
                new PhysicalRegion(0, PhysicalKind.RESERVED, new AddressRange(0xa_0000, 0xf_ffff), "VGA"),
                new PhysicalRegion(1, PhysicalKind.RAM, new AddressRange(0x10_0000, 0xbfff_ffffL), "board RAM"),
                new PhysicalRegion(2, PhysicalKind.MMIO, new AddressRange(0xfec0_0000L, 0xfec0_0fffL), "IOAPIC"),
                new PhysicalRegion(3, PhysicalKind.MMIO, new AddressRange(0xfee0_0000L, 0xfee0_0fffL), "LAPIC")),
                board.memory());
        assertEquals(List.of(new AddressRange(0x100_0000, 0x13f_ffff)), board.tablePools());
        Machine base = machine(t, "base");
        assertEquals(2, base.cpus(), "the parent stays as written");
        assertEquals(new AddressRange(0x10_0000, 0x3fff_ffff), base.memory().get(1).range());
    }

    @Test
    void poolsOfTheChildReplaceTheParentsAndAChainInheritsThroughEveryLevel() throws Exception {
        String text = BASE + """
                machine soc extends base {
                    tables from 0x200_0000 size 1 MiB
                    tables from 0x300_0000 size 1 MiB
                }
                machine board extends soc {
                    cpus 4
                }
                """;
        Model model = parse(text);
        assertIssues(model);
        Machine board = machine(translator.translate(model.eResource()), "board");
        assertEquals(List.of(new AddressRange(0x200_0000, 0x20f_ffff), new AddressRange(0x300_0000, 0x30f_ffff)),
                board.tablePools());
        assertEquals(4, board.cpus());
        assertEquals(3, board.memory().size());
        assertEquals(EnumSet.of(Feature.NX, Feature.GLOBAL_PAGES), board.format().features());
    }

    @Test
    void aDerivedMachinesSpaceWalksOverTheMergedMemory() throws Exception {
        String text = BASE + """
                machine board extends base {
                    ram 0x10_0000 ..= 0xbfff_ffff "board RAM"
                }
                layout l for board {
                    direct_map 0xffff_8880_0000_0000 size 64 TiB
                }
                space k uses l {
                    tables via direct-map direct_map
                    map all ram into direct_map rw nx
                    walk 0xffff_8880_bfff_f000 expect 0xbfff_f000
                }
                """;
        Model model = parse(text);
        assertIssues(model,
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "all ram into direct_map"),
                        "the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'k' maps 3071 MiB "
                                + "of 3071 MiB RAM (100 %), which speculative-execution attacks can read"),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0xffff_8880_bfff_f000 expect "
                        + "0xbfff_f000"), "0xffff_8880_bfff_f000 -> 0xbfff_f000 (2 MiB page at PD, k:rw- u:---, WB); CR3 "
                                + "0x100_0000: PML4[273]=0x1001027 PDPT[2]=0x1004027 PD[511]=0x80000000bfe000e3"));
    }

    @Test
    void aParentsPoolLeftOutsideTheChildsRamIsReportedOnThePoolLineInTheSameFile() throws Exception {
        String text = BASE + """
                machine small extends base {
                    ram 0x10_0000 size 8 MiB
                }
                """;
        Model model = parse(text);
        assertIssues(model, error(PtPackage.Literals.TABLE_POOL, IssueCodes.POOL_OUTSIDE_RAM,
                at(text, "0x100_0000 size 4 MiB"), "table pool 0x100_0000 ..= 0x13f_ffff (4 MiB) is outside every ram "
                        + "range (inherited by machine 'small')"));
    }

    @Test
    void aLibraryMachineIsExtendedAndItsLineLeftOutsideTheRamIsReportedOnTheExtendsName() throws Exception {
        String text = """
                import "std/riscv-sv39.ptl"

                machine board extends std.riscv_sv39 {
                    ram 0x8020_0000 ..= 0x2_7fff_ffff "board RAM"
                }
                machine small extends std.riscv_sv39 {
                    ram 0x8020_0000 size 16 MiB
                }
                """;
        Model model = parse(text);
        assertIssues(model, error(PtPackage.Literals.MACHINE, IssueCodes.POOL_OUTSIDE_RAM,
                at(text, "small extends ", "std.riscv_sv39"), "table pool 0x8400_0000 ..= 0x85ff_ffff (32 MiB) is "
                        + "outside every ram range (inherited from machine 'riscv_sv39', riscv-sv39.ptl line 25)"));
        Machine board = machine(translator.translate(model.eResource()), "board");
        assertEquals(new PhysicalRegion(13, PhysicalKind.RAM, new AddressRange(0x8020_0000L, 0x2_7fff_ffffL),
                "board RAM"), board.memory().get(13));
        assertEquals(14, board.memory().size());
        assertEquals(4, board.cpus());
    }

    @Test
    void aChildFormatThatRefusesAnInheritedFeatureIsReportedOnTheExtendsName() throws Exception {
        String text = BASE + """
                machine risc extends base {
                    format sv39
                }
                """;
        Model model = parse(text);
        assertIssues(model, error(PtPackage.Literals.MACHINE, IssueCodes.FORMAT_PARAMETER, at(text, "extends base",
                "base"), "sv39 has no feature NX (RISC-V features: SUM, SVPBMT) (inherited from machine 'base', "
                        + "__synthetic0.ptl line 3)"));
    }

    @Test
    void twoOverlappingLinesOfTheChildAreStillAnOverlap() throws Exception {
        String text = BASE + """
                machine board extends base {
                    ram 0x10_0000 ..= 0xbfff_ffff
                    reserved 0x8000_0000 size 1 MiB "hole"
                }
                """;
        Model model = parse(text);
        assertIssues(model, error(PtPackage.Literals.MEMORY, IssueCodes.PHYSICAL_OVERLAP, at(text,
                "0x8000_0000 size 1 MiB"), "reserved 0x8000_0000 ..= 0x800f_ffff (1 MiB) \"hole\" overlaps ram "
                        + "0x10_0000 ..= 0xbfff_ffff (3071 MiB) on 0x8000_0000 ..= 0x800f_ffff (1 MiB)"));
    }

    @Test
    void aCycleIsReportedOnTheExtendsNameOfEachMachineOnIt() throws Exception {
        String text = """
                machine a extends b { }
                machine b extends a { }
                machine c extends c { }
                machine d extends a { }
                """;
        Model model = parse(text);
        assertIssues(model,
                error(PtPackage.Literals.MACHINE, IssueCodes.EXTENDS_CYCLE, at(text, "a extends b", "b"),
                        "machine 'a' extends itself: a extends b extends a"),
                error(PtPackage.Literals.MACHINE, IssueCodes.EXTENDS_CYCLE, at(text, "b extends a", "a"),
                        "machine 'b' extends itself: b extends a extends b"),
                error(PtPackage.Literals.MACHINE, IssueCodes.EXTENDS_CYCLE, at(text, "extends c", "c"),
                        "machine 'c' extends itself: c extends c"));
    }

    @Test
    void aMachineOnACycleStillHasItsOwnWordsChecked() throws Exception {
        String text = "machine c extends c {\n    ram 0x0 size 4 GIb\n}\n";
        assertIssues(parse(text),
                error(PtPackage.Literals.MACHINE, IssueCodes.EXTENDS_CYCLE, at(text, "extends c", "c"),
                        "machine 'c' extends itself: c extends c"),
                error(PtPackage.Literals.LITERAL, IssueCodes.UNKNOWN_UNIT, at(text, "GIb"),
                        "unknown unit 'GIb'; did you mean 'GiB'? (units: B, KiB, MiB, GiB, TiB, PiB, EiB)"));
    }

    @Test
    void anUnknownParentIsALinkingErrorAndAChildOfABrokenMachineOfAnotherFileSaysSo() throws Exception {
        String text = "machine d extends nowhere { }\n";
        assertIssues(parse(text), error(PtPackage.Literals.MACHINE, IssueCodes.UNKNOWN_NAME, at(text, "nowhere"),
                "unknown machine 'nowhere'"));
        XtextResourceSet set = newResourceSet();
        parse(BASE.replace("size 4 MiB", "size 4 MIB"), "machines.ptl", set);
        String child = "import \"machines.ptl\"\nmachine board extends base {\n    cpus 4\n}\n";
        assertIssues(parse(child, "board.ptl", set), error(PtPackage.Literals.MACHINE, IssueCodes.DEPENDENCY_HAS_ERRORS,
                at(child, "base"), "machine 'base' in machines.ptl has errors (or uses something that has), so machine "
                        + "'board' is not analysed"));
    }
}
