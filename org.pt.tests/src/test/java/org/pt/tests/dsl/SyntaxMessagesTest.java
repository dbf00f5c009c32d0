package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.tests.PtInjectorProvider;

/**
 * Syntax errors a reader can act on: what was found, in which element, what is accepted there, and "did you mean"
 * for a misspelt keyword (against the keywords the grammar accepts at that point); number prefixes with no digits.
 * And a syntax error in one element does not hide what the engine finds in the elements that parsed whole.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class SyntaxMessagesTest extends SpecTestSupport {

    /**
     * A space whose last line is replaced. (After a {@code map} line an unknown word is one more attribute, so the
     * error is at the next token: the line before is a strategy.)
     */
    private static final String SPACE = HH + """
            space k uses hh {
                tables via recursive self_map
            %s
            }
            """;

    /** {@link #SPACE} with {@code line} added to its space. */
    private static String inSpace(String line) {
        return SPACE.formatted("    " + line);
    }

    private static String issue(String code, String text, String token, String message) {
        int at = text.indexOf(token);
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        int column = at - (text.lastIndexOf('\n', at - 1) + 1) + 1;
        return "ERROR " + code + " " + line + ":" + column + " @" + at + "+" + token.length() + " " + message;
    }

    /** A space whose second mapping conflicts with its first. */
    private static final String CONFLICT = """
            space c uses hh {
                tables via recursive self_map
                map 0x40_0000 size 4 KiB to 0x80_0000 user rw
                map 0x40_0000 size 4 KiB to 0x90_0000 user rw
            }
            """;

    /** The conflict of {@link #CONFLICT} in {@code text}: at the second mapping's address. */
    private static String conflict(String text) {
        return issue("pt.mapping_conflict", text, "0x40_0000 size 4 KiB to 0x90", "0x40_0000 ..= 0x40_0fff (4 KiB) is "
                + "already mapped to 0x80_0000 rw- user wb; the new mapping wants 0x90_0000 rw- user wb (say remap to "
                + "replace it)").replace("+28 ", "+9 ");
    }

    @Test
    void misspeltStatementKeywordGetsTheKeyword() throws Exception {
        String text = inSpace("wlak 0xffff_ffff_8000_1234");
        assertEquals(List.of(issue(SYNTAX, text, "wlak", "unexpected 'wlak' in space 'k'; did you mean 'walk'?")),
                check(text));
    }

    /** The keyword travels with the diagnostic, for a quick fix. */
    @Test
    void misspeltKeywordCarriesTheSuggestion() throws Exception {
        List<Issue> issues = validation.validate(parse(inSpace("wlak 0xffff_ffff_8000_1234")));
        assertEquals(1, issues.size());
        assertEquals(List.of("suggestion=walk"), List.of(issues.get(0).getData()));
    }

    /** After a line that ends in names, a misspelt statement is read as one more name: the error is after it. */
    @Test
    void misspeltStatementAfterAMapLineGetsTheKeyword() throws Exception {
        String text = inSpace("map kernel to 0x20_0000 rx global\n    wlak 0xffff_ffff_8000_1234");
        assertEquals(List.of(issue(SYNTAX, text, "0xffff_ffff_8000_1234", "unexpected '0xffff_ffff_8000_1234' in space "
                + "'k' after 'wlak'; did you mean 'walk'?")), check(text));
    }

    @Test
    void misspeltMachineKeywordGetsTheKeyword() throws Exception {
        String text = PC.replace("format x86_64", "fromat x86_64");
        assertEquals(List.of(issue(SYNTAX, text, "fromat", "unexpected 'fromat' in machine 'pc'; did you mean 'format'?")),
                check(text));
    }

    @Test
    void misspeltExtendsGetsTheKeyword() throws Exception {
        String text = PC + "machine board extnds pc {\n    cpus 4\n}\n";
        assertEquals(List.of(issue(SYNTAX, text, "extnds", "unexpected 'extnds' in machine 'board'; did you mean "
                + "'extends'?")), check(text));
    }

    @Test
    void misspeltStrategyGetsTheStrategy() throws Exception {
        String text = SPACE.formatted("").replace("via recursive", "via recursiv");
        assertEquals(List.of(issue(SYNTAX, text, "recursiv",
                "unexpected 'recursiv' in space 'k'; did you mean 'recursive'?")), check(text));
    }

    /** Only keywords accepted at that point are suggested: 'layout' is close to 'layuot' but begins no statement. */
    @Test
    void aWordCloseToNoAcceptedKeywordGetsWhatIsAccepted() throws Exception {
        String text = inSpace("layuot 0x1000");
        assertEquals(List.of(issue(SYNTAX, text, "layuot", "unexpected 'layuot' in space 'k': expected 'foreign', 'tables', "
                + "'share', 'root', 'remap', 'map', 'unmap', 'protect', 'compact', 'walk', 'reach', 'report', 'decode' or '}'")),
                check(text));
    }

    @Test
    void missingNumberSaysANumberIsExpected() throws Exception {
        String text = inSpace("walk expect fault");
        assertEquals(List.of(issue(SYNTAX, text, "expect", "a number is missing before 'expect' in space 'k'")),
                check(text));
    }

    @Test
    void unclosedParenthesisSaysItIsMissing() throws Exception {
        String text = inSpace("walk (0xffff_ffff_8000_0000 + 4 KiB\n    report");
        assertEquals(List.of(issue(SYNTAX, text, "report\n}", "')' is missing before 'report' in space 'k'")
                .replace("+8 ", "+6 ")), check(text));
    }

    /** After a number: its unit or an operator, in words (not the grammar's seven units and six operators). */
    @Test
    void afterANumberAUnitOrAnOperatorIsExpected() throws Exception {
        String text = PC.replace("ram 0x0 size 1 GiB", "ram 0x0 size 1 GiB\n    ram 0x4000_0000 1 GiB");
        assertEquals(List.of(issue(SYNTAX, text, "1 GiB\n    mmio", "unexpected '1' in machine 'pc': expected a unit, an "
                + "operator, '..=' or 'size'").replace("+14 ", "+1 ")), check(text));
    }

    @Test
    void fileEndingInsideAMachineSaysTheBraceIsMissing() throws Exception {
        String text = "machine pc {\n    format x86_64\n";
        // at the last character: there is no token after it
        assertEquals(List.of("ERROR " + SYNTAX + " 2:18 @30+1 the file ends inside machine 'pc': a '}' is missing"),
                check(text));
    }

    @Test
    void tokenAfterAnElementNamesTheElement() throws Exception {
        String text = SPACE.formatted("    walk 0xffff_ffff_8000_1234 }\n    walk 0xffff_ffff_8000_0000");
        int second = text.lastIndexOf("walk");
        assertEquals(List.of("ERROR " + SYNTAX + " 17:5 @" + second + "+4 unexpected 'walk' after the end of space 'k': "
                + "expected 'machine', 'layout', 'space', 'generate' or the end of the file"), check(text));
    }

    @Test
    void hexPrefixWithoutDigitsIsAnInvalidNumber() throws Exception {
        String text = PC.replace("ram 0x0 size", "ram 0x size");
        assertEquals(List.of(issue("pt.invalid_number", text, "0x size", "'0x' has no digits after its prefix")
                .replace("+7 ", "+2 ")), check(text));
    }

    @Test
    void binaryAndOctalPrefixesWithoutDigitsAreInvalidNumbers() throws Exception {
        String text = PC.replace("ram 0x0 size", "ram 0b size").replace("mmio 0xfec0_0000", "mmio 0o");
        assertEquals(List.of(
                issue("pt.invalid_number", text, "0b", "'0b' has no digits after its prefix"),
                issue("pt.invalid_number", text, "0o", "'0o' has no digits after its prefix")),
                check(text));
    }

    @Test
    void trailingUnderscoreIsAnInvalidNumber() throws Exception {
        String text = PC.replace("ram 0x0 size", "ram 1_ size");
        assertEquals(List.of(issue("pt.invalid_number", text, "1_", "'1_' ends with '_': '_' only separates digits")),
                check(text));
    }

    /**
     * A new user's file: a misspelt statement in one space, a misspelt strategy in another, and a mapping conflict
     * in a third. The conflict is reported with the two syntax errors, not after they are fixed.
     */
    @Test
    void syntaxErrorsInTwoSpacesDoNotHideTheThirdSpacesConflict() throws Exception {
        String text = HH + """
                space a uses hh {
                    tables via recursive self_map
                    wlak 0xffff_ffff_8000_0000
                }
                space b uses hh {
                    tables via recursiv self_map
                }
                """ + CONFLICT;
        assertEquals(List.of(
                issue(SYNTAX, text, "wlak", "unexpected 'wlak' in space 'a'; did you mean 'walk'?"),
                issue(SYNTAX, text, "recursiv ", "unexpected 'recursiv' in space 'b'; did you mean 'recursive'?")
                        .replace("+9 ", "+8 "),
                conflict(text)), check(text));
    }

    /**
     * A '}' that closes a space early leaves its statements outside any element: one error at the first of them, and
     * the spaces after it are still read and analysed (the parser used to stop there, losing the rest of the file).
     */
    @Test
    void braceClosingASpaceEarlyHidesNoLaterSpace() throws Exception {
        String text = HH + """
                space a uses hh {
                    tables via recursive self_map
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw }
                    map 0x41_0000 size 4 KiB to 0x81_0000 user rw
                }
                """ + CONFLICT;
        int stray = text.indexOf("map 0x41_0000");
        assertEquals(List.of(
                "ERROR " + SYNTAX + " 17:5 @" + stray + "+3 unexpected 'map' after the end of space 'a': expected "
                        + "'machine', 'layout', 'space', 'generate' or the end of the file",
                conflict(text)), check(text));
    }

    /** After an error in a space, its {@code report layout} is the report's aspect, not a layout beginning. */
    @Test
    void reportLayoutAfterAnErrorHidesNoLaterSpace() throws Exception {
        String text = HH + """
                space a uses hh {
                    tables via recursive self_map
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw
                    wlak 0x0
                    report layout
                }
                """ + CONFLICT;
        assertEquals(List.of(
                issue(SYNTAX, text, "0x0\n    report", "unexpected '0x0' in space 'a' after 'wlak'; did you mean "
                        + "'walk'?").replace("+14 ", "+3 "),
                conflict(text)), check(text));
    }

    /**
     * Words between elements are one error, and the element after them is read. The element before them is not
     * analysed (its '}' may have come early, and what it lost would be reported as missing).
     */
    @Test
    void wordsBetweenElementsAreOneErrorAndTheNextElementIsRead() throws Exception {
        String text = PC + """
                layout a for pc {
                    user 0x0 size 128 TiB
                }
                oops $ 42 }
                layout l for pc {
                    user 0x0 size 128 TiB
                    user2 0x0 size 4 KiB
                }
                """;
        int oops = text.indexOf("oops");
        assertEquals(List.of(
                "ERROR " + SYNTAX + " 10:1 @" + oops + "+4 unexpected 'oops' after the end of layout 'a': expected "
                        + "'machine', 'layout', 'space', 'generate' or the end of the file",
                issue("pt.region_overlap", text, "user2", "region 'user2' 0x0 ..= 0xfff (4 KiB) overlaps region 'user' "
                        + "0x0 ..= 0x7fff_ffff_ffff (128 TiB) on 0x0 ..= 0xfff (4 KiB)")), check(text));
    }

    /**
     * Words before the first element are one error and the file is still read (its names resolve): only the
     * analysis is left out, as for any syntax error before every element.
     */
    @Test
    void wordsBeforeTheFirstElementDoNotLoseTheFile() throws Exception {
        String text = "oops\n" + HH + "space k uses hh {\n    tables via recursive self_map\n}\n";
        assertEquals(List.of("ERROR " + SYNTAX + " 1:1 @0+4 unexpected 'oops': expected 'package', 'import', 'machine', "
                + "'layout', 'space', 'generate' or the end of the file"), check(text));
        assertEquals(3, parse(text).getElements().size());
    }
}
