package org.pt.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.cli.Ptc;

/**
 * {@code ptc check} on input that must not crash, block or fill the memory (issue 12): lone-CR line ends, a FIFO and a
 * link to {@code /dev/zero} given or imported, a file beyond the 4 MiB limit. Each run that could block is bounded
 * (a FIFO read would wait for a writer forever), which is not a timing assertion: a pass takes a second or two.
 */
class InputFilesTest {

    private static final Duration NEVER_BLOCKS = Duration.ofSeconds(120);

    private record Run(int exit, String out, String err) {
    }

    private static Run ptc(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = assertTimeoutPreemptively(NEVER_BLOCKS, () -> Ptc.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String prefix = dir.toString() + "/";
        return new Run(exit, out.toString(StandardCharsets.UTF_8).replace(prefix, ""),
                err.toString(StandardCharsets.UTF_8).replace(prefix, ""));
    }

    private static Path fifo(Path file) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        return file;
    }

    /** Was: a StringIndexOutOfBoundsException's stack trace on stdout, and exit 2. */
    @Test
    void loneCrFileWithASyntaxErrorAtItsEndIsAFinding(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mac.ptl"), "// old Mac\rmachine pc {\r");

        assertEquals(new Run(1, "mac.ptl:2:13: error: the file ends inside machine 'pc': a '}' is missing "
                + "[org.eclipse.xtext.diagnostics.Diagnostic.Syntax]\nchecked 1 file: 1 error, 0 warnings\n", ""),
                ptc(dir, "check", dir.resolve("mac.ptl").toString()));
    }

    @Test
    void theThreeLineEndsGiveTheSameFindings(@TempDir Path dir) throws Exception {
        String spec = "machine pc {\n    format x86_64\n    ram 0x0 size 1 GiB\n    wlak\n}\n";
        Files.writeString(dir.resolve("cr.ptl"), spec.replace("\n", "\r"));
        Files.writeString(dir.resolve("crlf.ptl"), spec.replace("\n", "\r\n"));
        Files.writeString(dir.resolve("lf.ptl"), spec);
        String error = ":4:5: error: unexpected 'wlak' in machine 'pc': expected an operator, a quoted string, 'format', "
                + "'physical', 'va', 'features', 'cpus', 'ram', 'reserved', 'mmio', 'tables', 'budget', 'pat' or '}' "
                + "[org.eclipse.xtext.diagnostics.Diagnostic.Syntax]\n";

        assertEquals(new Run(1, "cr.ptl" + error + "crlf.ptl" + error + "lf.ptl" + error
                + "checked 3 files: 3 errors, 0 warnings\n", ""), ptc(dir, "check", dir.toString()));
    }

    @Test
    void aFifoOrALinkToADeviceOnTheCommandLineIsBadUsage(@TempDir Path dir) throws Exception {
        fifo(dir.resolve("pipe.ptl"));
        Files.createSymbolicLink(dir.resolve("zero.ptl"), Path.of("/dev/zero"));

        assertEquals(new Run(2, "", "ptc: pipe.ptl is neither a file nor a folder\n"),
                ptc(dir, "check", dir.resolve("pipe.ptl").toString()));
        assertEquals(new Run(2, "", "ptc: zero.ptl is neither a file nor a folder\n"),
                ptc(dir, "check", dir.resolve("zero.ptl").toString()));
    }

    /** Was: the import of a FIFO blocked forever; of a link to /dev/zero read 4.2 GB before "cannot read". */
    @Test
    void importsOfAFifoALinkToADeviceOrALargeFileAreErrorsAtTheirPaths(@TempDir Path dir) throws Exception {
        fifo(dir.resolve("pipe.ptl"));
        Files.createSymbolicLink(dir.resolve("zero.ptl"), Path.of("/dev/zero"));
        sparse(dir.resolve("lib/huge.ptl"), 20L << 20);
        Files.writeString(dir.resolve("main.ptl"), """
                import "pipe.ptl"
                import "zero.ptl"
                import "lib/huge.ptl"
                """);

        assertEquals(new Run(1, """
                main.ptl:1:8: error: cannot read 'pipe.ptl' (at pipe.ptl): not a regular file [pt.missing_import]
                main.ptl:2:8: error: cannot read 'zero.ptl' (at zero.ptl): not a regular file [pt.missing_import]
                main.ptl:3:8: error: cannot read 'lib/huge.ptl' (at lib/huge.ptl): 20971520 bytes, more than the \
                4194304 (4 MiB) PT reads [pt.missing_import]
                checked 1 file: 3 errors, 0 warnings
                """, ""), ptc(dir, "check", dir.resolve("main.ptl").toString()));
    }

    /**
     * A file beyond the limit is one finding and is never read: it is 20 MiB of NUL bytes, each of which would be a
     * syntax error if it were parsed. The other file is checked as usual.
     */
    @Test
    void aFileBeyondTheLimitIsOneFindingAndTheOthersAreChecked(@TempDir Path dir) throws Exception {
        sparse(dir.resolve("huge.ptl"), 20L << 20);
        Files.writeString(dir.resolve("small.ptl"), "machine pc {\n    ram 0x0 size 1 GiB\n}\n");

        assertEquals(new Run(1, """
                huge.ptl:1:1: error: the file is too large: 20971520 bytes, more than the 4194304 (4 MiB) PT reads; \
                it is not checked [pt.file_too_large]
                small.ptl:1:9: error: machine 'pc' has no format: write one of x86-32, x86-pae, x86_64, x86_64-la57, \
                aarch64-4k, aarch64-16k, aarch64-64k, armv7, sv32, sv39, sv48, sv57 [pt.format_missing]
                checked 2 files: 2 errors, 0 warnings
                """, ""), ptc(dir, "check", dir.toString()));
    }

    /** A file of {@code size} zero bytes that takes no room on disk. */
    private static void sparse(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
