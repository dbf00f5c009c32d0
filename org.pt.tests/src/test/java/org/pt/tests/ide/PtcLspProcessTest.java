package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The shipped application's command line, as ./ptc runs it (the library's copies in the test's folder). */
    private List<String> ptc(String... arguments) {
        assertTrue(Files.isRegularFile(APPLICATION), APPLICATION + " (mvn package of org.pt.cli builds it)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dguice_bytecode_gen_option=DISABLED",
                "-D" + "pt.lsp.library=" + workspace.resolve("library").resolve("std"),
                "-jar", APPLICATION.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    @Test
    void ptcLspAnswersInitializeAndPublishesTheDiagnosticsOfAnOpenedExample() throws Exception {
        Path examples = LspSession.copyExamples(workspace);
        Path stderr = workspace.resolve("stderr.txt");
        Process process = new ProcessBuilder(ptc("lsp")).redirectError(stderr.toFile()).start();
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

    @Test
    void ptcLspSocketServesOneEditorOnTheLoopbackPortItPrints() throws Exception {
        Process process = new ProcessBuilder(ptc("lsp", "--socket", "0")).start();
        try (BufferedReader messages = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line = messages.readLine();
            Matcher listening = Pattern.compile("ptc lsp: listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
            assertTrue(listening.matches(), "first line on stderr: " + line);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(listening.group(1)));
                    LspSession session = LspSession.over(socket.getInputStream(), socket.getOutputStream())) {
                Files.writeString(workspace.resolve("pc.ptl"), "machine pc {\n}\n");
                assertEquals(Boolean.TRUE, session.initialize(workspace).getCapabilities().getHoverProvider().getLeft());
                session.server.shutdown().get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
                session.server.exit();
                assertTrue(process.waitFor(LspSession.WAIT_SECONDS, TimeUnit.SECONDS), "ptc lsp ends after exit");
                assertEquals(0, process.exitValue());
            }
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
