package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.ServerLauncher;
import org.eclipse.xtext.ide.server.ServerModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The language server as editors start it ({@link InProcessServer}): capabilities and diagnostics. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LanguageServerTest {

    private static final long WAIT_SECONDS = InProcessServer.WAIT_SECONDS;

    @TempDir
    Path workspace;

    private final Client client = new Client();
    private InProcessServer running;
    private LanguageServer server;

    @BeforeEach
    void startServer() throws IOException {
        running = new InProcessServer(client);
        server = running.server();
    }

    @AfterEach
    void stopServer() throws Exception {
        running.stop();
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
    }

    @Test
    void openingASpecPublishesItsDiagnostics() throws Exception {
        initialize();
        server.initialized(new InitializedParams());
        String uri = workspace.resolve("boot.ptl").toUri().toString();
        CompletableFuture<PublishDiagnosticsParams> published = client.diagnosticsFor(uri);

        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "pt", 1, "layout boot for x {\n}\n")));

        List<Diagnostic> diagnostics = published.get(WAIT_SECONDS, TimeUnit.SECONDS).getDiagnostics();
        assertEquals(1, diagnostics.size(), diagnostics::toString);
        Diagnostic diagnostic = diagnostics.get(0);
        assertEquals("unknown machine 'x'", diagnostic.getMessage().getLeft());
        assertEquals(DiagnosticSeverity.Error, diagnostic.getSeverity());
        assertEquals("pt.unknown_name", diagnostic.getCode().getLeft());
        assertEquals(new Range(new Position(0, 16), new Position(0, 17)), diagnostic.getRange());
    }

    private InitializeResult initialize() throws Exception {
        Files.writeString(workspace.resolve("pc.ptl"), "machine pc {\n}\n");
        return running.initialize(workspace);
    }

    /** Records what the server publishes; everything else a client may be asked is answered trivially. */
    static final class Client extends InProcessServer.QuietClient {
        private final Map<String, CompletableFuture<PublishDiagnosticsParams>> diagnostics = new ConcurrentHashMap<>();

        CompletableFuture<PublishDiagnosticsParams> diagnosticsFor(String uri) {
            return diagnostics.computeIfAbsent(uri, u -> new CompletableFuture<>());
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnosticsFor(params.getUri()).complete(params);
        }
    }
}
