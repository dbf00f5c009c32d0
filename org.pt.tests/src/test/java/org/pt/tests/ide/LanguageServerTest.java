package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server as {@code ptc lsp} starts it ({@code PtServerLauncher} with {@code PtServerModule}, which finds
 * PT through {@code META-INF/services/org.eclipse.xtext.ISetup} of org.pt.dsl.ide), run in-process and spoken to over
 * piped streams with LSP4J's client launcher ({@link LspSession}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LanguageServerTest {

    @TempDir
    Path workspace;

    private LspSession session;

    @BeforeEach
    void startServer() throws Exception {
        session = LspSession.inProcess();
    }

    @AfterEach
    void stopServer() throws Exception {
        session.close();
    }

    @Test
    void initializeAnswersWithThePtCapabilities() throws Exception {
        InitializeResult result = initialize();

        ServerCapabilities capabilities = result.getCapabilities();
        assertNotNull(capabilities.getTextDocumentSync(), "text document sync");
        assertNotNull(capabilities.getCompletionProvider(), "completion");
        assertEquals(Boolean.TRUE, capabilities.getDefinitionProvider().getLeft(), "go to definition");
        assertEquals(Boolean.TRUE, capabilities.getHoverProvider().getLeft(), "hover");
        assertEquals(Boolean.TRUE, capabilities.getDocumentSymbolProvider().getLeft(), "outline");
        assertEquals(Boolean.TRUE, capabilities.getDocumentFormattingProvider().getLeft(), "formatting (PtFormatter)");
        assertEquals(Boolean.TRUE, capabilities.getSelectionRangeProvider().getLeft(), "selection ranges");
        assertEquals(Boolean.FALSE, capabilities.getDocumentLinkProvider().getResolveProvider(), "document links");
    }

    @Test
    void openingASpecPublishesItsDiagnostics() throws Exception {
        initialize();
        String uri = workspace.resolve("boot.ptl").toUri().toString();
        CompletableFuture<PublishDiagnosticsParams> published = session.client.diagnosticsFor(uri);

        session.server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "pt", 1, "layout boot for x {\n}\n")));

        List<Diagnostic> diagnostics = published.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS).getDiagnostics();
        assertEquals(1, diagnostics.size(), diagnostics::toString);
        Diagnostic diagnostic = diagnostics.get(0);
        assertEquals("unknown machine 'x'", diagnostic.getMessage().getLeft());
        assertEquals(DiagnosticSeverity.Error, diagnostic.getSeverity());
        assertEquals("pt.unknown_name", diagnostic.getCode().getLeft());
        assertEquals(new Range(new Position(0, 16), new Position(0, 17)), diagnostic.getRange());
    }

    private InitializeResult initialize() throws Exception {
        Files.writeString(workspace.resolve("pc.ptl"), "machine pc {\n}\n");
        return session.initialize(workspace);
    }
}
