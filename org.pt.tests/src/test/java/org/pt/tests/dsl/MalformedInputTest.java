package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.tests.PtInjectorProvider;

/**
 * Malformed files get positioned diagnostics and never an exception: truncated files, stray characters, numbers beyond
 * 64 bits, overflowing sizes, invalid UTF-8, empty files. What is said about a line the parser could not read is left
 * out (a truncated {@code map kernel to} has no source, of course); the rest of the file is still checked.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class MalformedInputTest extends SpecTestSupport {

    /** As an editor sends it while 'features' is being typed: the parser leaves a missing name (was: an exception). */
    @Test
    void featuresWithNoWordYetIsASyntaxErrorOnly() throws Exception {
        assertEquals(List.of("ERROR " + SYNTAX + " 4:1 @43+1 unexpected '}' in machine 'm': expected a name"),
                check("machine m {\n    format x86_64\n    features\n}\n"));
    }

    /** Found by SpecFuzzTest: a decode cut short after 'at' left neither register nor level (was: an internal error). */
    @Test
    void decodeWithNoLevelIsASyntaxErrorOnly() throws Exception {
        String text = HH + "space s uses hh {\n    decode 0x83 at }\n";
        assertEquals(List.of("ERROR " + SYNTAX + " 15:20 @" + text.indexOf('}', text.indexOf("decode")) + "+1 unexpected "
                + "'}' in space 's': expected a name"), check(text));
    }

    @Test
    void emptyFileGetsANoteAtItsStart() throws Exception {
        assertEquals(List.of("INFO pt.empty_file 1:1 @0+0 empty file: no machine, layout, space or output"), check(""));
    }

    @Test
    void fileOfCommentsOnlyIsEmpty() throws Exception {
        assertEquals(List.of("INFO pt.empty_file 1:1 @0+0 empty file: no machine, layout, space or output"),
                check("// nothing yet\n/* still nothing */\n"));
    }

    @Test
    void truncatedFileReportsTheTruncationAndChecksTheRest() throws Exception {
        String text = PC + """
                layout l for pc {
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                    bad 0x1000 size 4 GIB
                }
                space s uses l {
                    map kernel to""";
        int unit = text.indexOf("GIB");
        assertEquals(List.of(
                "ERROR pt.unknown_unit 9:23 @" + unit + "+3 unknown unit 'GIB'; did you mean 'GiB'? (units: B, KiB, MiB, "
                        + "GiB, TiB, PiB, EiB)",
                "ERROR " + SYNTAX + " 12:16 @" + text.indexOf("to", text.indexOf("map kernel")) + "+2 the file ends inside space 's': "
                        + "expected a number"),
                check(text));
    }

    @Test
    void strayCharactersAreReportedWhereTheyStand() throws Exception {
        String text = PC + "$$ %\n";
        assertEquals(List.of("ERROR " + SYNTAX + " 7:1 @" + text.indexOf('$') + "+1 unexpected '$' after the end of machine 'pc': "
                + "expected 'machine', 'layout', 'space', 'generate' or the end of the file"), check(text));
    }

    @Test
    void seventeenDigitHexIsAnErrorAtTheLiteral() throws Exception {
        String text = PC.replace("ram 0x0 size 1 GiB", "ram 0x1_0000_0000_0000_0000 size 1 GiB");
        int at = text.indexOf("0x1_0000");
        assertEquals(List.of("ERROR pt.number_overflow 3:9 @" + at + "+23 '0x1_0000_0000_0000_0000' does not fit in 64 "
                + "bits (the largest number is 0xffff_ffff_ffff_ffff)"), check(text));
    }

    @Test
    void overflowingSizeIsAnErrorAtTheSize() throws Exception {
        String text = PC.replace("size 1 GiB", "size 16 EiB * 2");
        int at = text.indexOf("16 EiB");
        assertEquals(List.of("ERROR pt.number_overflow 3:18 @" + at + "+10 16 EiB leaves 64 bits"), check(text));
    }

    @Test
    void invalidUtf8IsReadAsAReplacementCharacterAndReported() throws Exception {
        byte[] latin1 = "machine pc {\n    format x86_64 \u00e9\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("ERROR " + SYNTAX + " 2:19 @31+1 unexpected '\ufffd' in machine 'pc': expected '-', "
                + "'format', 'physical', 'va', 'features', 'cpus', 'ram', 'reserved', 'mmio', 'tables', 'budget', 'pat' or '}'"), check(latin1));
    }

    @Test
    void controlCharactersAndBinaryGarbageNeverThrow() throws Exception {
        byte[] garbage = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '{', '}', 'm', 'a', 'p', 0x7f};
        List<String> issues = check(garbage);
        assertEquals("ERROR " + SYNTAX + " 1:1 @0+1 unexpected '\u0000': expected 'package', 'import', "
                + "'machine', 'layout', 'space', 'generate' or the end of the file", issues.get(0));
    }
}
