package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.resource.SourceLimits;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.Printable;

/**
 * Input that must never crash, hang or flood: the three line ends (LF, CRLF, a lone CR) counted alike, a text beyond
 * the 4 MiB limit reported and not parsed, syntax errors after the 100th counted instead of listed, and control
 * characters escaped in messages (issue 12).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class InputRobustnessTest extends SpecTestSupport {

    /** A comment line, a misspelt statement and a semantic error (no format), in LF. */
    private static final String SPEC = """
            // a PC
            machine pc {
                ram 0x0 size 1 GiB
            }
            space s uses l {
                wlak 0x1000
            }
            """;

    @Test
    void loneCrAndCrlfLineEndsGiveTheFindingsOfLf() throws Exception {
        List<String> lf = positions(check(SPEC));
        assertEquals(List.of(
                "ERROR pt.format_missing 2:9 machine 'pc' has no format: write one of x86-32, x86-pae, x86_64, "
                        + "x86_64-la57, aarch64-4k, aarch64-16k, aarch64-64k, armv7, sv32, sv39, sv48, sv57",
                "ERROR pt.unknown_name 5:14 unknown layout 'l'",
                "ERROR " + SYNTAX + " 6:5 unexpected 'wlak' in space 's'; did you mean 'walk'?"), lf);
        assertEquals(lf, positions(check(SPEC.replace("\n", "\r\n"))), "CRLF");
        assertEquals(lf, positions(check(SPEC.replace("\n", "\r"))), "lone CR");
    }

    /** Was: a StringIndexOutOfBoundsException in Xtext's line computation, a stack trace and exit 2 in ptc. */
    @Test
    void syntaxErrorAtTheEndOfALoneCrFileIsPositioned() throws Exception {
        assertEquals(List.of("ERROR " + SYNTAX + " 1:13 @12+1 the file ends inside machine 'pc': a '}' is missing"),
                check("machine pc {\r"));
    }

    /** Was: the comment ran on to the end of the file ("mismatched character"), then "missing EOF at 'achine'". */
    @Test
    void commentEndsAtALoneCr() throws Exception {
        assertEquals(List.of("INFO pt.empty_file 1:1 @0+0 empty file: no machine, layout, space or output"),
                check("// one\r// two\r"));
        assertEquals(List.of("ERROR " + SYNTAX + " 2:13 @19+1 the file ends inside machine 'pc': a '}' is missing"),
                check("// one\rmachine pc {\r"));
    }

    @Test
    void textBeyondTheLimitIsOneErrorAndIsNotParsed() throws Exception {
        String text = "{ ".repeat(SourceLimits.MAX_SIZE / 2 + 1);
        XtextResource resource = load(text);
        assertEquals(List.of("ERROR pt.file_too_large 1:1 @0+1 the file is too large: 4194306 characters, more than "
                + "the 4194304 (4 MiB) PT reads; it is not checked"), check(text));
        // bounded work: no model, and two nodes where parsing would have made one per brace
        assertNull(resource.getParseResult().getRootASTElement());
        List<INode> nodes = new ArrayList<>();
        resource.getParseResult().getRootNode().getLeafNodes().forEach(nodes::add);
        assertEquals(2, nodes.size());
    }

    @Test
    void textAtTheLimitIsParsed() throws Exception {
        String spec = PC + "// ";
        String text = spec + "x".repeat(SourceLimits.MAX_SIZE - spec.length());
        assertEquals(SourceLimits.MAX_SIZE, text.length());
        assertEquals(List.of(), check(text));
    }

    @Test
    void syntaxErrorsAfterTheHundredthAreCounted() throws Exception {
        List<String> issues = check(PC + "space s uses l {\n" + "    map 0x0 size\n".repeat(1000) + "}\n");
        assertEquals(100, issues.stream().filter(i -> i.startsWith("ERROR " + SYNTAX)).count());
        assertEquals(List.of("ERROR pt.too_many_syntax_errors 109:5 @1864+3 … and 900 more syntax errors (only the "
                + "first 100 of a file are reported)"),
                issues.stream().filter(i -> i.contains("pt.too_many_syntax_errors")).toList());
    }

    @Test
    void controlCharactersInMessagesAreEscaped() throws Exception {
        assertEquals(List.of("ERROR " + SYNTAX + " 2:19 @31+8 unexpected '\"\\u001b[2J\\u0000\\u202e\"' in machine 'pc': "
                + "expected '-', 'format', 'physical', 'va', 'features', 'cpus', 'ram', 'reserved', 'mmio', 'tables', "
                + "'budget', 'pat' or '}'"),
                check("machine pc {\n    format x86_64 \"\u001b[2J\u0000\u202e\"\n}\n"));
        assertEquals(List.of("ERROR " + SYNTAX + " 4:1 @33+1 unexpected '\\ufeff' after the end of machine 'pc': expected "
                + "'machine', 'layout', 'space', 'generate' or the end of the file"),
                check("machine pc {\n    format x86_64\n}\n\ufeff\n"));
    }

    @Test
    void printableEscapesControlAndFormatCharactersOnly() {
        String plain = "unexpected 'wlak' in space 's' — 0xffff_8000\n(4 KiB)";
        assertSame(plain, Printable.of(plain));
        assertEquals("\\u0000\\u0009\\u001b\\u007f\\u0085\\u200f\\u2028\\u2066\\ufeff é\n",
                Printable.of("\u0000\t\u001b\u007f\u0085\u200f\u2028\u2066\ufeff é\n"));
    }

    private XtextResource load(String text) throws Exception {
        XtextResource r = (XtextResource) newResourceSet().createResource(URI.createURI("file:/specs/large.ptl"));
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        return r;
    }

    /** The issues without their offsets (which the line ends shift). */
    private static List<String> positions(List<String> issues) {
        return issues.stream().map(i -> i.replaceFirst(" @\\d+\\+\\d+", "")).toList();
    }
}
