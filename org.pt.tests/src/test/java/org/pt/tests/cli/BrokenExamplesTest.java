package org.pt.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pt.dsl.validation.IssueCodes;

/**
 * {@code examples/broken/}: one file per diagnostic kind, each demonstrating it exactly once. A file's first line
 * says what {@code ptc check FILE} reports, {@code // expect: CODE at LINE:COLUMN: MESSAGE}; further lines
 * {@code // also: CODE at LINE:COLUMN: MESSAGE} name the findings that necessarily come with it (a failed software
 * walk comes with the table its strategy misses, for instance). The findings printed must be exactly these, code,
 * position and message, notes included, and the exit status 1 when one of them is an error, else 0.
 *
 * <p>After an intended change of positions, {@code -Dpt.golden.update=true} rewrites the headers; review the diff.
 *
 * <p>Every issue code of {@link IssueCodes} has a file named after it ({@code region_overlap.ptl}, or
 * {@code import_cycle_a.ptl} when the kind needs several files), except the codes no spec can show
 * ({@link #UNDEMONSTRABLE}).
 *
 * <p>The codes only {@code ptc generate} reports ({@link #GENERATE_TIME}) are shown by
 * {@code ptc generate --out TEMP FILE} instead, which must then write nothing.
 */
class BrokenExamplesTest {

    /** The examples folder, seen from this module's folder (Surefire's working directory). */
    static final Path BROKEN = Path.of("../examples/broken");

    private static final Pattern EXPECT = Pattern.compile("// (expect|also): ((pt\\.[a-z0-9_]+) at \\d+:\\d+: .+)");

    /** With {@code -Dpt.golden.update=true}, the headers are rewritten with what ptc prints (review the diff). */
    private static final boolean UPDATE = Boolean.getBoolean("pt.golden.update");

    /**
     * Codes no spec can show: a bug in the translator or the engine; engine refusals that a check of the language or
     * of the analysis reports first, under its own code; and refusals of engine calls that only a strategy makes,
     * always with valid arguments (each is asserted as a typed value in the engine's tests). Also the limits of
     * docs/limits.md, which only a file too large to ship passes (asserted in InputRobustnessTest and InputFilesTest).
     */
    private static final Set<String> UNDEMONSTRABLE = Set.of(IssueCodes.INTERNAL, IssueCodes.DUPLICATE_SPACE,
            IssueCodes.SHARE_WITH_SELF, IssueCodes.TABLE_COUNT_OVERFLOW, IssueCodes.ENTRY_IN_USE, IssueCodes.NO_SUCH_ENTRY,
            IssueCodes.NO_SUCH_DEPTH, IssueCodes.NOT_A_TABLE_ENTRY, IssueCodes.FILE_TOO_LARGE,
            IssueCodes.TOO_MANY_SYNTAX_ERRORS);

    /** Codes {@code ptc generate} reports and {@code ptc check} cannot: an emitter's refusal. */
    static final Set<String> GENERATE_TIME = Set.of(IssueCodes.OUTPUT_REFUSED);

