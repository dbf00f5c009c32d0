package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.InitializeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptc lsp} as an editor runs it: the shipped application ({@code org.pt.cli/target/ptc}: {@code ptc.jar} and
 * the jars of {@code lib/} its manifest names, as {@code ./ptc} runs it) started as a process, spoken to over its
 * standard input and output. It proves that {@code lib/} holds every jar the server needs and that nothing but the
 * protocol is written to standard output.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PtcLspProcessTest {

    /** The application directory Maven's package phase of org.pt.cli writes (built before this module). */
    static final Path APPLICATION = Path.of("..", "org.pt.cli", "target", "ptc", "ptc.jar").toAbsolutePath().normalize();

    @TempDir
    Path workspace;

    @Test
    void ptcLspAnswersInitializeAndPublishesTheDiagnosticsOfAnOpenedExample() throws Exception {
        assertTrue(Files.isRegularFile(APPLICATION), APPLICATION + " (mvn package of org.pt.cli builds it)");
        Path examples = LspSession.copyExamples(workspace);
        Path stderr = workspace.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dguice_bytecode_gen_option=DISABLED",
                "-D" + "pt.lsp.library=" + workspace.resolve("library").resolve("std"),
                "-jar", APPLICATION.toString(), "lsp"));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try (LspSession session = LspSession.over(process)) {
            long start = System.nanoTime();
            InitializeResult result = session.initialize(examples);
            System.out.printf("ptc lsp process: initialize answered %.0f ms after it was sent (JVM start included)%n",
                    (System.nanoTime() - start) / 1e6);
            assertEquals(Boolean.TRUE, result.getCapabilities().getHoverProvider().getLeft());

            Path broken = examples.resolve("broken").resolve("unknown_unit.ptl");
            var published = session.client.diagnosticsFor(LspSession.uri(broken));
            session.open(broken);
            LspSession.Expected.of(broken)
                    .assertExactly(published.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS).getDiagnostics());

            session.server.shutdown().get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
            session.server.exit();
            assertTrue(process.waitFor(LspSession.WAIT_SECONDS, TimeUnit.SECONDS), "ptc lsp ends after exit");
            assertEquals(0, process.exitValue(), () -> "exit status; stderr: " + read(stderr));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
