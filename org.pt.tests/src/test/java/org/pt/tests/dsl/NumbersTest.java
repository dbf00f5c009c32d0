package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/**
 * Unsigned 64-bit numbers: literals beyond 64 bits, sizes and address arithmetic that leave 64 bits or go below zero,
 * and ranges that are empty, backwards, wrapping or everything; each at its token.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class NumbersTest extends SpecTestSupport {

    private static String machine(String line) {
        return """
                machine m {
                    format x86_64
                    tables from 0x100_0000 size 4 MiB
                """ + "    " + line + "\n}\n";
    }

    @Test
    void sizeLeavingSixtyFourBitsIsReportedOnTheSize() throws Exception {
        String text = machine("ram 0x0 size 16 EiB");
        assertIssues(parse(text), error(PtPackage.Literals.SIZE, IssueCodes.NUMBER_OVERFLOW, at(text, "16 EiB"),
                "16 EiB leaves 64 bits"));
    }

    @Test
    void factorLeavingSixtyFourBitsIsReportedOnTheWholeSize() throws Exception {
        String text = machine("ram 0x0 size 4 EiB * 4");
        assertIssues(parse(text), error(PtPackage.Literals.SIZE, IssueCodes.NUMBER_OVERFLOW, at(text, "4 EiB * 4"),
                "4 EiB * 4 leaves 64 bits"));
    }

    @Test
    void additionLeavingSixtyFourBitsIsReportedOnTheOffset() throws Exception {
        String text = machine("ram 0xffff_ffff_ffff_f000 + 8 KiB size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.OFFSET, IssueCodes.NUMBER_OVERFLOW, at(text, "+ 8 KiB"),
                "0xffff_ffff_ffff_f000 + 8 KiB leaves 64 bits"));
    }

    @Test
    void subtractionBelowZeroIsReportedOnTheOffset() throws Exception {
        String text = machine("ram 0x1000 + 4 KiB - 4 KiB * 3 size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.OFFSET, IssueCodes.NUMBER_OVERFLOW, at(text, "- 4 KiB * 3"),
                "0x2000 - 4 KiB * 3 goes below zero"));
    }

    @Test
    void literalBeyondSixtyFourBitsIsAnErrorAtTheLiteral() throws Exception {
        String text = machine("ram 0x1_0000_0000_0000_0000 size 4 KiB");
        Model model = parse(text);
        List<Issue> issues = validation.validate(model);
        assertEquals(1, issues.size(), () -> describe(model, issues));
        assertIssue(issues.get(0), Severity.ERROR, IssueCodes.NUMBER_OVERFLOW, at(text, "0x1_0000_0000_0000_0000"),
                "'0x1_0000_0000_0000_0000' does not fit in 64 bits (the largest number is 0xffff_ffff_ffff_ffff)");
    }

    @Test
    void decimalBeyondSixtyFourBitsIsAnErrorAtTheLiteral() throws Exception {
        String text = machine("ram 18446744073709551616 size 4 KiB");
        Model model = parse(text);
        List<Issue> issues = validation.validate(model);
        assertEquals(1, issues.size(), () -> describe(model, issues));
        assertIssue(issues.get(0), Severity.ERROR, IssueCodes.NUMBER_OVERFLOW, at(text, "18446744073709551616"),
                "'18446744073709551616' does not fit in 64 bits (the largest number is 0xffff_ffff_ffff_ffff)");
    }

    @Test
    void prefixWithoutDigitsIsAnErrorAtTheLiteral() throws Exception {
        String text = machine("ram 0x_ size 4 KiB");
        Model model = parse(text);
        List<Issue> issues = validation.validate(model);
        assertEquals(1, issues.size(), () -> describe(model, issues));
        assertIssue(issues.get(0), Severity.ERROR, IssueCodes.INVALID_NUMBER, at(text, "0x_"),
                "'0x_' has no digits after its prefix");
    }

    @Test
    void backwardsRangeIsReportedOnItsEnd() throws Exception {
        String text = machine("ram 0x2000 ..= 0x1000");
        assertIssues(parse(text), error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text, "0x1000"),
                "backwards range 0x2000 ..= 0x1000"));
    }

    @Test
    void rangeOfEveryAddressIsRefused() throws Exception {
        String text = machine("ram 0x0 ..= 0xffff_ffff_ffff_ffff");
        assertIssues(parse(text), error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text,
                "0xffff_ffff_ffff_ffff"), "a range cannot cover all 2^64 addresses"));
    }

    @Test
    void emptyRangeIsReportedOnItsSize() throws Exception {
        String text = machine("ram 0x1000 size 0 B");
        assertIssues(parse(text), error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text, "0 B"),
                "empty range at 0x1000"));
    }

    @Test
    void wrappingRangeIsReportedOnItsSize() throws Exception {
        String text = machine("ram 0xffff_ffff_ffff_f000 size 8 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.RANGE, IssueCodes.INVALID_RANGE, at(text, "8 KiB"),
                "range 0xffff_ffff_ffff_f000 size 8 KiB wraps past 2^64"));
    }

    @Test
    void rangeEndingAtTheTopIsFine() throws Exception {
        String text = """
                machine m {
                    format x86_64
                    ram 0x0 size 1 GiB
                    tables from 0x100_0000 size 4 MiB
                }
                layout l for m {
                    top kernel 0xffff_ffff_ffff_f000 ..= 0xffff_ffff_ffff_ffff
                    top2 kernel 0xffff_ffff_ffe0_0000 + 1 MiB size 4 KiB * 4
                }
                """;
        assertIssues(parse(text));
    }

    @Test
    void wrappingMappingIsReportedOnItsSize() throws Exception {
        String text = HH + """
                space s uses hh {
                    map 0xffff_ffff_ffff_f000 size 8 KiB to 0x10_0000 r
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.MAP_STATEMENT, IssueCodes.INVALID_RANGE,
                at(text, "0xffff_ffff_ffff_f000 size ", "8 KiB"), "range 0xffff_ffff_ffff_f000 size 8 KiB wraps past 2^64"));
    }

    /** A diagnostic of the parser (no object type to match): severity, code, range and message. */
    static void assertIssue(Issue issue, Severity severity, String code, int[] span, String message) {
        assertEquals(List.of(severity, code, span[0], span[1], message),
                List.of(issue.getSeverity(), issue.getCode(), issue.getOffset(), issue.getLength(), issue.getMessage()));
    }
}
