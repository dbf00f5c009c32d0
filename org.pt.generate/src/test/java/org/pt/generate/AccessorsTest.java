package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.generate.Images.DIRECT;
import static org.pt.generate.Images.KERNEL;
import static org.pt.generate.Images.TABLEMAP;
import static org.pt.generate.Images.image;
import static org.pt.generate.Images.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.analysis.BuiltSpace;
import org.pt.engine.analysis.StrategyResolution;
import org.pt.engine.format.Half;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.strategy.Location;
import org.pt.engine.strategy.TableAccess;

/**
 * The generated accessors, compiled for the host and run: for sampled VAs, depths and PAs they print what the engine
 * answers ({@link AccessFormula.RecursiveSlot#tableVa} and the strategy's {@link TableAccess#locate}).
 */
class AccessorsTest {

    private static final long[] VAS = {KERNEL, KERNEL + 0x12_3456L, 0x40_0000L, 0x40_1ABCL, 0x7F_FFFF_F123L,
        0x7FFF_FFFF_F000L, 0xFFFF_8000_0000_0000L, 0, DIRECT + 0x1234_5678L, 0xFFFF_FFFF_FFFF_F000L};
    private static final long[] VAS32 = {0xC000_0000L, 0xC012_3456L, 0x40_0000L, 0x40_1ABCL, 0xFFFF_F000L, 0,
        0xBFFF_FFFFL, 0x8000_0000L};

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();

    private static TableAccess access(BuiltSpace b) {
        return assertInstanceOf(StrategyResolution.Resolved.class, b.strategy()).access();
    }

    /** One printed line: {@code call(args)} in C, and the engine's answer ({@code -1}: UINT64_MAX). */
    private void expect(String call, long engine) {
        calls.add(call);
        expected.add(call + " = " + Long.toHexString(engine));
    }

