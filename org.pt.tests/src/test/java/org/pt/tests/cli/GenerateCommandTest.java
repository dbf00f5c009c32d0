package org.pt.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptc generate}: the check's report, then one line per file written, under {@code --out} or the spec's folder;
 * nothing at all written when a file has an error, an output is refused or two outputs write one file; unchanged files
 * left alone; no temporary file left behind; the same bytes on every run; {@code ptc check} writes nothing.
 */
class GenerateCommandTest {

    /** Tables at 0x200_0000: PML4, PDPT, PD, the kernel mapped with one 2 MiB page; two images of them. */
    private static final String KERNEL = """
            machine pc {
                format x86_64
                ram  0x0 size 1 GiB
                tables from 0x0200_0000 size 4 MiB
            }

            layout flat for pc {
                kernel 0xffff_ffff_8000_0000 size 512 MiB
            }

            space kernel uses flat {
                map kernel to 0x0100_0000 size 2 MiB rw
                walk 0xffff_ffff_8000_1000 expect 0x0100_1000
            }

            generate binary for kernel into "boot/tables.bin"
            generate binary for kernel at physical 0x0300_0000
            """;

    @TempDir
    Path dir;

    private Path spec(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** Every file and folder under {@code root}, relative, sorted; empty when {@code root} does not exist. */
    private static List<String> listing(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    void writesTheFilesUnderOutAndPrintsThem() throws IOException {
        Path spec = spec("kernel.ptl", KERNEL);
        Path out = dir.resolve("out");
        Transcript check = Transcript.of("check", spec.toString());
        Transcript run = Transcript.of("generate", "--out", out.toString(), spec.toString());

        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        assertEquals(check.out()
                + "wrote " + out + "/boot/tables.bin (12 KiB)\n"
                + "wrote " + out + "/boot/tables.json (3 KiB)\n"
                + "wrote " + out + "/kernel.bin (12 KiB)\n"
                + "wrote " + out + "/kernel.json (3 KiB)\n"
                + "generated 2 outputs, 4 files: 4 written, 0 unchanged\n", run.out());
        // no temporary file left
        assertEquals(List.of("boot", "boot/tables.bin", "boot/tables.json", "kernel.bin", "kernel.json"), listing(out));

        // The root table's entry 511 is what the walk read, at the simulated addresses and moved by 0x100_0000.
        long pml4e = walkedEntry(check.out(), "PML4");
        assertEquals(pml4e, entry(out.resolve("boot/tables.bin"), 511));
        assertEquals(pml4e + 0x100_0000L, entry(out.resolve("kernel.bin"), 511));
        assertEquals(List.of("kernel.ptl"), listing(dir).stream().filter(f -> !f.startsWith("out")).toList());
    }

    @Test
    void withoutOutTheFilesGoNextToTheSpec() throws IOException {
        Path spec = spec("specs/kernel.ptl", KERNEL);
        Transcript run = Transcript.of("generate", spec.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().endsWith("wrote " + dir + "/specs/boot/tables.bin (12 KiB)\n"
                + "wrote " + dir + "/specs/boot/tables.json (3 KiB)\n"
                + "wrote " + dir + "/specs/kernel.bin (12 KiB)\n"
                + "wrote " + dir + "/specs/kernel.json (3 KiB)\n"
                + "generated 2 outputs, 4 files: 4 written, 0 unchanged\n"), run.out());
        assertEquals(List.of("specs", "specs/boot", "specs/boot/tables.bin", "specs/boot/tables.json", "specs/kernel.bin",
                "specs/kernel.json", "specs/kernel.ptl"), listing(dir));
    }

    @Test
    void aSecondRunLeavesUnchangedFilesAsTheyWere() throws IOException {
        Path spec = spec("kernel.ptl", KERNEL);
        Path out = dir.resolve("out");
        assertEquals(0, Transcript.of("generate", "--out", out.toString(), spec.toString()).status());
        FileTime past = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
        Files.setLastModifiedTime(out.resolve("boot/tables.bin"), past);
        Files.setLastModifiedTime(out.resolve("kernel.bin"), past);
        byte[] moved = Files.readAllBytes(out.resolve("kernel.bin"));
        Files.write(out.resolve("kernel.bin"), new byte[] {1, 2, 3}); // changed behind ptc's back: written again

        Transcript again = Transcript.of("generate", "--out", out.toString(), spec.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().endsWith("unchanged " + out + "/boot/tables.bin\n"
                + "unchanged " + out + "/boot/tables.json\n"
                + "wrote " + out + "/kernel.bin (12 KiB)\n"
                + "unchanged " + out + "/kernel.json\n"
                + "generated 2 outputs, 4 files: 1 written, 3 unchanged\n"), again.out());
        assertEquals(past, Files.getLastModifiedTime(out.resolve("boot/tables.bin")));
        assertArrayEquals(moved, Files.readAllBytes(out.resolve("kernel.bin")));
        assertEquals(List.of("boot", "boot/tables.bin", "boot/tables.json", "kernel.bin", "kernel.json"), listing(out));
    }

    @Test
    void theOutputIsTheSameOnEveryRun() throws IOException {
        Path spec = spec("kernel.ptl", KERNEL);
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Transcript first = Transcript.of("generate", "--out", one.toString(), spec.toString());
        Transcript second = Transcript.of("generate", "--out", two.toString(), spec.toString());
        assertEquals(first.out().replace(one.toString(), "OUT"), second.out().replace(two.toString(), "OUT"));
        assertEquals(listing(one), listing(two));
        for (String f : List.of("boot/tables.bin", "boot/tables.json", "kernel.bin", "kernel.json")) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f);
        }
    }

