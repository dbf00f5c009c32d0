package org.pt.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.cli.Ptc;

/**
 * Imports through {@code ptc check}: relative imports between the files checked, and the standard library read from
 * the language jar on the command's class path.
 */
class PtcImportsTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run ptc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Ptc.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void filesImportTheLibraryAndEachOther(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("layouts"));
        Files.writeString(dir.resolve("layouts/higher_half.ptl"), """
                import "std/pc-x86_64.ptl"

                layout higher_half for std.pc_x86_64 {
                    kernel 0xFFFF_FFFF_8000_0000 size 512 MiB
                }
                """);
        Files.writeString(dir.resolve("uses.ptl"), """
                import "layouts/higher_half.ptl"

                space boot uses higher_half {
                }
                """);

        Run run = ptc("check", dir.toString());

        assertEquals(new Run(0, "checked 2 files: 0 errors, 0 warnings\n", ""), run);
    }

    @Test
    void aMisspeltLibraryFileIsAnErrorWithTheClosestName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("main.ptl");
        Files.writeString(file, """
                import "std/pc-x86-64.ptl"

                layout higher_half for std.pc_x86_64 {
                }
                """);

        Run run = ptc("check", file.toString());

        assertEquals(new Run(1, file + ":1:8: error: cannot find 'std/pc-x86-64.ptl' in the standard library; "
                + "did you mean 'std/pc-x86_64.ptl'? [pt.missing_import]\n"
                + "checked 1 file: 1 error, 0 warnings\n", ""), run);
    }
}
