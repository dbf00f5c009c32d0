package org.pt.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.cli.Ptc;
import org.pt.dsl.validation.IssueCodes;

/**
 * Every code a user can see is documented: PT's issue codes, the codes of Xtext that reach a user (a syntax error, an
 * invalid escape in a string, a linking problem) and ptc's own. What ptc prints for every example, every broken example
 * and a few probes of Xtext's codes is among them; each is in docs/diagnostics.md, and the codes that are not PT's are
 * listed in docs/cli.md too.
 */
class VisibleCodesTest {

    /** ptc's code for bytes that are not UTF-8 ({@code CheckCommand.INVALID_UTF8}, package-private there). */
    static final String INVALID_UTF8 = "org.pt.cli.InvalidUtf8";

    static final Set<String> NOT_PT = Set.of(Diagnostic.SYNTAX_DIAGNOSTIC, Diagnostic.SYNTAX_DIAGNOSTIC_WITH_RANGE,
            Diagnostic.LINKING_DIAGNOSTIC, INVALID_UTF8);

    private static final Pattern CODE = Pattern.compile(" \\[([^\\]\\s]+)\\]$", Pattern.MULTILINE);

    static Set<String> visibleCodes() throws IllegalAccessException {
        Set<String> codes = new TreeSet<>(NOT_PT);
        for (Field f : IssueCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                codes.add((String) f.get(null));
            }
        }
        return codes;
    }

    /** The codes of {@code codes} that {@code page} does not name in backquotes. */
    static Set<String> undocumented(Set<String> codes, String page) {
        Set<String> missing = new TreeSet<>();
        for (String code : codes) {
            if (!page.contains("`" + code + "`")) {
                missing.add(code);
            }
        }
        return missing;
    }

    private static Set<String> printedCodes(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Ptc.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Set<String> codes = new TreeSet<>();
        Matcher m = CODE.matcher(out.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    @Test
    void everyCodePtcPrintsIsAVisibleCode(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("escape.ptl"), "import \"a\\qb.ptl\"\n");
        Files.write(dir.resolve("latin1.ptl"), "// caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("syntax.ptl"), "machine pc {\n");

        Set<String> probes = printedCodes("check", dir.toString());
        assertEquals(Set.of(Diagnostic.SYNTAX_DIAGNOSTIC, Diagnostic.SYNTAX_DIAGNOSTIC_WITH_RANGE, INVALID_UTF8,
                IssueCodes.MISSING_IMPORT, IssueCodes.EMPTY_FILE), probes);

        Set<String> printed = new TreeSet<>(probes);
        printed.addAll(printedCodes("check", DocsSnippetsTest.ROOT.resolve("examples").toString()));
        printed.removeAll(visibleCodes());
        assertEquals(Set.of(), printed, "codes ptc prints that are no known code");
    }

    @Test
    void everyVisibleCodeIsDocumented() throws Exception {
        assertEquals(Set.of(), undocumented(visibleCodes(), read("docs/diagnostics.md")),
                "codes docs/diagnostics.md does not document");
        assertEquals(Set.of(), undocumented(NOT_PT, read("docs/cli.md")), "codes docs/cli.md does not list");
    }

    /** The check can fail: a page without one code's section is missing exactly that code. */
    @Test
    void aCodeLeftOutOfTheDocsIsFound() throws Exception {
        String page = read("docs/diagnostics.md");
        String without = page.replace("`" + Diagnostic.SYNTAX_DIAGNOSTIC_WITH_RANGE + "`", "Syntax.Range");
        assertTrue(without.length() < page.length());
        assertEquals(Set.of(Diagnostic.SYNTAX_DIAGNOSTIC_WITH_RANGE), undocumented(visibleCodes(), without));
    }

    private static String read(String page) throws IOException {
        return Files.readString(DocsSnippetsTest.ROOT.resolve(page));
    }
}