    @Test
    void aSpecWithAnErrorWritesNothing() throws IOException {
        Path spec = spec("kernel.ptl", KERNEL + "generate binary for nobody\n");
        Path out = dir.resolve("out");
        Transcript check = Transcript.of("check", spec.toString());
        Transcript run = Transcript.of("generate", "--out", out.toString(), spec.toString());
        assertEquals(1, run.status());
        assertEquals(check.out(), run.out());
        assertTrue(run.out().contains(spec + ":18:21: error: "), run.out());
        assertEquals("", run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anIntoPathClimbingOutIsShownAndNothingIsWritten() throws IOException {
        Path spec = spec("specs/kernel.ptl", KERNEL.replace("\"boot/tables.bin\"", "\"../x.bin\""));
        Path out = dir.resolve("specs/out");
        Transcript run = Transcript.of("generate", "--out", out.toString(), spec.toString());
        assertEquals(1, run.status());
        assertTrue(run.out().contains(spec + ":16:33: error: output file \"../x.bin\" climbs out of the output "
                + "directory with '..' [pt.output_path]\n"), run.out());
        assertTrue(run.out().endsWith("checked 1 file: 1 error, 0 warnings, 4 notes\n"), run.out());
        assertEquals(List.of("specs", "specs/kernel.ptl"), listing(dir));
    }

    @Test
    void twoOutputsWritingOneFileAreAnErrorAndNothingIsWritten() throws IOException {
        Path a = spec("a.ptl", "package a\n" + KERNEL);
        Path b = spec("b.ptl", "package b\n" + KERNEL.replace("\"boot/tables.bin\"", "\"other.bin\""));
        Path out = dir.resolve("out");
        Transcript run = Transcript.of("generate", "--out", out.toString(), a.toString(), b.toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.out().contains(b + ":18:10: error: output file \"" + out + "/kernel.bin\" is already written by "
                + "the output at " + a + ":18:10 [pt.output_path]\n"), run.out());
        assertTrue(run.out().endsWith("checked 2 files: 1 error, 0 warnings, 8 notes\n"), run.out());
        assertEquals(List.of("a.ptl", "b.ptl"), listing(dir));
    }

    @Test
    void twoOutputsOfOneFileWritingOneFileAreAnError() throws IOException {
        Path spec = spec("kernel.ptl", KERNEL + "generate binary for kernel into \"kernel.bin\"\n");
        Transcript run = Transcript.of("generate", spec.toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.out().contains(spec + ":18:33: error: output file \"" + dir + "/kernel.bin\" is already "
                + "written by the output at " + spec + ":17:10 [pt.output_path]\n"), run.out());
        assertEquals(List.of("kernel.ptl"), listing(dir));
    }

    /** The refusal of an emitter, as examples/broken/output_refused.ptl announces it; its other output is not written either. */
    @Test
    void aRefusedOutputIsAPositionedErrorAndNothingIsWritten() throws IOException {
        Path example = BrokenExamplesTest.BROKEN.resolve("output_refused.ptl");
        String expected = BrokenExamplesTest.expectations(example).get(0);
        Transcript run = Transcript.of("generate", "--out", dir.toString(), example.toString());
        assertEquals(1, run.status(), run.err());
        List<String> refusals = run.findings().stream().filter(p -> p.code().equals("pt.output_refused"))
                .map(BrokenExamplesTest::expectation).toList();
        assertEquals(List.of(expected), refusals);
        assertTrue(run.out().endsWith("checked 1 file: 1 error, 0 warnings, 3 notes\n"), run.out());
        assertEquals(List.of(), listing(dir));
        assertEquals(0, Transcript.of("check", example.toString()).status(), "only generate can see the refusal");
        assertEquals(1, Transcript.of("generate", example.toString()).status());
        assertFalse(Files.exists(example.resolveSibling("tables.bin")));
    }

    @Test
    void checkNeverWrites() throws IOException {
        Path spec = spec("kernel.ptl", KERNEL);
        Transcript run = Transcript.of("check", spec.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("kernel.ptl"), listing(dir));
    }

    @Test
    void usageProblemsAreStatusTwo() {
        Transcript noPath = Transcript.of("generate", "--out", dir.toString());
        assertEquals(2, noPath.status());
        assertTrue(noPath.err().startsWith("ptc: generate needs at least one file or folder\n"), noPath.err());
        Transcript noDir = Transcript.of("generate", "x.ptl", "--out");
        assertEquals(2, noDir.status());
        assertTrue(noDir.err().startsWith("ptc: --out needs a folder\n"), noDir.err());
        Transcript twice = Transcript.of("generate", "--out=a", "--out", "b", "x.ptl");
        assertEquals(2, twice.status());
        assertTrue(twice.err().startsWith("ptc: --out given twice\n"), twice.err());
    }

    private static final Pattern WALKED = Pattern.compile("(PML4|PDPT|PD|PT)\\[\\d+\\]=0x([0-9a-f]+)");

    /** The value the walk printed for the entry it read in table {@code level}. */
    private static long walkedEntry(String printed, String level) {
        Matcher m = WALKED.matcher(printed);
        while (m.find()) {
            if (m.group(1).equals(level)) {
                return Long.parseUnsignedLong(m.group(2), 16);
            }
        }
        throw new AssertionError("no " + level + " entry in:\n" + printed);
    }

    /** Entry {@code index} of the first table of a binary image (little-endian, 8 bytes). */
    private static long entry(Path image, int index) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN).getLong(index * 8);
    }
}
