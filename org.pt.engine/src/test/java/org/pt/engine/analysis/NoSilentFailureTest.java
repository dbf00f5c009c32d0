package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.machine;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;

/**
 * A failure of the engine itself (an exception of a bug, the heap or the stack running out) is an error on the
 * element it was working on, never a silent loss of findings (issue 12: a 1 PiB pool made a walk with a wrong
 * {@code expect} pass): the failure is injected ({@link Analysis#injectFailure}) and must show.
 */
class NoSilentFailureTest {

    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 1 * GIB)
            .tables(0x100_0000, 4 * MIB).build();
    private static final Layout FLAT = Specs.layout("flat", PC).region("user", Purpose.USER, 0, 128 * TIB).build();

    private static List<SpaceSpec> spaces() {
        Attributes rw = Attributes.of("rw").withUser(true);
        return List.of(Specs.space("a", FLAT).map(0x1000, 4 * KIB, 0x5000, rw).walk(0x1000, 0x6000).build(),
                Specs.space("b", FLAT).map(0x1000, 4 * KIB, 0x5000, rw).walk(0x1000, 0x5000).build());
    }

    private static List<String> analysed() {
        return Specs.lines(Specs.analyse(List.of(PC), List.of(FLAT), spaces())).stream()
                .filter(l -> !l.contains("[WALK_RESULT]")).toList();
    }

    @Test
    void withoutAFailureTheWrongExpectationIsAnError() {
        assertEquals(List.of("error: expected 0x1000 -> 0x6000, but 0x1000 -> 0x5000 (4 KiB page at PT, k:rw- u:rw-, "
                + "WB); CR3 0x100_0000: PML4[0]=0x1001027 PDPT[0]=0x1002027 PD[0]=0x1003027 PT[1]=0x8000000000005067 "
                + "[WALK_EXPECTATION_FAILED]"), analysed());
    }

    @Test
    void anOutOfMemoryErrorWhileBuildingASpaceIsAnErrorOnThatSpaceAndTheOthersAreStillChecked() throws Exception {
        AnalysisResult r;
        try (AutoCloseable injected = Analysis.injectFailure("a", new OutOfMemoryError("Java heap space"))) {
            r = Specs.analyse(List.of(PC), List.of(FLAT), spaces());
        }
        List<Finding> internal = r.findings().stream().filter(f -> f.code() == Code.INTERNAL).toList();
        assertEquals(List.of(Finding.error(Code.INTERNAL, "internal error while building space 'a': Java heap space",
                new Subject.SpaceRef("a"))), internal);
        assertTrue(r.hasErrors());
        assertTrue(r.space("b").isPresent(), "the other space is still built");
    }

    @Test
    void anExceptionOfABugIsAnErrorOnTheSpaceItWasBuilding() throws Exception {
        List<String> lines;
        try (AutoCloseable injected = Analysis.injectFailure("b", new IllegalStateException())) {
            lines = analysed();
        }
        // space a's wrong expectation is still reported; b's walk, on a space not built, is not answered
        assertEquals(List.of("error: internal error while building space 'b': IllegalStateException [INTERNAL]",
                "error: expected 0x1000 -> 0x6000, but 0x1000 -> 0x5000 (4 KiB page at PT, k:rw- u:rw-, WB); CR3 "
                        + "0x100_0000: PML4[0]=0x1001027 PDPT[0]=0x1002027 PD[0]=0x1003027 PT[1]=0x8000000000005067 "
                        + "[WALK_EXPECTATION_FAILED]"), lines);
    }

    @Test
    void aFailedBuildIsNotRememberedSoTheNextAnalysisBuildsAgain() throws Exception {
        AnalysisMemo memo = new AnalysisMemo(4);
        org.pt.engine.model.SystemModel model = new org.pt.engine.model.SystemModel(List.of(PC), List.of(FLAT),
                spaces());
        try (AutoCloseable injected = Analysis.injectFailure("b", new OutOfMemoryError("Java heap space"))) {
            assertTrue(memo.run(model).findings().stream().anyMatch(f -> f.code() == Code.INTERNAL));
        }
        assertEquals(List.of(), memo.run(model).findings().stream().filter(f -> f.code() == Code.INTERNAL).toList());
        assertEquals(2, memo.builds());
    }

    @Test
    void theHookOnlyTakesUncheckedThrowables() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Analysis.injectFailure("a", new Exception("checked")));
        assertEquals("an unchecked throwable, not java.lang.Exception: checked", e.getMessage());
    }
}
