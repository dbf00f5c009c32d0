package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.model.Numbers;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.Unsigned;

/**
 * Unsigned 64-bit numbers: literals beyond 64 bits; address arithmetic ({@code + - * / << >>}, parentheses, units)
 * with C's precedence, and every operation that leaves 64 bits, goes below zero, divides by zero or shifts too far;
 * sizes without a unit; ranges that are empty, backwards, wrapping or everything; each at its token.
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

    /** The value of {@code expression} written as a RAM range's start. */
    private long value(String expression) throws Exception {
        Model model = parse(machine("ram " + expression + " size 4 KiB"));
        Memory ram = EcoreUtil2.getAllContentsOfType(model, Memory.class).get(0);
        return Numbers.valueOf(ram.getRange().getStart()).orElseThrow();
    }

    /** Each operator, C's precedence and associativity, parentheses and units, as headers write addresses. */
    @Test
    void expressionsEvaluateInUnsigned64BitsWithCPrecedence() throws Exception {
        assertEquals(List.of(
                "0xffff_8800_0000_0000", "0x7fff_ffff_f000", "0x20_0000", "0xffff_ec00_0000_0000",
                "0x1_0000", "0x1_1000", "0x3", "0x1", "0x1a", "0x59", "0x2", "0x200_0000_0000_0000"),
                List.of(
                        Unsigned.hex(value("0xffff_8000_0000_0000 + (64 TiB >> 3)")),
                        Unsigned.hex(value("(1 << 47) - 4 KiB")),
                        Unsigned.hex(value("4 KiB * 512")),
                        Unsigned.hex(value("0xdfff_fc00_0000_0000 + (0xffff_8000_0000_0000 >> 3)")),
                        Unsigned.hex(value("1 << 12 + 4")), // '+' before '<<'
                        Unsigned.hex(value("(1 << 12) + 4 KiB * 16")), // '*' before '+'; parentheses
                        Unsigned.hex(value("10 / 3")), // truncates
                        Unsigned.hex(value("0xffff_ffff_ffff_ffff >> 63")), // logical
                        Unsigned.hex(value("2 * 3 + 4 * 5")),
                        Unsigned.hex(value("100 - 10 - 1")), // left-associative
                        Unsigned.hex(value("64 / 4 / 8")),
                        Unsigned.hex(value("8 EiB >> 2 >> 4"))));
    }

    @Test
    void literalLeavingSixtyFourBitsIsReportedOnTheLiteral() throws Exception {
        String text = machine("ram 0x0 size 16 EiB");
        assertIssues(parse(text), error(PtPackage.Literals.LITERAL, IssueCodes.NUMBER_OVERFLOW, at(text, "16 EiB"),
                "16 EiB leaves 64 bits"));
    }

    @Test
    void productLeavingSixtyFourBitsIsReportedOnTheProduct() throws Exception {
        String text = machine("ram 0x0 size 4 EiB * 4");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW, at(text, "4 EiB * 4"),
                "4 EiB * 4 leaves 64 bits"));
    }

    @Test
    void additionLeavingSixtyFourBitsIsReportedOnTheSum() throws Exception {
        String text = machine("ram 0xffff_ffff_ffff_f000 + 8 KiB size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW,
                at(text, "0xffff_ffff_ffff_f000 + 8 KiB"), "0xffff_ffff_ffff_f000 + 8 KiB leaves 64 bits"));
    }

    /** An operand that is itself an operation is shown with its value. */
    @Test
    void subtractionBelowZeroShowsTheValuesOfItsOperands() throws Exception {
        String text = machine("ram 0x1000 + 4 KiB - 4 KiB * 3 size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW,
                at(text, "0x1000 + 4 KiB - 4 KiB * 3"),
                "0x1000 + 4 KiB - 4 KiB * 3 goes below zero (0x2000 - 0x3000)"));
    }

    /** The error is on the operation that failed, inside the parentheses; the whole has no value. */
    @Test
    void failingOperandInParenthesesIsReportedOnItself() throws Exception {
        String text = machine("ram 0x1000 + (0 - 1) size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW, at(text, "0 - 1"),
                "0 - 1 goes below zero"));
    }

    @Test
    void divisionByZeroIsReportedOnTheDivision() throws Exception {
        String text = machine("ram 0x0 size 4 KiB / (2 - 2)");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW,
                at(text, "4 KiB / (2 - 2)"), "4 KiB / (2 - 2) divides by zero (0x1000 / 0x0)"));
    }

    @Test
    void shiftBySixtyFourIsReportedOnTheShift() throws Exception {
        String text = machine("ram 1 << 64 size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW, at(text, "1 << 64"),
                "1 << 64 shifts by 64 bits or more"));
    }

    @Test
    void rightShiftBySixtyFourIsReportedOnTheShift() throws Exception {
        String text = machine("ram 0x8000 >> (32 * 2) size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW,
                at(text, "0x8000 >> (32 * 2)"), "0x8000 >> (32 * 2) shifts by 64 bits or more (0x8000 >> 0x40)"));
    }

    @Test
    void leftShiftLosingBitsIsReportedOnTheShift() throws Exception {
        String text = machine("ram 3 << 63 size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW, at(text, "3 << 63"),
                "3 << 63 leaves 64 bits"));
    }

    @Test
    void productOfTwoAddressesLeavingSixtyFourBitsIsReported() throws Exception {
        String text = machine("ram 0x1_0000_0000 * 0x1_0000_0000 size 4 KiB");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.NUMBER_OVERFLOW,
                at(text, "0x1_0000_0000 * 0x1_0000_0000"), "0x1_0000_0000 * 0x1_0000_0000 leaves 64 bits"));
    }

    /** A size needs a unit; the message proposes the size in the largest unit that divides it. */
    @Test
    void sizeWithoutAUnitIsReportedWithTheSizeInUnits() throws Exception {
        String text = machine("ram 0x0 size 4096");
        assertIssues(parse(text), error(PtPackage.Literals.LITERAL, IssueCodes.UNIT_MISSING, at(text, "4096"),
                "size 4096 has no unit; did you mean 4 KiB? (units: B, KiB, MiB, GiB, TiB, PiB, EiB)"));
    }

    @Test
    void sizeExpressionWithoutAUnitIsReportedWhole() throws Exception {
        String text = machine("ram 0x0 size 1 << 21");
        assertIssues(parse(text), error(PtPackage.Literals.BINARY, IssueCodes.UNIT_MISSING, at(text, "1 << 21"),
                "size 1 << 21 has no unit; did you mean 2 MiB? (units: B, KiB, MiB, GiB, TiB, PiB, EiB)"));
    }

    /** One unit anywhere makes an expression a size; an address needs none. */
    @Test
    void aUnitAnywhereMakesASize() throws Exception {
        String text = machine("ram 1 << 20 size 1 B << 30");
        assertIssues(parse(text));
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