    static Stream<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(BROKEN)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".ptl")).sorted().toList().stream();
        }
    }

    /** The {@code // expect:} line of a file, then its {@code // also:} lines, as {@code CODE at L:C: MESSAGE}. */
    static List<String> expectations(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            if (!m.matches() || (i == 0) != m.group(1).equals("expect")) {
                break;
            }
            out.add(m.group(2));
        }
        assertFalse(out.isEmpty(), file + ": the first line must be '// expect: CODE at LINE:COLUMN: MESSAGE'");
        return out;
    }

    static String code(String expectation) {
        return expectation.substring(0, expectation.indexOf(' '));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void checkReportsExactlyTheExpectedFindings(Path file, @TempDir Path out) throws IOException {
        List<String> expected = expectations(file);
        boolean generate = GENERATE_TIME.contains(code(expected.get(0)));
        Transcript run = generate ? Transcript.of("generate", "--out", out.toString(), file.toString())
                : Transcript.of("check", file.toString());
        List<Transcript.Printed> printed = run.findings();
        List<String> actual = printed.stream().map(BrokenExamplesTest::expectation).sorted().toList();
        if (UPDATE && !expected.stream().sorted().toList().equals(actual)) {
            expected = rewriteHeader(file, expected, printed);
        }
        assertEquals(expected.stream().sorted().toList(), actual, () -> file + ":\n" + run.out() + run.err());
        String kind = code(expected.get(0));
        assertEquals(1, actual.stream().filter(a -> code(a).equals(kind)).count(), () -> file + " shows " + kind
                + " more than once:\n" + run.out());
        boolean errors = printed.stream().anyMatch(p -> p.severity().equals("error"));
        assertEquals(errors ? 1 : 0, run.status(), () -> run.out() + run.err());
        assertEquals("", run.err());
        try (Stream<Path> written = Files.list(out)) {
            assertEquals(List.of(), written.toList(), file + ": ptc generate wrote files despite an error");
        }
    }

    /**
     * With {@code -Dpt.golden.update=true}: the header rewritten from what ptc printed, the file's kind kept (when it
     * still shows it). When the number of {@code // also:} lines changes, the lines below move: run it twice.
     */
    private static List<String> rewriteHeader(Path file, List<String> expected, List<Transcript.Printed> printed)
            throws IOException {
        String kind = code(expected.get(0));
        List<String> header = new ArrayList<>();
        printed.stream().filter(p -> p.code().equals(kind)).findFirst().ifPresent(p -> header.add(expectation(p)));
        if (header.isEmpty()) {
            return expected;
        }
        printed.stream().map(BrokenExamplesTest::expectation).filter(w -> !w.equals(header.get(0)))
                .forEach(w -> header.add(w));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<String> rewritten = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rewritten.add("// " + (i == 0 ? "expect" : "also") + ": " + header.get(i));
        }
        rewritten.addAll(lines.subList(expected.size(), lines.size()));
        Files.write(file, rewritten);
        return header;
    }

    /** A printed finding as a header line writes it: {@code CODE at LINE:COLUMN: MESSAGE}. */
    static String expectation(Transcript.Printed p) {
        return p.where() + ": " + p.message();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void fileIsNamedAfterItsKind(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.ptl$", "");
        String kind = code(expectations(file).get(0)).substring("pt.".length());
        assertTrue(name.equals(kind) || name.startsWith(kind + "_"), () -> file + " shows pt." + kind);
    }

    @Test
    void everyIssueCodeHasABrokenExample() throws IOException {
        Map<String, String> shown = new TreeMap<>();
        for (Path file : files().toList()) {
            shown.putIfAbsent(code(expectations(file).get(0)), file.getFileName().toString());
        }
        Set<String> missing = new TreeSet<>(issueCodes());
        missing.removeAll(shown.keySet());
        missing.removeAll(UNDEMONSTRABLE);
        assertEquals(Set.of(), missing, "issue codes without a file in examples/broken/");
    }

    /**
     * Broken examples docs/diagnostics.md links to without quoting them: {@code findings_capped.ptl} needs more than
     * 100 findings of one kind, so it is 210 lines of which the page shows the last ones.
     */
    private static final Set<String> UNQUOTED = Set.of("findings_capped.ptl");

    /** A broken example quoted in docs/diagnostics.md: its link, then the fenced block that must be the file. */
    private static final Pattern QUOTED = Pattern.compile(
            "\\[[^\\]]+\\]\\(\\.\\./examples/broken/([^)]+)\\):\n\n```\n(.*?)```\n", Pattern.DOTALL);

    @Test
    void docsQuoteEveryBrokenExampleAsItIs() throws IOException {
        String docs = Files.readString(Path.of("../docs/diagnostics.md"));
        Matcher m = QUOTED.matcher(docs);
        int quoted = 0;
        while (m.find()) {
            quoted++;
            assertEquals(Files.readString(BROKEN.resolve(m.group(1))), m.group(2), "docs/diagnostics.md quotes "
                    + m.group(1) + " otherwise than examples/broken/ has it");
        }
        assertEquals(files().count() - UNQUOTED.size(), quoted, "broken examples quoted in docs/diagnostics.md");
    }

    /** The values of every public string constant of {@link IssueCodes}. */
    static Set<String> issueCodes() {
        Set<String> codes = new TreeSet<>();
        for (Field f : IssueCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    codes.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return codes;
    }
}