    private List<String> run(Job job) throws IOException {
        OutputFiles.write(dir, new CEmitter().emit(job));
        StringBuilder main = new StringBuilder("#include <stdio.h>\n#include \"tables.h\"\nint main(void)\n{\n");
        for (String c : calls) {
            main.append("    printf(\"%s = %llx\\n\", \"").append(c).append("\", (unsigned long long)").append(c)
                    .append(");\n");
        }
        main.append("    return 0;\n}\n");
        Files.writeString(dir.resolve("main.c"), main);
        Gcc.run(dir, List.of("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "main.c", "-o", "accessors"));
        return Gcc.run(dir, List.of(dir.resolve("accessors").toString())).lines().toList();
    }

    private static String u(long v) {
        return "0x" + Long.toHexString(v) + "ull";
    }

    /** table_va and entry_va of {@code fn} for every sampled VA and depth (and one past the last). */
    private void recursive(String fn, AccessFormula.RecursiveSlot rs, TableAccess a, AddressSpace kernel,
            AddressSpace target, Half h, long[] vas, int entryBytes, boolean own) {
        for (long va : vas) {
            for (int d = 0; d <= rs.depth(); d++) {
                long table = d == rs.depth() ? -1L
                        : Location.vaOf(a.locate(kernel, target, h, d, va, 0));
                long entry = d == rs.depth() ? -1L
                        : Location.vaOf(a.locate(kernel, target, h, d, va, rs.index(va, d) * entryBytes));
                if (own && d < rs.depth()) {
                    assertEquals(rs.tableVa(d, va), table, "tableVa and locate disagree at " + d);
                }
                expect(fn + "_table_va(" + d + ", " + u(va) + ")", table);
                expect(fn + "_entry_va(" + d + ", " + u(va) + ")", entry);
            }
        }
    }

    @Test
    void x86RecursiveSlotOwnAndForeignTablesDirectMapAndTableOffsetMatchTheEngine() throws IOException {
        AnalysisResult r = Images.pc(output(0, Output.Kind.C, OptionalLong.empty(), "kernel", "init", "fk", "dm",
                "pools"));
        TableImage image = image(r, 0);
        Half h = image.format().halves().get(0);
        BuiltSpace kernel = r.space("kernel").orElseThrow();
        BuiltSpace init = r.space("init").orElseThrow();
        BuiltSpace fk = r.space("fk").orElseThrow();
        BuiltSpace dm = r.space("dm").orElseThrow();
        BuiltSpace pools = r.space("pools").orElseThrow();

        AccessFormula.RecursiveSlot own = assertInstanceOf(AccessFormula.RecursiveSlot.class,
                image.spaces().get(0).access());
        recursive("pt_kernel", own, access(kernel), kernel.space(), kernel.space(), h, VAS, 8, true);
        AccessFormula.RecursiveSlot foreign = assertInstanceOf(AccessFormula.RecursiveSlot.class,
                image.spaces().get(2).access());
        assertEquals(509, foreign.foreign());
        recursive("pt_fk", foreign, access(fk), fk.space(), fk.space(), h, VAS, 8, true);
        recursive("pt_fk_foreign", foreign, access(fk), fk.space(), init.space(), h, VAS, 8, false);

        AccessFormula.Offset direct = assertInstanceOf(AccessFormula.Offset.class, image.spaces().get(3).access());
        AccessFormula.Offset offset = assertInstanceOf(AccessFormula.Offset.class, image.spaces().get(4).access());
        for (TableImage.Table t : image.tables()) {
            long va = Location.vaOf(access(dm).locate(dm.space(), dm.space(), h, t.depth(), 0, t.pa()));
            assertEquals(direct.virt(t.pa()), va);
            expect("pt_dm_phys_to_virt(" + u(t.pa()) + ")", va);
            expect("pt_dm_virt_to_phys(" + u(va) + ")", t.pa());
            long pool = Location.vaOf(access(pools).locate(pools.space(), pools.space(), h, t.depth(), 0, t.pa()));
            assertEquals(offset.virt(t.pa()), pool);
            expect("pt_pools_phys_to_virt(" + u(t.pa()) + ")", pool);
            expect("pt_pools_virt_to_phys(" + u(pool) + ")", t.pa());
        }
        // outside the maps: the first PA past the direct map, a PA below and past the pools
        expect("pt_dm_phys_to_virt(" + u(64 * Images.TIB) + ")", direct.virt(64 * Images.TIB));
        expect("pt_dm_virt_to_phys(" + u(DIRECT - 1) + ")", -1L);
        expect("pt_pools_phys_to_virt(0x1000ull)",
                Location.vaOf(access(pools).locate(pools.space(), pools.space(), h, 0, 0, 0x1000L)));
        expect("pt_pools_phys_to_virt(" + u(0x200_0000L + 4 * Images.MIB) + ")",
                offset.virt(0x200_0000L + 4 * Images.MIB));
        expect("pt_pools_virt_to_phys(" + u(TABLEMAP + 4 * Images.MIB) + ")", -1L);

        assertEquals(expected, run(CEmitterTest.job(image, OptionalLong.empty(), "tables", "pc.pt")));
    }

    @Test
    void aDirectMapWithAPhysicalBaseSubtractsItBothWays() throws IOException {
        AnalysisResult r = Images.virt(output(0, Output.Kind.C, OptionalLong.empty(), "dm"));
        TableImage image = image(r, 0);
        BuiltSpace dm = r.space("dm").orElseThrow();
        Half h = image.format().halves().get(1);
        AccessFormula.Offset direct = assertInstanceOf(AccessFormula.Offset.class, image.spaces().get(0).access());
        assertEquals(0x4000_0000L, direct.paBase());
        for (TableImage.Table t : image.tables()) {
            long va = Location.vaOf(access(dm).locate(dm.space(), dm.space(), h, t.depth(), 0, t.pa()));
            assertEquals(Images.LINEAR + (t.pa() - 0x4000_0000L), va);
            assertEquals(direct.virt(t.pa()), va);
            expect("pt_dm_phys_to_virt(" + u(t.pa()) + ")", va);
            expect("pt_dm_virt_to_phys(" + u(va) + ")", t.pa());
        }
        expect("pt_dm_phys_to_virt(0x40000000ull)", Images.LINEAR);          // PHYS_OFFSET at PAGE_OFFSET
        expect("pt_dm_virt_to_phys(" + u(Images.LINEAR) + ")", 0x4000_0000L);
        expect("pt_dm_phys_to_virt(0x3ffff000ull)", -1L);                     // below the base: not in the map
        expect("pt_dm_virt_to_phys(" + u(Images.LINEAR - 1) + ")", -1L);
        assertEquals(expected, run(CEmitterTest.job(image, OptionalLong.empty(), "tables", "virt.pt")));
    }

    @Test
    void paeRecursionThroughFourPageDirectoryEntriesMatchesTheEngine() throws IOException {
        OptionalLong at = OptionalLong.of(0x200_0000L);
        AnalysisResult r = Images.pae(output(0, Output.Kind.C, at, "kernel"));
        TableImage image = image(r, 0);
        BuiltSpace kernel = r.space("kernel").orElseThrow();
        AccessFormula.RecursiveSlot rs = assertInstanceOf(AccessFormula.RecursiveSlot.class,
                image.spaces().get(0).access());
        assertEquals(508, rs.firstPd());
        recursive("pt_kernel", rs, access(kernel), kernel.space(), kernel.space(), image.format().halves().get(0),
                VAS32, 8, true);
        assertEquals(expected, run(CEmitterTest.job(image, at, "tables", "pae.pt")));
    }

    @Test
    void i386RecursivePageDirectoryMatchesTheEngine() throws IOException {
        AnalysisResult r = Images.i386(output(0, Output.Kind.C, OptionalLong.empty(), "kernel"));
        TableImage image = image(r, 0);
        BuiltSpace kernel = r.space("kernel").orElseThrow();
        AccessFormula.RecursiveSlot rs = assertInstanceOf(AccessFormula.RecursiveSlot.class,
                image.spaces().get(0).access());
        recursive("pt_kernel", rs, access(kernel), kernel.space(), kernel.space(), image.format().halves().get(0),
                VAS32, 4, true);
        assertEquals(expected, run(CEmitterTest.job(image, OptionalLong.empty(), "tables", "i386.pt")));
    }

    @Test
    void theComparisonCanFail() throws IOException {
        AnalysisResult r = Images.pc(output(0, Output.Kind.C, OptionalLong.empty(), "kernel"));
        TableImage image = image(r, 0);
        expect("pt_kernel_table_va(0, 0x0ull)", 0xFFFF_FF7F_BFDF_E000L + 8);
        List<String> printed = run(CEmitterTest.job(image, OptionalLong.empty(), "tables", "pc.pt"));
        assertEquals(List.of("pt_kernel_table_va(0, 0x0ull) = ffffff7fbfdfe000"), printed);
        org.junit.jupiter.api.Assertions.assertNotEquals(expected, printed);
    }

    @Test
    void perCpuWindowAndItsBootstrapMatchTheFormula() throws IOException {
        OptionalLong at = OptionalLong.of(4 * Images.GIB);
        AnalysisResult r = Images.quad(output(0, Output.Kind.C, at, "kernel"));
        TableImage image = image(r, 0);
        AccessFormula.Window w = assertInstanceOf(AccessFormula.Window.class, image.spaces().get(0).access());
        AccessFormula.Offset boot = assertInstanceOf(AccessFormula.Offset.class, w.bootstrap());
        assertEquals(4, w.pageVas().size());
        for (int cpu = 0; cpu <= 4; cpu++) {
            expect("pt_kernel_window_va(" + cpu + ")", cpu < 4 ? w.pageVas().get(cpu) : -1L);
            expect("pt_kernel_window_pte_pa(" + cpu + ")", cpu < 4 ? w.ptePas().get(cpu) : -1L);
            if (cpu < 4) {
                expect("pt_kernel_bootstrap_phys_to_virt(" + u(w.ptePas().get(cpu)) + ")", boot.virt(w.ptePas().get(cpu)));
            }
        }
        expect("PT_KERNEL_WINDOW_ENTRY", w.entryTemplate());
        assertEquals(expected, run(CEmitterTest.job(image, at, "tables", "quad.pt")));
    }
}
