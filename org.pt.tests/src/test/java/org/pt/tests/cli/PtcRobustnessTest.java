package org.pt.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.engine.analysis.Analysis;

/**
 * Issue 12 through {@code ptc check}: deep nesting ends in a positioned diagnostic, never a StackOverflowError; a
 * failure of PT itself is a positioned {@code pt.internal} error and exit status 2, never a silent pass; numbers are
 * printed as written, unsigned.
 */
class PtcRobustnessTest {

    private static final String MACHINE = """
            machine pc {
                format x86_64
                ram 0x0 size 1 GiB
                tables from 0x100_0000 size 4 MiB
            }
            layout l for pc {
                win 0xffff_ffff_8000_0000 size 4 KiB
                user 0x0 size 128 TiB
            }
            """;

    /** A space whose strategy nests {@code depth} bootstraps, each on a line of its own, then a walk. */
    private static String nested(int depth) {
        StringBuilder s = new StringBuilder(MACHINE).append("space k uses l {\n    tables via window win\n");
        for (int i = 0; i < depth; i++) {
            s.append("        bootstrap window win\n");
        }
        return s.append("    walk 0x1000\n}\n").toString();
    }

    @Test
    void aHundredThousandNestedBootstrapsAreOneErrorOnTheSixtyFifth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deep.ptl");
        Files.writeString(file, nested(100_000));
        Transcript t = Transcript.of("check", file.toString());
        // the machine and layout take 9 lines, 'space k' and 'tables via' 2: the 65th bootstrap is on line 76
        assertEquals(List.of(new Transcript.Printed(file.toString(), 76, 9, "error", "a strategy nests at most 64 "
                + "'bootstrap's deep: this one and the strategy it begins are not read", "pt.nesting_too_deep")),
                t.findings(), t.out() + t.err());
        assertEquals(1, t.status());
        assertEquals("", t.err());
    }

    @Test
    void sixtyFourNestedBootstrapsAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deep.ptl");
        Files.writeString(file, nested(64));
        Transcript t = Transcript.of("check", file.toString());
        List<String> codes = t.findings().stream().map(Transcript.Printed::code).distinct().toList();
        assertEquals(List.of(), codes.stream().filter(c -> c.equals("pt.nesting_too_deep") || c.equals("pt.internal")
                || c.startsWith("org.eclipse")).toList(), t.out());
        assertEquals("", t.err());
    }

    /** A space walking {@code va}, on line 11 from column 5. */
    private static String walking(String va) {
        return MACHINE + "space k uses l {\n    walk " + va + "\n}\n";
    }

    @Test
    void aHundredThousandParenthesesAreOneErrorOnTheThirtyThird(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deep.ptl");
        Files.writeString(file, walking("(".repeat(100_000) + "3" + ")".repeat(100_000)));
        Transcript t = Transcript.of("check", file.toString());
        // 'walk ' ends at column 9 and 32 parentheses are read: the 33rd is at column 42
        assertEquals(new Transcript.Printed(file.toString(), 11, 42, "error", "an expression nests at most 32 "
                + "parentheses deep: this one and the rest of the expression are not read", "pt.nesting_too_deep"),
                t.findings().get(0), t.out() + t.err());
        assertEquals(1, t.status());
        assertEquals("", t.err());
    }

    @Test
    void aHundredThousandOperatorsAreOneErrorOnTheTwoHundredAndFiftySeventh(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("long.ptl");
        Files.writeString(file, walking("0" + " + 0".repeat(100_000) + " + 3"));
        Transcript t = Transcript.of("check", file.toString());
        // each ' + 0' takes 4 columns after the '0' at column 10: the 257th '+' is at 12 + 256 * 4
        assertEquals(List.of(new Transcript.Printed(file.toString(), 11, 1036, "error", "an expression has at most 256 "
                + "operators: this one and the rest of the expression are not read", "pt.nesting_too_deep")),
                t.findings(), t.out() + t.err());
        assertEquals(1, t.status());
    }

    @Test
    void thirtyTwoParenthesesAndTwoHundredAndFiftySixOperatorsAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spec.ptl");
        // 32 parentheses around 3, then 256 operators: the walk of 0x3 is the only finding
        Files.writeString(file, walking("(".repeat(32) + "3" + ")".repeat(32) + " + 0".repeat(256)));
        Transcript t = Transcript.of("check", file.toString());
        assertEquals(List.of("pt.walk_result"), t.findings().stream().map(Transcript.Printed::code).toList(), t.out());
        assertEquals(0, t.status());
    }

    @Test
    void aFailureWhileBuildingASpaceIsAnInternalErrorOnItAndExitStatusTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spec.ptl");
        Files.writeString(file, MACHINE + """
                space k uses l {
                    map 0x1000 size 4 KiB to 0x0 user rw nx
                    walk 0x1000 expect 0x5000
                }
                """);
        Transcript t;
        try (AutoCloseable injected = Analysis.injectFailure("k", new OutOfMemoryError("Java heap space"))) {
            t = Transcript.of("check", file.toString());
        }
        assertEquals(List.of(new Transcript.Printed(file.toString(), 10, 7, "error",
                "internal error while building space 'k': Java heap space", "pt.internal")), t.findings(), t.out());
        assertEquals(2, t.status());
        // the guard can fail: without the failure, the wrong expectation is an error and the status 1
        Transcript clean = Transcript.of("check", file.toString());
        assertEquals(List.of("pt.walk_expectation_failed at 12:5"),
                clean.findings().stream().map(Transcript.Printed::where).toList(), clean.out());
        assertEquals(1, clean.status());
    }
}
