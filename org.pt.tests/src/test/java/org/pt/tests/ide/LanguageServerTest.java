package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
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
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.LaunchArgs;
import org.eclipse.xtext.ide.server.ServerLauncher;
import org.eclipse.xtext.ide.server.ServerModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server as editors start it ({@code org.eclipse.xtext.ide.server.ServerLauncher} with
 * its {@code ServerModule}, which finds PT through {@code META-INF/services/org.eclipse.xtext.ISetup}
 * of org.pt.dsl.ide), run in-process and spoken to over piped streams with LSP4J's client launcher.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LanguageServerTest {

    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path workspace;

    private final Client client = new Client();
    private PipedOutputStream toServer;
    private LanguageServer server;

    @BeforeEach
    void startServer() throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
        toServer = new PipedOutputStream(serverIn);

        LaunchArgs args = new LaunchArgs();
        args.setIn(serverIn);
        args.setOut(serverOut);
        args.setValidate(true);
        ServerLauncher launcher = Guice.createInjector(new ServerModule()).getInstance(ServerLauncher.class);
        Thread thread = new Thread(() -> launcher.start(args), "pt-language-server");
        thread.setDaemon(true); // start() polls its listener every 10 s; the JVM need not wait for it
        thread.start();

        Launcher<LanguageServer> clientLauncher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        clientLauncher.startListening();
        server = clientLauncher.getRemoteProxy();
    }

    @AfterEach
    void stopServer() throws Exception {
        // No `exit` notification: Xtext's server answers it with System.exit. Closing its input ends it.
        try {
            server.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            toServer.close();
        }
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
        InitializeParams params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
        WorkspaceClientCapabilities workspaceCapabilities = new WorkspaceClientCapabilities();
        workspaceCapabilities.setWorkspaceFolders(true);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setWorkspace(workspaceCapabilities);
        params.setCapabilities(capabilities);
        InitializeResult result = server.initialize(params).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(result.getCapabilities() != null, "capabilities");
        return result;
    }

    /** Records what the server publishes; everything else a client may be asked is answered trivially. */
    static final class Client implements LanguageClient {
        private final Map<String, CompletableFuture<PublishDiagnosticsParams>> diagnostics = new ConcurrentHashMap<>();

        CompletableFuture<PublishDiagnosticsParams> diagnosticsFor(String uri) {
            return diagnostics.computeIfAbsent(uri, u -> new CompletableFuture<>());
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnosticsFor(params.getUri()).complete(params);
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }
}
