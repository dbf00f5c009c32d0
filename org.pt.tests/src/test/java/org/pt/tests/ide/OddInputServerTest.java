package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server on input of issue 12: a document beyond the 4 MiB limit is one diagnostic at its start and is
 * not parsed; lone-CR line ends (which LSP counts as line ends) give the positions of LF, opened or typed; the
 * formatter writes a CRLF document's line ends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OddInputServerTest {

    @TempDir
    Path workspace;

    private LspSession session;

    private boolean initialized;

    @BeforeEach
    void startServer() throws Exception {
        session = LspSession.inProcess();
        Files.writeString(workspace.resolve("pc.ptl"), "machine pc {\n}\n");
    }

    @AfterEach
    void stopServer() throws Exception {
        session.close();
    }

    private String open(String name, String text) throws Exception {
        if (!initialized) { // after the test has made its workspace files
            session.initialize(workspace);
            initialized = true;
        }
        String uri = workspace.resolve(name).toUri().toString();
        session.server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "pt", 1, text)));
        return uri;
    }

    private List<String> diagnostics(String uri, String wanted) throws InterruptedException {
        session.client.awaitDiagnostics(uri, d -> d.contains(wanted));
        return session.client.latest(uri).stream().map(OddInputServerTest::describe).toList();
    }

    private static String describe(Diagnostic d) {
        Range r = d.getRange();
        return r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-" + r.getEnd().getLine() + ":"
                + r.getEnd().getCharacter() + " " + d.getCode().getLeft() + ": " + d.getMessage().getLeft();
    }

    /** A FIFO and a link to /dev/zero in the workspace are not read; an import of them is an error at its path. */
    @Test
    void workspaceFilesThatAreNoRegularFilesAreNotRead() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", workspace.resolve("pipe.ptl").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        Files.createSymbolicLink(workspace.resolve("zero.ptl"), Path.of("/dev/zero"));

        String uri = open("main.ptl", "import \"pipe.ptl\"\nimport \"zero.ptl\"\n");

        String at = "//" + workspace.toRealPath() + "/"; // the language server's file URIs have an empty authority
        assertEquals(List.of(
                "0:7-0:17 pt.missing_import: cannot read 'pipe.ptl' (at " + at + "pipe.ptl): not a regular file",
                "1:7-1:17 pt.missing_import: cannot read 'zero.ptl' (at " + at + "zero.ptl): not a regular file"),
                diagnostics(uri, "zero.ptl"));
    }

    @Test
    void aDocumentBeyondTheLimitIsOneDiagnosticAtItsStart() throws Exception {
        String uri = open("huge.ptl", "{ ".repeat(3 << 20));

        assertEquals(List.of("0:0-0:1 pt.file_too_large: the file is too large: 6291456 characters, more than the "
                + "4194304 (4 MiB) PT reads; it is not checked"), diagnostics(uri, "pt.file_too_large"));
    }

    @Test
    void loneCrLineEndsArePositionedAsLfOnesOpenedOrTyped() throws Exception {
        String uri = open("mac.ptl", "// old Mac\rlayout boot for x {\r}\r");

        assertEquals(List.of("1:16-1:17 pt.unknown_name: unknown machine 'x'"), diagnostics(uri, "unknown machine 'x'"));

        // typed: a line with a lone CR inserted before the layout's last line
        session.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(
                        new Range(new Position(2, 0), new Position(2, 0)), "    user 0x0 size y\r"))));

        assertEquals(List.of("2:18-2:19 org.eclipse.xtext.diagnostics.Diagnostic.Syntax: unexpected 'y' in layout "
                + "'boot': expected a number", "3:0-3:1 org.eclipse.xtext.diagnostics.Diagnostic.Syntax: unexpected '}' "
                + "in layout 'boot': expected a number or 'top-level'", "1:16-1:17 pt.unknown_name: unknown machine 'x'"),
                diagnostics(uri, "unexpected 'y'"));
    }

    @Test
    void formattingKeepsCrlfLineEnds() throws Exception {
        String uri = open("dos.ptl", "machine pc {\r\nformat x86_64\r\n}\r\n");
        diagnostics(uri, "");

        List<? extends TextEdit> edits = session.server.getTextDocumentService().formatting(
                new DocumentFormattingParams(new TextDocumentIdentifier(uri), new FormattingOptions(4, true)))
                .get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(List.of("0:12-1:0 '\\r\\n    '"), edits.stream().map(e -> e.getRange().getStart().getLine() + ":"
                + e.getRange().getStart().getCharacter() + "-" + e.getRange().getEnd().getLine() + ":"
                + e.getRange().getEnd().getCharacter() + " '" + e.getNewText().replace("\r", "\\r").replace("\n", "\\n")
                + "'").toList());
    }
}
