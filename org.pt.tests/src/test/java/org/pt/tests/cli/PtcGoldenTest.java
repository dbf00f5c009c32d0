package org.pt.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ptc} run in-process on the fixtures under {@code src/test/resources/cli/}; each case's exit
 * status, standard output and standard error must equal {@code src/test/resources/cli/NAME.expected}.
 *
 * <p>Paths are given relative to this module's folder (Surefire's working directory), so they appear
 * in the output exactly as a user would type them. The case {@code examples} checks the shipped
 * {@code examples/*.ptl} and writes their outputs, as the README's first command does: its golden file is what that
 * command prints. After an intended change of output, rewrite the
 * golden files with {@code ./build.sh test -Dtest=PtcGoldenTest -Dpt.golden.update=true} and review the diff.
 */
class PtcGoldenTest {

    private static final Path FIXTURES = Path.of("src/test/resources/cli");
    private static final String F = "src/test/resources/cli/";
    /** The shipped examples, seen from this module's folder. */
    private static final String E = "../examples/";
    /** Fixtures that cannot be text files in the repository are written here. */
    private static final Path GENERATED = Path.of("target/cli-fixtures");
    private static final boolean UPDATE = Boolean.getBoolean("pt.golden.update");
    /** Where the case {@code examples} writes the examples' outputs, as the README's {@code --out build}. */
    private static final String README_OUT = "target/readme-build";

    @BeforeAll
    static void writeGeneratedFixtures() throws IOException {
        Files.createDirectories(GENERATED);
        // Line 2, column 15: a Latin-1 'é' (0xE9), which UTF-8 would spell as two bytes.
        byte[] latin1 = "machine pc {\n    format x86\u00e9\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(GENERATED.resolve("latin1.ptl"), latin1);
        // A UTF-8 byte order mark is accepted and not counted in columns.
        byte[] bom = "\uFEFFlayout l for nowhere {\n}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(GENERATED.resolve("bom.ptl"), bom);
        deleteTree(Path.of(README_OUT));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                golden("valid", "check", F + "valid"),
                golden("cross-file", "check", F + "cross-file"),
                golden("unknown-machine", "check", F + "unknown-machine"),
                golden("unknown-machine-json", "check", "--format", "json", F + "unknown-machine"),
                golden("valid-json", "check", "--format=json", F + "valid/hello.ptl"),
                golden("json-escaping", "check", F + "json-escaping", "--format", "json"),
                golden("syntax-error", "check", F + "syntax-error"),
                // a syntax error in two spaces hides neither the third space's findings nor the fourth's number error
                golden("syntax-isolation", "check", F + "syntax-isolation"),
                golden("malformed", "check", F + "malformed"),
                golden("duplicate-names", "check", F + "duplicates/main.ptl"),
                golden("empty-file", "check", F + "empty/empty.ptl"),
                golden("invalid-utf8", "check", "target/cli-fixtures/latin1.ptl"),
                golden("byte-order-mark", "check", "target/cli-fixtures/bom.ptl"),
                golden("same-file-twice", "check", F + "valid", F + "valid/hello.ptl"),
                golden("missing-path", "check", F + "no-such-folder", F + "valid"),
                golden("no-ptl-files", "check", F + "no-ptl"),
                golden("not-a-ptl-file", "check", F + "no-ptl/notes.txt"),
                golden("no-arguments"),
                golden("check-without-paths", "check"),
                golden("unknown-command", "build", F + "valid"),
                golden("unknown-format", "check", "--format", "xml", F + "valid"),
                golden("unknown-option", "check", "--strict", F + "valid"),
                golden("help", "--help"),
                golden("lsp-unknown-option", "lsp", "--tcp"),
                golden("lsp-bad-port", "lsp", "--socket", "65536"),
                // report events: a 1 GiB page split down to 4 KiB, a table freed, compact merging back
                golden("events", "check", F + "events"),
                // a process that names no strategy reaches its tables as its kernel does (the one it shares with)
                golden("inherited-strategy", "check", F + "inherited-strategy"),
                // the README's first command: every example checks without errors, every walk expectation holds, and
                // every generate directive writes its files (into a folder emptied first, so each is "wrote")
                golden("examples", "generate", "--out", README_OUT, E + "i386.ptl", E + "linux-arm64-4k-48.ptl", E + "linux-armv7-lowmem.ptl",
                        E + "linux-riscv-sv39.ptl",
                        E + "linux-x86_64-4level.ptl", E + "linux-x86_64-5level.ptl", E + "rust-os.ptl",
                        E + "windows-x64.ptl"));
    }

    private static Arguments golden(String name, String... args) {
        return Arguments.of(name, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputMatchesGoldenFile(String name, String[] args) throws IOException {
        String actual = transcript(args);
        Path expected = FIXTURES.resolve(name + ".expected");
        if (UPDATE) {
            Files.writeString(expected, actual);
        }
        assertTrue(Files.exists(expected), () -> "no golden file " + expected + "; actual:\n" + actual);
        assertEquals(Files.readString(expected), actual, name);
    }

    @Test
    void versionIsTheBuildVersion() {
        Transcript run = Transcript.of("--version");
        assertEquals(0, run.status());
        assertTrue(run.out().matches("ptc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndStatusTwo() {
        Transcript run = Transcript.of("check", null);
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("ptc: internal error: "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** What a terminal would show: the command, the exit status, then stdout and stderr. */
    private static String transcript(String... args) {
        Transcript run = Transcript.of(args);
        return "$ ptc" + Stream.of(args).map(a -> " " + a).collect(Collectors.joining()) + "\n"
                + "exit " + run.status() + "\n"
                + "--- stdout\n" + run.out()
                + "--- stderr\n" + run.err();
    }
}
