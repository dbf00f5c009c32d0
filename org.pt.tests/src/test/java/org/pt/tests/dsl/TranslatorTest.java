package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.model.Located;
import org.pt.dsl.model.ModelTranslator;
import org.pt.dsl.model.SpecIssue;
import org.pt.dsl.model.Translation;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.TablePool;
import org.pt.dsl.pt.Walk;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Slots;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Shareability;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Machine;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Query;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.space.PageSizePolicy;

/** The AST → engine model translation: values, defaults, statement indexes and the trace back to the AST. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class TranslatorTest extends SpecTestSupport {

    @Inject
    private ModelTranslator translator;

    private Translation translate(Model model) {
        assertEquals(List.of(), model.eResource().getErrors(), "the spec must parse and link");
        return translator.translate(model.eResource());
    }

    @Test
    void machineTakesTheStandardFormatAndDefaults() throws Exception {
        Model model = parse(PC.replace("mmio 0xfec0_0000 size 1 MiB", "mmio 0xfec0_0000 size 1 MiB \"IOAPIC\""));
        Translation t = translate(model);
        assertEquals(List.of(), t.issues());
        Machine pc = t.model().machines().get(0);
        assertEquals("pc", pc.name());
        assertEquals("x86_64", pc.format().name());
        assertEquals(46, pc.format().physicalBits());
        assertEquals(EnumSet.of(Feature.NX, Feature.PAGE_1G, Feature.GLOBAL_PAGES), pc.format().features());
        assertEquals(1, pc.cpus());
        assertEquals(1024, pc.frameBudget(), "the pool's 4 KiB frames");
        assertEquals(List.of(new PhysicalRegion(0, PhysicalKind.RAM, AddressRange.ofSize(0, 1L << 30), ""),
                new PhysicalRegion(1, PhysicalKind.MMIO, AddressRange.ofSize(0xfec0_0000L, 1L << 20), "IOAPIC")),
                pc.memory());
        assertEquals(List.of(AddressRange.ofSize(0x100_0000L, 4L << 20)), pc.tablePools());
    }

    @Test
    void writtenParametersRebuildTheFormatWithItsFamilyFactory() throws Exception {
        Translation t = translate(parse("""
                machine pc {
                    format x86_64
                    physical bits 40
                    features nx
                    pat linux
                    cpus 4
                    budget 64 frames
                }
                machine arm {
                    format aarch64-4k
                    va bits 39/48
                }
                machine arm2 {
                    format aarch64-4k
                    va bits 39
                }
                """));
        assertEquals(List.of(), t.issues());
        Machine pc = t.model().machines().get(0);
        X86Format f = (X86Format) pc.format();
        assertEquals(40, f.physicalBits());
        assertEquals(EnumSet.of(Feature.NX), f.features(), "the written list replaces the standard features");
        assertEquals(X86Format.LINUX_PAT, f.pat());
        assertEquals(4, pc.cpus());
        assertEquals(64, pc.frameBudget());
        AArch64Format arm = (AArch64Format) t.model().machines().get(1).format();
        assertEquals(List.of(39, 48), List.of(arm.vaBits(0), arm.vaBits(1)));
        AArch64Format arm2 = (AArch64Format) t.model().machines().get(2).format();
        assertEquals(List.of(39, 39), List.of(arm2.vaBits(0), arm2.vaBits(1)), "one value sets both halves");
    }

    @Test
    void regionsTakeTheirPurposeFromTheWordOrTheirName() throws Exception {
        Model model = parse(PC + """
                layout l for pc {
                    user 0x0 size 128 TiB
                    vmalloc kernel 0xffff_c900_0000_0000 size 32 TiB
                    cpu_area 0xffff_fe00_0000_0000 size 512 GiB
                    self_map top-level slot 510
                    far self_map top-level slot 600
                }
                """);
        Translation t = translate(model);
        List<Region> regions = t.model().layouts().get(0).regions();
        assertEquals(List.of(Purpose.USER, Purpose.KERNEL, Purpose.OTHER, Purpose.SELF_MAP, Purpose.SELF_MAP),
                regions.stream().map(Region::purpose).toList());
        Machine pc = t.model().machines().get(0);
        assertEquals(new Region("self_map", Purpose.SELF_MAP, Slots.range(pc.format(), 510), OptionalInt.of(510)),
                regions.get(3));
        assertEquals(new Region("far", Purpose.SELF_MAP, AddressRange.ofSize(0, 1), OptionalInt.of(600)), regions.get(4),
                "a slot the root does not have: a placeholder range, reported by the engine");
    }

    @Test
    void statementsKeepTheirPositionAsIndexAndTheirForms() throws Exception {
        Model model = parse(HH + """
                space kernel uses hh {
                    tables via recursive self_map foreign slot 509
                    map all ram into direct_map rw global nx
                    map kernel to 0x10_0000 size 16 MiB rx global
                    map 0x0 size 2 MiB identity
                    remap 0x40_0000 ..= 0x40_ffff to 0x800_0000 user rw wc not_accessed pages <= 4 KiB
                    unmap kernel size 4 KiB
                    protect 0x40_0000 size 4 KiB user r outer_shareable
                    map 0x50_0000 size 4 KiB to 0x900_0000 user r pages smallest
                    walk 0xffff_ffff_8000_1000 expect 0x10_1000
                    walk 0x8000_0000 expect fault
                    reach 0x40_0000 from kernel
                    report va
                }
                """);
        Translation t = translate(model);
        assertEquals(List.of(), t.issues());
        SpaceSpec s = t.model().spaces().get(0);
        assertEquals(Optional.of(new StrategySpec.Recursive("self_map", OptionalInt.of(509))), s.strategy());
        long kernel = 0xffff_ffff_8000_0000L;
        Attributes rwGlobalNx = new Attributes(true, true, false, false, true, CacheType.WRITE_BACK, Shareability.INNER,
                true, true);
        Attributes rxGlobal = new Attributes(true, false, true, false, true, CacheType.WRITE_BACK, Shareability.INNER,
                true, true);
        Attributes readOnly = new Attributes(true, false, false, false, false, CacheType.WRITE_BACK, Shareability.INNER,
                true, true);
        Attributes userRwWc = new Attributes(true, true, false, true, false, CacheType.WRITE_COMBINING, Shareability.INNER,
                false, false);
        Attributes userROuter = new Attributes(true, false, false, true, false, CacheType.WRITE_BACK, Shareability.OUTER,
                true, true);
        assertEquals(List.of(
                new Operation.Map(1, Optional.empty(), Optional.of("direct_map"), new MapSource.AllRam(), rwGlobalNx,
                        PageSizePolicy.LARGEST, false),
                new Operation.Map(2, Optional.of(AddressRange.ofSize(kernel, 16L << 20)), Optional.of("kernel"),
                        new MapSource.Physical(0x10_0000L), rxGlobal, PageSizePolicy.LARGEST, false),
                new Operation.Map(3, Optional.of(AddressRange.ofSize(0, 2L << 20)), Optional.empty(),
                        new MapSource.Identity(), readOnly, PageSizePolicy.LARGEST, false),
                new Operation.Map(4, Optional.of(AddressRange.inclusive(0x40_0000L, 0x40_ffffL)), Optional.empty(),
                        new MapSource.Physical(0x800_0000L), userRwWc, PageSizePolicy.cap(4096), true),
                new Operation.Unmap(5, AddressRange.ofSize(kernel, 4096)),
                new Operation.Protect(6, AddressRange.ofSize(0x40_0000L, 4096), userROuter),
                new Operation.Map(7, Optional.of(AddressRange.ofSize(0x50_0000L, 4096)), Optional.empty(),
                        new MapSource.Physical(0x900_0000L), readOnly.withUser(true), PageSizePolicy.SMALLEST, false)),
                s.operations());
        assertEquals(List.of(new Query.Walk(8, 0xffff_ffff_8000_1000L, OptionalLong.of(0x10_1000L), false),
                new Query.Walk(9, 0x8000_0000L, OptionalLong.empty(), true), new Query.Reach(10, 0x40_0000L, "kernel"),
                new Query.Report(11, Optional.of("va"))), s.queries());
    }

    @Test
    void windowStrategyWithBootstrapAndSharing() throws Exception {
        Model model = parse(PC + """
                layout w for pc {
                    direct_map 0xffff_8880_0000_0000 size 64 TiB
                    window 0xffff_fe00_0000_0000 size 64 KiB
                }
                space k uses w {
                    tables via window window per-cpu bootstrap direct-map direct_map
                }
                space u uses w {
                    share kernel half with k
                    tables via identity
                }
                """);
        Translation t = translate(model);
        assertEquals(Optional.of(new StrategySpec.Window("window", true, Optional.of(new StrategySpec.DirectMap(
                "direct_map")))), t.model().spaces().get(0).strategy());
        SpaceSpec u = t.model().spaces().get(1);
        assertEquals(Optional.of("k"), u.shareKernelWith());
        assertEquals(Optional.of(new StrategySpec.Identity()), u.strategy());
    }

    @Test
    void traceLeadsEverySubjectToItsTokenAndBack() throws Exception {
        Model model = parse(HH + """
                space s uses hh {
                    tables via recursive self_map
                    map kernel to 0x10_0000 size 2 MiB rx
                    walk 0xffff_ffff_8000_0000
                }
                space t uses hh {
                    share kernel half with s
                }
                """);
        Translation t = translate(model);
        org.pt.dsl.pt.Machine pc = (org.pt.dsl.pt.Machine) model.getElements().get(0);
        Layout hh = (Layout) model.getElements().get(1);
        Space s = (Space) model.getElements().get(2);
        Space other = (Space) model.getElements().get(3);
        assertEquals(Located.at(pc, PtPackage.Literals.MACHINE__NAME), t.locate(new Subject.MachineRef("pc")).orElseThrow());
        assertEquals(Located.at(pc.getProperties().get(2), PtPackage.Literals.MEMORY__RANGE),
                t.locate(new Subject.PhysicalRef("pc", 1)).orElseThrow());
        assertInstanceOf(Memory.class, pc.getProperties().get(2));
        assertEquals(Located.at(pc.getProperties().get(3), PtPackage.Literals.TABLE_POOL__RANGE),
                t.locate(new Subject.PoolRef("pc", 0)).orElseThrow());
        assertInstanceOf(TablePool.class, pc.getProperties().get(3));
        assertEquals(Located.at(hh.getRegions().get(4), PtPackage.Literals.REGION__NAME),
                t.locate(new Subject.RegionRef("hh", "kernel")).orElseThrow());
        assertEquals(Located.at(s.getStatements().get(0), PtPackage.Literals.STRATEGY_DECL__STRATEGY),
                t.locate(new Subject.StrategyRef("s")).orElseThrow());
        assertEquals(Located.at(s.getStatements().get(1), PtPackage.Literals.MAP_STATEMENT__TARGET),
                t.locate(new Subject.OperationRef("s", 1)).orElseThrow());
        assertInstanceOf(MapStatement.class, s.getStatements().get(1));
        assertEquals(Located.whole(s.getStatements().get(2)), t.locate(new Subject.QueryRef("s", 2)).orElseThrow());
        assertInstanceOf(Walk.class, s.getStatements().get(2));
        assertEquals(Located.at(s, PtPackage.Literals.SPACE__NAME), t.locate(new Subject.SpaceRef("s")).orElseThrow());
        assertEquals(Located.at(s, PtPackage.Literals.SPACE__NAME), t.locate(new Subject.ShareRef("s")).orElseThrow(),
                "a space without a share statement: its name");
        assertEquals(Located.at(other.getStatements().get(0), PtPackage.Literals.SHARE__SPACE),
                t.locate(new Subject.ShareRef("t")).orElseThrow());
        assertEquals(Located.at(other, PtPackage.Literals.SPACE__NAME), t.locate(new Subject.StrategyRef("t")).orElseThrow(),
                "a space without a strategy: its name");
        // the inverse, for an editor: what a node (or its nearest container with one) stands for
        assertEquals(List.of(new Subject.OperationRef("s", 1)),
                t.trace().subjectsAt(((MapStatement) s.getStatements().get(1)).getPa()));
        assertEquals(List.of(new Subject.QueryRef("s", 2)), t.trace().subjectsAt(((Walk) s.getStatements().get(2)).getVa()));
        assertEquals(List.of(new Subject.SpaceRef("s"), new Subject.ShareRef("s")), t.trace().subjectsAt(s));
        assertEquals(List.of(new Subject.RegionRef("hh", "kernel")), t.trace().subjectsAt(hh.getRegions().get(4)));
        assertEquals(List.of(), t.trace().subjectsAt(model));
    }

    @Test
    void elementWithAnErrorIsLeftOutWithEverythingThatUsesIt() throws Exception {
        Model model = parse(PC.replace("size 1 GiB", "size 1 GIB") + """
                layout l for pc {
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space s uses l {
                }
                machine ok {
                    format sv39
                }
                """);
        Translation t = translate(model);
        assertEquals(List.of("ok"), t.model().machines().stream().map(Machine::name).toList());
        assertEquals(List.of(), t.model().layouts());
        assertEquals(List.of(), t.model().spaces());
        assertEquals(List.of(IssueCodes.UNKNOWN_UNIT), t.issues().stream().map(SpecIssue::code).toList());
    }

    @Test
    void elementUsingABrokenElementOfAnotherFileSaysSo() throws Exception {
        XtextResourceSet set = newResourceSet();
        parse(PC.replace("size 1 GiB", "size 1 GIB"), "machines.ptl", set);
        String text = """
                import "machines.ptl"
                layout l for pc {
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                """;
        Model model = parse(text, "layouts.ptl", set);
        assertIssues(model, error(PtPackage.Literals.LAYOUT, IssueCodes.DEPENDENCY_HAS_ERRORS, at(text, "pc {", "pc"),
                "machine 'pc' in machines.ptl has errors (or uses something that has), so layout 'l' is not analysed"));
    }

    @Test
    void reachFromABrokenSpaceOfAnotherFileIsNotAskedAndSaysSo() throws Exception {
        XtextResourceSet set = newResourceSet();
        parse(HH + "space kernel uses hh {\n    tables via recursive self_map\n    map kernel size 4 KiB rwz\n}\n",
                "kernel.ptl", set);
        String text = """
                import "kernel.ptl"
                space init uses hh {
                    map 0x40_0000 size 4 KiB to 0x800_0000 user rw
                    reach 0x40_0000 from kernel
                    walk 0x40_0000 expect 0x800_0000
                }
                """;
        Model model = parse(text, "init.ptl", set);
        assertIssues(model,
                error(PtPackage.Literals.REACH, IssueCodes.DEPENDENCY_HAS_ERRORS, at(text, "from kernel", "kernel"),
                        "space 'kernel' in kernel.ptl has errors (or uses something that has), so this reach is not "
                                + "answered"),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0x40_0000 expect 0x800_0000"),
                        "0x40_0000 -> 0x800_0000 (4 KiB page at PT, k:rw- u:rw-, WB); CR3 0x100_0000: PML4[0]=0x1001027 "
                                + "PDPT[0]=0x1002027 PD[2]=0x1003027 PT[0]=0x8000000008000067"));
    }

    @Test
    void findingsOfAnImportedFileStayThereAndCrossFileFindingsComeHere() throws Exception {
        XtextResourceSet set = newResourceSet();
        String machines = PC.replace("tables from 0x100_0000 size 4 MiB",
                "tables from 0x100_0000 size 4 MiB\n    tables from 0x120_0000 size 4 MiB");
        Model imported = parse(machines, "machines.ptl", set);
        String text = """
                import "machines.ptl"
                layout l for pc {
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                """;
        Model model = parse(text, "layouts.ptl", set);
        assertIssues(model);
        assertEquals(1, validation.validate(imported).size(), "the pool overlap is reported in machines.ptl");
    }

    @Test
    void elementsSharingASimpleNameAcrossPackagesGetQualifiedEngineNames() throws Exception {
        XtextResourceSet set = newResourceSet();
        parse("package a\n" + PC, "a.ptl", set);
        parse("package b\n" + PC, "b.ptl", set);
        Model model = parse("""
                import "a.ptl"
                import "b.ptl"
                layout la for a.pc {
                }
                layout lb for b.pc {
                }
                """, "c.ptl", set);
        Translation t = translate(model);
        assertEquals(List.of("a.pc", "b.pc"), t.model().machines().stream().map(Machine::name).toList());
        assertSame(t.model().machines().get(0), t.model().layouts().get(0).machine());
        assertTrue(t.issues().isEmpty(), t.issues()::toString);
    }
}
