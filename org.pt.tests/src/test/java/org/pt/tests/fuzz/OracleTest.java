package org.pt.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz campaign's checks can fail: each rule of {@link Oracle} catches a report that breaks it. */
class OracleTest {

    private static final String FILE = "spec.ptl";
    private static final byte[] TEXT = "machine pc {\r\n    format x86_64\r}\nspace s uses l {\n    walk 0x1000\n}\n"
            .getBytes(StandardCharsets.UTF_8);

    private static String report(String diagnostics, int errors) {
        return "{\"files\": [\"" + FILE + "\"], \"diagnostics\": [" + diagnostics + "], \"errors\": " + errors
                + ", \"warnings\": 0, \"notes\": 0}";
    }

    private static String finding(int line, int column, int endLine, int endColumn, String message, String code) {
        return "{\"file\": \"" + FILE + "\", \"line\": " + line + ", \"column\": " + column + ", \"endLine\": " + endLine
                + ", \"endColumn\": " + endColumn + ", \"severity\": \"error\", \"message\": \"" + message
                + "\", \"code\": \"" + code + "\"}";
    }

    @Test
    void aWellPlacedReportPasses() {
        // CR LF, a lone CR and LF each end a line: line 3 is "}", line 5 "    walk 0x1000" (16 columns with its end).
        String ok = finding(3, 1, 3, 2, "unexpected '}'", "x") + ", " + finding(5, 5, 5, 16, "a walk", "y");
        assertEquals(List.of(), Oracle.problems(FILE, TEXT, 1, report(ok, 2), ""));
    }

    @Test
    void positionsOutsideTheFileAreCaught() {
        String bad = finding(0, 1, 1, 2, "a", "x") + ", " + finding(8, 1, 8, 2, "b", "x") + ", "
                + finding(2, 19, 2, 20, "c", "x") + ", " + finding(5, 5, 5, 17, "d", "x");
        assertEquals(List.of("finding at 0:1, not positioned: 0:1 [x] a",
                "finding at 8:1, past the last line 7: 8:1 [x] b",
                "finding at 2:19, past the end of line 2 (17 characters): 2:19 [x] c",
                "finding ends at 5:17, past the end of line 5 (15 characters): 5:5 [x] d"),
                Oracle.problems(FILE, TEXT, 1, report(bad, 4), ""));
    }

    @Test
    void internalErrorsControlCharactersAndNegativeNumbersInMessagesAreCaught() {
        String bad = finding(1, 1, 1, 2, "internal error while analysing: boom", "pt.internal") + ", "
                + finding(1, 1, 1, 2, "unexpected '\\u001b'", "x") + ", "
                + finding(1, 1, 1, 2, "the budget of -1 has 0 left", "y");
        assertEquals(List.of("internal error: 1:1 [pt.internal] internal error while analysing: boom",
                "raw U+001B in a message: 1:1 [x] unexpected '\\u001b'",
                "negative number in a message: 1:1 [y] the budget of -1 has 0 left"),
                Oracle.problems(FILE, TEXT, 1, report(bad, 3), ""));
    }

    @Test
    void exitStatusStandardErrorAndASilentPassAreCaught() {
        assertEquals(List.of("exit status 2: ptc: internal error: Index 512 out of bounds for length 512"),
                Oracle.problems(FILE, TEXT, 2, "", "ptc: internal error: Index 512 out of bounds for length 512\n"));
        assertEquals(List.of(), Oracle.problems(FILE, TEXT, 2, "", "ptc: cannot read spec.ptl: too large\n"));
        assertEquals(List.of("exit status 3: (nothing)"), Oracle.problems(FILE, TEXT, 3, "", ""));
        assertEquals(List.of("standard error: log4j: something", "exit status 0 with 1 errors"),
                Oracle.problems(FILE, TEXT, 0, report(finding(3, 1, 3, 2, "e", "x"), 1), "log4j: something\n"));
        assertEquals(List.of("no finding at all for a spec that asks questions and passes"),
                Oracle.problems(FILE, TEXT, 0, report("", 0), ""));
        assertEquals(List.of("not a JSON report: checked 1 file"),
                Oracle.problems(FILE, TEXT, 0, "checked 1 file\n", ""));
    }
}
