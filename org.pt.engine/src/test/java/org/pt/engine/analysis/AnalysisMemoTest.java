package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;

/** Analyses remembered by the value of the tables they build: equal to fresh ones, bounded, reused only when equal. */
class AnalysisMemoTest {

    static final long DIRECT = 0xFFFF_8880_0000_0000L;
    static final long KERNEL = 0xFFFF_FFFF_8000_0000L;
    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 2 * GIB)
            .tables(0x200_0000L, 4 * MIB).build();
    private static final Layout HH = higherHalf(PC);

    /** A higher-half layout of {@code pc}: user space, a direct map at {@link #DIRECT}, the kernel at {@link #KERNEL}. */
    static Layout higherHalf(Machine pc) {
        return layout("hh", pc)
                .region("user", Purpose.USER, 0, 128 * TIB)
                .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
                .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
                .build();
    }

    /** kernel maps its image at {@code imagePa} and walks {@code walkVa}; init shares its kernel half. */
    private static SystemModel model(long imagePa, long walkVa) {
        SpaceSpec kernel = Specs.report(space("kernel", HH).strategy(new StrategySpec.DirectMap("direct_map"))
                .allRam("direct_map", Attributes.KERNEL_RW).map(KERNEL, 2 * MIB, imagePa, Attributes.KERNEL_RX)
                .walk(walkVa).reach(KERNEL, "kernel"), "tables").build();
        SpaceSpec init = space("init", HH).shareKernelWith("kernel")
                .map(0x40_0000L, 16 * KIB, 0x800_0000L, Attributes.of("rx").withUser(true)).walk(KERNEL + 0x1234)
                .build();
        return new SystemModel(List.of(PC), List.of(HH), List.of(kernel, init));
    }

    private static void assertSameAsFresh(SystemModel model, AnalysisResult remembered) {
        AnalysisResult fresh = Analysis.run(model);
        assertEquals(Specs.lines(fresh), Specs.lines(remembered));
        assertEquals(fresh.answers().keySet(), remembered.answers().keySet());
        assertEquals(model.spaces().get(0), remembered.space("kernel").orElseThrow().spec(), "the spec with its queries");
        SpaceSpec init = model.spaces().get(1);
        assertEquals(new SpaceSpec(init.name(), init.layout(), Optional.of(new StrategySpec.DirectMap("direct_map")),
                init.shareKernelWith(), init.operations(), init.queries()), remembered.space("init").orElseThrow().spec(),
                "init's spec, with the strategy it inherits from kernel");
    }

    /**
     * Runs {@code first} then {@code next} through a new memo: the second result equals a fresh analysis, the memo
     * counts {@code builds} and {@code reuses}, and the first walk of kernel starts with {@code walk}.
     */
    private static void afterFirst(SystemModel first, SystemModel next, long builds, long reuses, String walk) {
        AnalysisMemo memo = new AnalysisMemo(2);
        assertSameAsFresh(first, memo.run(first));
        AnalysisResult r = memo.run(next);
        assertSameAsFresh(next, r);
        assertEquals(List.of(builds, reuses), List.of(memo.builds(), memo.reuses()));
        String line = Specs.lines(r, Code.WALK_RESULT).get(0);
        assertTrue(line.startsWith(walk), line);
    }

    @Test
    void anotherQueryReusesTheTablesAndAnswersAsAFreshAnalysis() {
        afterFirst(model(0x100_0000L, KERNEL + 0x10), model(0x100_0000L, DIRECT + 0x5000), 1, 1,
                "info: 0xffff_8880_0000_5000 -> 0x5000 (1 GiB page at PDPT");
    }

    @Test
    void anotherMappingBuildsTheTablesAgain() {
        afterFirst(model(0x100_0000L, KERNEL + 0x10), model(0x120_0000L, KERNEL + 0x10), 2, 0,
                "info: 0xffff_ffff_8000_0010 -> 0x120_0010 (2 MiB page at PD");
    }

    @Test
    void aReportIsMadeOncePerBuildAndAWalkEachTime() {
        AnalysisMemo memo = new AnalysisMemo(1);
        SystemModel m = model(0x100_0000L, KERNEL + 0x10);
        AnalysisResult first = memo.run(m);
        AnalysisResult second = memo.run(m);
        Subject.QueryRef walk = new Subject.QueryRef("kernel", 2);
        Subject.QueryRef report = new Subject.QueryRef("kernel", 4);
        assertSame(first.answers().get(report), second.answers().get(report));
        assertNotSame(first.answers().get(walk), second.answers().get(walk));
        assertEquals(Analysis.run(m).answers().get(report), second.answers().get(report));
    }

    @Test
    void theOldestBuildIsForgotten() {
        AnalysisMemo memo = new AnalysisMemo(1);
        SystemModel a = model(0x100_0000L, KERNEL);
        SystemModel b = model(0x140_0000L, KERNEL);
        memo.run(a);
        memo.run(b);
        memo.run(a);
        memo.run(a);
        assertEquals(List.of(3L, 1L), List.of(memo.builds(), memo.reuses()));
    }

    /**
     * Past its weight bound the memo forgets the least recently used builds and prefixes, whatever its capacity: with
     * room for one build's tables only, a model run before the last is built again.
     */
    @Test
    void theTablesHeldAreBoundedByTheirBytes() {
        SystemModel a = model(0x100_0000L, KERNEL);
        SystemModel b = model(0x140_0000L, KERNEL);
        long oneBuild = Analysis.build(Analysis.tablesOf(a)).tableBytes();
        AnalysisMemo roomy = new AnalysisMemo(3, 100 * oneBuild);
        AnalysisMemo tight = new AnalysisMemo(3, oneBuild);
        for (AnalysisMemo memo : List.of(roomy, tight)) {
            memo.run(a);
            memo.run(b);
            memo.run(a);
        }
        assertEquals(List.of(2L, 1L), List.of(roomy.builds(), roomy.reuses()));
        assertEquals(List.of(3L, 0L), List.of(tight.builds(), tight.reuses()));
        assertEquals(oneBuild, tight.tableBytesHeld(), "the last build alone");
        // the roomy memo holds both builds and, for each, the prefix after kernel (fewer tables: init's are not built)
        assertEquals(List.of(List.of("kernel"), List.of("kernel")),
                roomy.prefixes().stream().map(Analysis.Prefix::spaces).toList());
        long prefixes = roomy.prefixes().stream().mapToLong(Analysis.Prefix::tableBytes).sum();
        assertTrue(prefixes > 0 && prefixes < 2 * oneBuild, prefixes + " bytes");
        assertEquals(2 * oneBuild + prefixes, roomy.tableBytesHeld());
    }

    @Test
    void aMemoKeepsAtLeastOneBuild() {
        assertEquals("the memo keeps at least one build, not 0",
                assertThrows(IllegalArgumentException.class, () -> new AnalysisMemo(0)).getMessage());
    }
}
